import type { FeatureContext } from '../context';
import { versionRanges } from '../events';
import type { Finding } from './finding';
import { HOOK_ROLES } from './unknownEvent';
import { describeTarget, targetVersions } from '../targetVersions';

/**
 * `version`: a hook handles an event that the target Python versions do not raise (added
 * later or removed earlier): a warning when none of them does, information when only part of
 * the range does. Only where the evidence rules the event out: an unknown status says nothing
 * (SPEC §6, no false alarms).
 */
export function versionFindings(ctx: FeatureContext): Finding[] {
  const out: Finding[] = [];
  for (const m of ctx.model.mentions) {
    if (!HOOK_ROLES.has(m.role)) continue;
    const name = m.name.value;
    const event = ctx.catalog.get(name);
    if (!event || event.neverRaised) continue;
    const target = targetVersions(ctx, m.versions);
    const missing = target.filter((v) => event.versions[v].status === 'not-raised');
    if (missing.length === 0) continue;
    if (ctx.settings.customEvents.has(name) || ctx.workspace.raises(name).length > 0) continue;
    const raising = ctx.catalog.versionsRaising(name);
    const whole = missing.length === target.length;
    let message = whole
      ? `'${name}' is not raised by ${describeTarget(ctx, target)}`
      : `'${name}' is not raised by Python ${versionRanges(missing, ctx.catalog.versions)}, part of the target ${versionRanges(target, ctx.catalog.versions)}`;
    message += raising.length ? `; CPython raises it in ${versionRanges(raising, ctx.catalog.versions)}` : '';
    const replacements: string[] = [];
    if (event.renamedTo) {
      message += `; from ${event.renamedTo.since} the event is '${event.renamedTo.name}'`;
      replacements.push(event.renamedTo.name);
    }
    for (const other of ctx.catalog.all()) {
      if (other.renamedTo?.name === name) {
        message += `; before ${other.renamedTo.since} it was '${other.name}'`;
        replacements.push(other.name);
      }
    }
    out.push({ code: 'version', range: m.name.range, severity: whole ? 'warning' : 'information', message, replacements });
  }
  return out;
}
