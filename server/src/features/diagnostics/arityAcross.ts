import type { PythonVersion } from '../../catalog/catalog';
import type { FeatureContext } from '../context';
import { describeArgs, eventInfo, versionRanges, type EventInfo } from '../events';
import { fittingVersions } from './arity';

/** One arity an event has in some of the checked versions. */
export interface ArityGroup {
  info: EventInfo & { arity: number };
  versions: PythonVersion[];
}

/** How code that fits some arities fares in each checked version of one event. */
export interface ArityVerdict {
  name: string;
  /** Versions where the code is wrong, grouped by what the event takes there. */
  wrong: ArityGroup[];
  /** Versions where the code is right. */
  right: PythonVersion[];
  /** The event's facts in the newest checked version (for quick fixes and names). */
  newest: EventInfo & { arity: number };
}

/**
 * Checks one event against code over every version given: versions that do not raise the event,
 * or whose arity nothing tells, are left out (no finding rests on them). Null when no version is
 * left, or the event is unknown.
 */
export function arityAcross(name: string, ctx: FeatureContext, versions: readonly PythonVersion[], fits: (arity: number) => boolean): ArityVerdict | null {
  const wrong: ArityGroup[] = [];
  const right: PythonVersion[] = [];
  let newest: (EventInfo & { arity: number }) | null = null;
  let fixed: EventInfo | null | undefined;
  for (const v of versions) {
    // Settings' and the workspace's events have one arity whatever the version: looked up once.
    const info = fixed !== undefined ? fixed : eventInfo(name, ctx, v);
    if (info && info.source !== 'catalog') fixed = info;
    if (!info || info.status === 'not-raised' || info.arity === null) continue;
    const known = { ...info, arity: info.arity };
    newest = known;
    if (fits(info.arity)) {
      right.push(v);
      continue;
    }
    const key = `${info.arity}(${(info.args ?? []).join(',')})`;
    const group = wrong.find((g) => `${g.info.arity}(${(g.info.args ?? []).join(',')})` === key);
    if (group) group.versions.push(v);
    else wrong.push({ info: known, versions: [v] });
  }
  return newest ? { name, wrong, right, newest } : null;
}

/**
 * `'shutil.rmtree' takes 2 arguments (path, dir_fd) in 3.11–3.15` — the versions are named when
 * the event's arity differs between catalog versions — and "… and 1 argument (path) in 3.9" for
 * every further group.
 */
export function wrongExpectation(verdict: ArityVerdict, ctx: FeatureContext): string {
  const order = ctx.catalog.versions;
  const event = verdict.newest.source === 'catalog' ? ctx.catalog.get(verdict.name) : undefined;
  const differs = !!event && new Set(order.map((v) => event.versions[v].arity).filter((a) => a !== null)).size > 1;
  const parts = verdict.wrong.map((g) => `${describeArgs(g.info.args, g.info.arity)}${differs ? ` in ${versionRanges(g.versions, order)}` : ''}`);
  return `'${verdict.name}' takes ${parts.join(' and ')}`;
}

/**
 * ", which is right only for 3.9–3.10" when the code fits part of the checked versions; else the
 * catalog versions outside them that it fits (", which is right for 3.8–3.10 (path)").
 */
export function rightElsewhere(verdict: ArityVerdict, ctx: FeatureContext, fits: (arity: number) => boolean): string {
  if (verdict.right.length) return `, which is right only for ${versionRanges(verdict.right, ctx.catalog.versions)}`;
  const where = fittingVersions(verdict.newest, ctx, fits);
  return where ? `, which is right for ${where}` : '';
}
