import type { FeatureContext } from '../context';
import { versionRanges } from '../events';
import { expectationForMany, fittingVersions, moduleExpectation } from './arity';
import { arityAcross, wrongExpectation } from './arityAcross';
import type { Finding } from './finding';
import { handOffRelated } from '../handOffs';
import { manyAcross, narrowedUses } from './unpackArity';

/** `index-range`: `args[i]` with a literal index outside the block's event's arguments. */
export function indexRangeFindings(ctx: FeatureContext): Finding[] {
  const out: Finding[] = [];
  for (const { use, names, versions, block, modules } of narrowedUses(ctx, 'index')) {
    const related = handOffRelated(ctx, block);
    const needed = use.index >= 0 ? use.index + 1 : -use.index;
    const fits = (a: number) => a >= needed;
    if (names.length === 1) {
      const verdict = arityAcross(names[0], ctx, versions, fits);
      if (!verdict || verdict.wrong.length === 0) continue;
      const where = verdict.right.length ? versionRanges(verdict.right, ctx.catalog.versions) : fittingVersions(verdict.newest, ctx, fits);
      const exists = where ? ` (it exists ${verdict.right.length ? 'only ' : ''}in ${where})` : '';
      out.push({ code: 'index-range', range: use.range, severity: 'warning', message: `${wrongExpectation(verdict, ctx)}; ${use.expression} is out of range${exists}`, ...related });
      continue;
    }
    const many = manyAcross(names, ctx, versions, (e) => !fits(e.arity));
    if (!many) continue;
    let message = `${modules ? moduleExpectation(many.events, modules) : expectationForMany(many.events, ctx)}${many.where}; ${use.expression} is out of range`;
    if (many.wrong.length < many.events.length) message += ` for ${many.wrong.map((e) => `'${e.name}'`).join(', ')}`;
    out.push({ code: 'index-range', range: use.range, severity: 'warning', message, ...related });
  }
  return out;
}
