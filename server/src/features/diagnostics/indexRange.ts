import type { FeatureContext } from '../context';
import { expectationForMany, fittingVersions } from './arity';
import type { Finding } from './finding';
import { checkableEvents } from './unpackArity';

/** `index-range`: `args[i]` with a literal index outside the block's event's arguments. */
export function indexRangeFindings(ctx: FeatureContext): Finding[] {
  const out: Finding[] = [];
  for (const hook of ctx.model.hooks) {
    for (const block of hook.blocks) {
      const events = checkableEvents(block, ctx);
      if (events.length === 0) continue;
      for (const use of block.argsUses) {
        if (use.kind !== 'index') continue;
        const wrong = events.filter((e) => use.index >= e.arity || use.index < -e.arity);
        if (wrong.length === 0) continue;
        const needed = use.index >= 0 ? use.index + 1 : -use.index;
        const where = events.length === 1 ? fittingVersions(events[0], ctx, (a) => a >= needed) : null;
        let message = `${expectationForMany(events, ctx)}; ${use.expression} is out of range${where ? ` (it exists in ${where})` : ''}`;
        if (wrong.length < events.length) message += ` for ${wrong.map((e) => `'${e.name}'`).join(', ')}`;
        out.push({ code: 'index-range', range: use.range, severity: 'warning', message });
      }
    }
  }
  return out;
}
