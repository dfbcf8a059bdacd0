import type { PythonVersion } from '../../catalog/catalog';
import type { FeatureContext } from '../context';
import { describeArgs, eventInfo, versionRanges, versionsWhereArity, type EventInfo } from '../events';
import type { Finding } from './finding';
import { positionalShape } from '../../model';
import { targetVersions } from '../targetVersions';
import { arityAcross, rightElsewhere, wrongExpectation } from './arityAcross';

/**
 * `arity`: a raise site passes a number of arguments the event does not take (SPEC §4), and the
 * same for dispatch tables of argument names and for subaudit listener callbacks.
 */
export function arityFindings(ctx: FeatureContext): Finding[] {
  const out: Finding[] = [];
  const target = targetVersions(ctx);
  for (const site of ctx.model.raiseSites) {
    if (!site.event || !site.arity) continue;
    const { count, atLeast } = site.arity;
    const fits = (a: number) => (atLeast ? count <= a : count === a);
    const verdict = arityAcross(site.event.value, ctx, targetVersions(ctx, site.versions), fits);
    if (!verdict || verdict.wrong.length === 0) continue;
    out.push({
      code: 'arity',
      range: site.event.range,
      severity: 'warning',
      message: `${wrongExpectation(verdict, ctx)}; this call passes ${atLeast ? 'at least ' : ''}${count}${rightElsewhere(verdict, ctx, fits)}`,
    });
  }
  for (const table of ctx.model.argumentTables) {
    const count = table.names.length;
    const fits = (a: number) => a === count;
    const verdict = arityAcross(table.event.value, ctx, target, fits);
    if (!verdict || verdict.wrong.length === 0) continue;
    out.push({
      code: 'arity',
      range: table.event.range,
      severity: 'warning',
      message: `${wrongExpectation(verdict, ctx)}; this table names ${count} (${table.names.join(', ')})${rightElsewhere(verdict, ctx, fits)}`,
    });
  }
  for (const listener of ctx.model.listeners) {
    if (!listener.event || !listener.callback) continue;
    const shape = positionalShape(listener.callback.params);
    const fits = (a: number) => a >= shape.required && (shape.variadic || a <= shape.max) && shape.requiredKeywordOnly.length === 0;
    const verdict = arityAcross(listener.event.value, ctx, target, fits);
    if (!verdict || verdict.wrong.length === 0) continue;
    const params = listener.callback.params.filter((p) => p.kind === 'positional').map((p) => p.name);
    const takes =
      shape.required === shape.max
        ? `${shape.max} positional parameter${shape.max === 1 ? '' : 's'}${params.length ? ` (${params.join(', ')})` : ''}`
        : `${shape.required} to ${shape.variadic ? 'any number of' : shape.max} positional parameters`;
    out.push({
      code: 'arity',
      range: listener.callback.kind === 'lambda' ? listener.callbackRange : listener.callback.nameRange,
      severity: 'warning',
      message: `subaudit.${listener.api} calls '${listener.callback.name}' with the arguments of ${wrongExpectation(verdict, ctx)}; '${listener.callback.name}' takes ${takes}${verdict.right.length ? `, which is right only for ${versionRanges(verdict.right, ctx.catalog.versions)}` : ''}`,
    });
  }
  return out;
}

/**
 * The event when its arity is worth checking: known, and raised in the target version. Custom
 * events the workspace raises count when every raise site agrees (SPEC §4); when they disagree,
 * `inconsistent-arity` speaks instead.
 */
export function checkable(name: string, ctx: FeatureContext, version: PythonVersion = ctx.settings.version): EventInfo | null {
  const info = eventInfo(name, ctx, version);
  if (!info || info.status === 'not-raised') return null;
  return info;
}

/** `'open' takes 3 arguments (path, mode, flags)` (plus "in 3.11" when versions differ). */
export function expectation(info: EventInfo, ctx: FeatureContext): string {
  const arity = info.arity ?? 0;
  const differs =
    info.catalog !== null &&
    info.source === 'catalog' &&
    new Set(ctx.catalog.versions.map((v) => info.catalog!.versions[v].arity).filter((a) => a !== null)).size > 1;
  return `'${info.name}' takes ${describeArgs(info.args, arity)}${differs ? ` in ${ctx.settings.version}` : ''}`;
}

/**
 * ", which is right for 3.8–3.10 (path)" when the user's code fits other versions of the event.
 * `fits` says whether an arity fits the code; by default, an exact count.
 */
export function elsewhere(info: EventInfo, count: number, ctx: FeatureContext, fits: (arity: number) => boolean = (a) => a === count): string {
  const where = fittingVersions(info, ctx, fits);
  return where ? `, which is right for ${where}` : '';
}

/** "3.8–3.10 (path)": the versions whose arity passes `fits`, with their argument names. */
export function fittingVersions(info: EventInfo, ctx: FeatureContext, fits: (arity: number) => boolean): string | null {
  if (!info.catalog || info.source !== 'catalog') return null;
  const versions = versionsWhereArity(info.catalog, fits, ctx.catalog.versions);
  if (versions.length === 0) return null;
  const names = info.catalog.versions[versions[0]].args;
  return `${versionRanges(versions, ctx.catalog.versions)}${names && names.length ? ` (${names.join(', ')})` : ''}`;
}

/**
 * What several events narrowed to one block take: `'os.remove' and 'os.rmdir' take 2 arguments
 * (path, dir_fd)` when they agree, else each with its own count.
 */
/**
 * `the 13 events under 'socket.' take 0 to 5 arguments`: a module test's events are too many to
 * list one by one (those the use is wrong for are named after it).
 */
export function moduleExpectation(infos: readonly EventInfo[], modules: readonly string[]): string {
  const arities = infos.map((i) => i.arity ?? 0);
  const min = Math.min(...arities);
  const max = Math.max(...arities);
  const under = modules.map((m) => `'${m}.'`).join(' or ');
  const count = infos.length === 1 ? `the one event under ${under} takes` : `the ${infos.length} events under ${under} take`;
  return `${count} ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? '' : 's'}`;
}

export function expectationForMany(infos: readonly EventInfo[], ctx: FeatureContext): string {
  if (infos.length === 1) return expectation(infos[0], ctx);
  const first = infos[0];
  const same = infos.every((i) => i.arity === first.arity && (i.args ?? []).join() === (first.args ?? []).join());
  const names = infos.map((i) => `'${i.name}'`);
  const joined = `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  if (same) return `${joined} take ${describeArgs(first.args, first.arity ?? 0)}`;
  return `The events of this block take different numbers of arguments: ${infos.map((i) => `'${i.name}' ${describeArgs(i.args, i.arity ?? 0)}`).join(', ')}`;
}
