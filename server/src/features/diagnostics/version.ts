import type { FeatureContext } from '../context';
import { versionRanges } from '../events';
import type { Finding } from './finding';
import { HOOK_ROLES } from './unknownEvent';

/**
 * `version`: a hook handles an event that the target Python version does not raise (added
 * later or removed earlier). Only where the evidence rules the event out: an unknown status
 * says nothing (SPEC §6, no false alarms).
 */
export function versionFindings(ctx: FeatureContext): Finding[] {
  const out: Finding[] = [];
  const target = ctx.settings.version;
  for (const m of ctx.model.mentions) {
    if (!HOOK_ROLES.has(m.role)) continue;
    const name = m.name.value;
    const event = ctx.catalog.get(name);
    if (!event || event.neverRaised || event.versions[target].status !== 'not-raised') continue;
    if (ctx.settings.customEvents.has(name) || ctx.workspace.raises(name).length > 0) continue;
    const raising = ctx.catalog.versionsRaising(name);
    let message = `'${name}' is not raised by Python ${target} (the target version)`;
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
    out.push({ code: 'version', range: m.name.range, severity: 'warning', message, replacements });
  }
  return out;
}
