import type { PythonVersion } from '../../catalog/catalog';
import type { ArgsUse } from '../../model';
import type { FeatureContext } from '../context';
import type { EventInfo } from '../events';
import { knownEventNames, versionRanges } from '../events';
import { moduleEvents } from '../moduleEvents';
import { targetVersions } from '../targetVersions';
import { checkable, expectationForMany, moduleExpectation } from './arity';
import { arityAcross, rightElsewhere, wrongExpectation, type ArityVerdict } from './arityAcross';
import type { Finding } from './finding';
import { handOffRelated } from '../handOffs';

type Known = EventInfo & { arity: number };

/** The events of a block whose arity is known in one version. */
export function eventsAt(names: readonly string[], ctx: FeatureContext, version: PythonVersion): Known[] {
  const out: Known[] = [];
  for (const name of names) {
    const info = checkable(name, ctx, version);
    if (info && info.arity !== null) out.push({ ...info, arity: info.arity });
  }
  return out;
}

/**
 * Every use of args of one kind in a narrowed block, with the block's event names and the target
 * versions the block runs under. A block its `sys.version_info` tests keep off the target is
 * never checked.
 */
export function* narrowedUses<K extends ArgsUse['kind']>(ctx: FeatureContext, kind: K) {
  let known: Set<string> | undefined;
  for (const hook of ctx.model.hooks) {
    for (const block of hook.blocks) {
      let names = [...new Set(block.events.map((e) => e.value))];
      // `event.split(".")[0] == "socket"`: the block handles the module's events.
      const modules = names.length === 0 && block.modules?.length ? block.modules : null;
      if (modules && block.argsUses.some((u) => u.kind === kind)) names = moduleEvents((known ??= knownEventNames(ctx)), modules);
      if (names.length === 0) continue;
      const versions = targetVersions(ctx, block.versions);
      if (versions.length === 0) continue;
      for (const use of block.argsUses) {
        if (use.kind === kind) yield { use: use as Extract<ArgsUse, { kind: K }>, names, versions, block, modules };
      }
    }
  }
}

/**
 * A use checked against several events at once (`event in ("os.remove", "os.rmdir")`): the
 * newest version where some event disagrees speaks, naming the versions where that happens.
 */
export interface ManyVerdict {
  events: Known[];
  wrong: Known[];
  /** " in 3.11–3.15" when the use is wrong in only part of the checked versions. */
  where: string;
}

export function manyAcross(names: readonly string[], ctx: FeatureContext, versions: readonly PythonVersion[], isWrong: (e: Known) => boolean): ManyVerdict | null {
  let first: ManyVerdict | null = null;
  const wrongIn: PythonVersion[] = [];
  let checked = 0;
  for (let i = versions.length - 1; i >= 0; i--) {
    const events = eventsAt(names, ctx, versions[i]);
    if (events.length === 0) continue;
    checked++;
    const wrong = events.filter(isWrong);
    if (wrong.length === 0) continue;
    wrongIn.push(versions[i]);
    first ??= { events, wrong, where: '' };
  }
  if (first && wrongIn.length < checked) first.where = ` in ${versionRanges(wrongIn, ctx.catalog.versions)}`;
  return first;
}

/** `unpack-arity`: `a, b = args` where the block's event takes another number of arguments. */
export function unpackArityFindings(ctx: FeatureContext): Finding[] {
  const out: Finding[] = [];
  for (const { use, names, versions, block, modules } of narrowedUses(ctx, 'unpack')) {
    const related = handOffRelated(ctx, block);
    const starred = use.starredIndex !== null;
    const count = use.names.length - (starred ? 1 : 0);
    const fits = (a: number) => (starred ? a >= count : a === count);
    const found = `this unpacks ${starred ? 'at least ' : ''}${count} (${use.names.map((n, i) => (i === use.starredIndex ? `*${n.name}` : n.name)).join(', ')})`;
    if (names.length === 1) {
      const verdict: ArityVerdict | null = arityAcross(names[0], ctx, versions, fits);
      if (!verdict || verdict.wrong.length === 0) continue;
      const expected = verdict.wrong[0].info.args;
      out.push({
        code: 'unpack-arity',
        range: use.range,
        severity: 'warning',
        message: `${wrongExpectation(verdict, ctx)}; ${found}${rightElsewhere(verdict, ctx, fits)}`,
        expectedNames: verdict.wrong.length === 1 && expected && !starred ? expected : undefined,
        ...related,
      });
      continue;
    }
    const many = manyAcross(names, ctx, versions, (e) => !fits(e.arity));
    if (!many) continue;
    let message = `${modules ? moduleExpectation(many.events, modules) : expectationForMany(many.events, ctx)}${many.where}; ${found}`;
    if (many.wrong.length < many.events.length) message += `, wrong for ${many.wrong.map((e) => `'${e.name}'`).join(', ')}`;
    out.push({ code: 'unpack-arity', range: use.range, severity: 'warning', message, ...related });
  }
  return out;
}
