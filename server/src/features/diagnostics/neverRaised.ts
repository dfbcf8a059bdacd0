import type { FeatureContext } from '../context';
import type { Finding } from './finding';
import { HOOK_ROLES } from './unknownEvent';

/**
 * `never-raised`: a name from the docs' table that CPython never raises (a docs erratum, read in
 * the sources and confirmed on real interpreters: catalog/sources/README.md).
 */
export function neverRaisedFindings(ctx: FeatureContext): Finding[] {
  const out: Finding[] = [];
  for (const m of ctx.model.mentions) {
    if (!HOOK_ROLES.has(m.role)) continue;
    const event = ctx.catalog.get(m.name.value);
    if (!event?.neverRaised) continue;
    if (ctx.settings.customEvents.has(event.name) || ctx.workspace.raises(event.name).length > 0) continue;
    out.push({
      code: 'never-raised',
      range: m.name.range,
      severity: 'warning',
      message: event.raisedAs
        ? `'${event.name}' is in the docs' audit events table, but CPython never raises it: it raises '${event.raisedAs}'. This comparison never matches.`
        : `'${event.name}' is in the docs' audit events table, but no CPython release raises it. This comparison never matches.`,
      replacements: event.raisedAs ? [event.raisedAs] : [],
      safeFix: !!event.raisedAs,
    });
  }
  return out;
}
