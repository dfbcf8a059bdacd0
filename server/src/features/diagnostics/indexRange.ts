import type { FeatureContext } from '../context';
import { expectationForMany, fittingVersions } from './arity';
import type { Finding } from './finding';
import { narrowedUses } from './unpackArity';

/** `index-range`: `args[i]` with a literal index outside the block's event's arguments. */
export function indexRangeFindings(ctx: FeatureContext): Finding[] {
  const out: Finding[] = [];
  for (const { use, events } of narrowedUses(ctx, 'index')) {
    const wrong = events.filter((e) => use.index >= e.arity || use.index < -e.arity);
    if (wrong.length === 0) continue;
    const needed = use.index >= 0 ? use.index + 1 : -use.index;
    const where = events.length === 1 ? fittingVersions(events[0], ctx, (a) => a >= needed) : null;
    let message = `${expectationForMany(events, ctx)}; ${use.expression} is out of range${where ? ` (it exists in ${where})` : ''}`;
    if (wrong.length < events.length) message += ` for ${wrong.map((e) => `'${e.name}'`).join(', ')}`;
    out.push({ code: 'index-range', range: use.range, severity: 'warning', message });
  }
  return out;
}
