import type { FeatureContext } from '../context';
import type { Finding } from './finding';

/**
 * `keyword-args`: sys.audit accepts no keyword arguments; CPython raises
 * `TypeError: sys.audit() takes no keyword arguments` on every call, hook or not.
 */
export function keywordArgsFindings(ctx: FeatureContext): Finding[] {
  const out: Finding[] = [];
  for (const site of ctx.model.raiseSites) {
    if (site.language !== 'python' || site.keywordArgs.length === 0) continue;
    const names = site.keywordArgs.map((k) => k.name).join(', ');
    out.push({
      code: 'keyword-args',
      range: site.keywordArgs[0].range,
      severity: 'error',
      message: `${site.api}() takes no keyword arguments; found ${names}= (TypeError at run time). Pass ${site.keywordArgs.length === 1 ? 'it' : 'them'} positionally.`,
    });
  }
  return out;
}
