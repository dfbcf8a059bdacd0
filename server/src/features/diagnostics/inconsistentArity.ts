import { relativeLocation } from '../locations';
import type { FeatureContext } from '../context';
import type { Finding } from './finding';

/**
 * `inconsistent-arity`: the workspace raises one custom event with different numbers of
 * arguments, so no hook can unpack it safely. Events from the catalog or from the customEvents
 * setting have a declared arity and get `arity` instead.
 */
export function inconsistentArityFindings(ctx: FeatureContext): Finding[] {
  const out: Finding[] = [];
  for (const site of ctx.model.raiseSites) {
    if (!site.event || !site.arity || site.arity.atLeast) continue;
    const name = site.event.value;
    if (ctx.catalog.get(name) || ctx.settings.customEvents.has(name)) continue;
    const here = site.arity.count;
    const others = ctx.workspace
      .raises(name)
      .filter((r) => r.arity && !r.arity.atLeast && r.arity.count !== here);
    if (others.length === 0) continue;
    const first = others[0];
    const counts = [...new Set(others.map((o) => o.arity!.count))].sort((a, b) => a - b);
    out.push({
      code: 'inconsistent-arity',
      range: site.event.range,
      severity: 'warning',
      message: `'${name}' is raised with ${here} argument${here === 1 ? '' : 's'} here and with ${counts.join(' or ')} elsewhere (${relativeLocation(first.uri, first.range, ctx.uri)}${others.length > 1 ? `, and ${others.length - 1} more` : ''}); a hook cannot unpack it safely`,
      related: others.slice(0, 10).map((o) => ({ uri: o.uri, range: o.range, message: `raised with ${o.arity!.count} argument${o.arity!.count === 1 ? '' : 's'}` })),
    });
  }
  return out;
}
