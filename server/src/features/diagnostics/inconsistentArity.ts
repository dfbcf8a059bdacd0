import { relativeLocation } from '../locations';
import type { FeatureContext } from '../context';
import type { RaisedEvent } from '../../model';
import type { Finding } from './finding';

/**
 * `inconsistent-arity`: the workspace raises one custom event with different numbers of
 * arguments, so no hook can unpack it safely. Events from the catalog or from the customEvents
 * setting have a declared arity and get `arity` instead.
 */
export function inconsistentArityFindings(ctx: FeatureContext): Finding[] {
  const out: Finding[] = [];
  // One summary per event and count: scanning every raise site per site was quadratic.
  const byEvent = new Map<string, ArityDisagreement | null>();
  for (const site of ctx.model.raiseSites) {
    if (!site.event || !site.arity || site.arity.atLeast) continue;
    const name = site.event.value;
    let disagreement = byEvent.get(name);
    if (disagreement === undefined) {
      disagreement = ctx.catalog.get(name) || ctx.settings.customEvents.has(name) ? null : disagreementAmong(ctx.workspace.raises(name));
      byEvent.set(name, disagreement);
    }
    if (!disagreement) continue;
    const here = site.arity.count;
    const others = disagreement.otherThan(here);
    if (!others) continue;
    const first = others.firstFew[0];
    out.push({
      code: 'inconsistent-arity',
      range: site.event.range,
      severity: 'warning',
      message: `'${name}' is raised with ${here} argument${here === 1 ? '' : 's'} here and with ${others.counts.join(' or ')} elsewhere (${relativeLocation(first.uri, first.range, ctx.uri)}${others.total > 1 ? `, and ${others.total - 1} more` : ''}); a hook cannot unpack it safely`,
      related: others.firstFew.map((o) => ({ uri: o.uri, range: o.range, message: `raised with ${o.arity!.count} argument${o.arity!.count === 1 ? '' : 's'}` })),
    });
  }
  return out;
}

const RELATED_LIMIT = 10;

/**
 * The summary of one list of raise sites, kept while the list is unchanged: a tree's files all
 * read the same workspace lists, and summing them per file made a check of a tree quadratic. The
 * index only appends to a list or replaces it, so the same list at the same length holds the same sites.
 */
const summaries = new WeakMap<readonly RaisedEvent[], { length: number; disagreement: ArityDisagreement }>();

function disagreementAmong(raises: readonly RaisedEvent[]): ArityDisagreement {
  const known = summaries.get(raises);
  if (known && known.length === raises.length) return known.disagreement;
  const disagreement = new ArityDisagreement(raises);
  summaries.set(raises, { length: raises.length, disagreement });
  return disagreement;
}

interface OtherRaises {
  /** How many raise sites pass another exact count. */
  total: number;
  /** The other counts, ascending. */
  counts: number[];
  /** The first of those sites in index order, at most RELATED_LIMIT. */
  firstFew: RaisedEvent[];
}

/** The raise sites of one event with an exact count, grouped by count, answering per count once. */
class ArityDisagreement {
  private readonly exact: RaisedEvent[];
  private readonly perCount = new Map<number, number>();
  private readonly answers = new Map<number, OtherRaises | null>();

  constructor(raises: readonly RaisedEvent[]) {
    this.exact = raises.filter((r) => r.arity && !r.arity.atLeast);
    for (const r of this.exact) this.perCount.set(r.arity!.count, (this.perCount.get(r.arity!.count) ?? 0) + 1);
  }

  otherThan(here: number): OtherRaises | null {
    let answer = this.answers.get(here);
    if (answer !== undefined) return answer;
    const total = this.exact.length - (this.perCount.get(here) ?? 0);
    answer = null;
    if (total > 0) {
      const firstFew: RaisedEvent[] = [];
      // Each skipped site has count `here`, so over all distinct counts this stays linear.
      for (const r of this.exact) {
        if (r.arity!.count === here) continue;
        firstFew.push(r);
        if (firstFew.length === RELATED_LIMIT) break;
      }
      const counts = [...this.perCount.keys()].filter((c) => c !== here).sort((a, b) => a - b);
      answer = { total, counts, firstFew };
    }
    this.answers.set(here, answer);
    return answer;
  }
}
