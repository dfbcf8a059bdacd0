import type { PythonVersion } from '../catalog/catalog';
import type { NarrowedBlock } from '../model';
import type { FeatureContext } from './context';
import { eventInfo } from './events';
import { targetVersions } from './targetVersions';
import { displayTypes } from './typeBehaviour';

/** One narrowed event's argument at a position, with the types seen for it on real interpreters. */
export interface ObservedArgument {
  event: string;
  /** 0-based, a negative index resolved. */
  position: number;
  /** The catalog's name for it (`self`, `mode`), or null when it has none. */
  name: string | null;
  /** Every type name seen there on the target versions that saw the event (`str`, `NoneType`). */
  types: string[];
  /** Every position's types and names, for pointing at the argument the code may have meant. */
  all: string[][];
  names: (string | null)[];
}

/**
 * For each event a block narrows to, the argument at `index` and its observed types over the
 * block's target versions. An event outside the catalog (custom, the workspace's own), one a
 * setting redefines, or one never observed on those versions gives null: its types are unknown.
 */
export function observedArguments(ctx: FeatureContext, block: NarrowedBlock, index: number): { events: string[]; known: (ObservedArgument | null)[] } {
  const events = [...new Set(block.events.map((e) => e.value))];
  const versions = targetVersions(ctx, block.versions);
  return { events, known: events.map((e) => observedArgument(ctx, e, index, versions)) };
}

export function observedArgument(ctx: FeatureContext, event: string, index: number, versions: readonly PythonVersion[]): ObservedArgument | null {
  const info = eventInfo(event, ctx);
  if (!info || info.source !== 'catalog') return null;
  let all: string[][] | null = null;
  for (const v of versions) {
    const seen = ctx.catalog.argumentTypes(event, v);
    if (!seen) continue;
    all ??= seen.map(() => []);
    if (seen.length !== all.length) return null; // never so in the data; if it were, positions would not line up
    seen.forEach((types, i) => all![i].push(...types.filter((t) => !all![i].includes(t))));
  }
  if (!all) return null;
  const position = index < 0 ? all.length + index : index;
  if (position < 0 || position >= all.length || all[position].length === 0) return null;
  const names = all.map((_, i) => {
    const name = info.args?.[i] ?? null;
    return name && !/^arg\d+$/.test(name) ? name : null;
  });
  return { event, position, name: names[position], types: all[position], all, names };
}

/** `str | None`: the types as an annotation. */
export function typeAnnotation(types: readonly string[]): string {
  return displayTypes(types).join(' | ');
}

/** `str or None`, `bytes, str or tuple`: the types in a sentence. */
export function typeSentence(types: readonly string[]): string {
  const shown = displayTypes(types);
  return shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}
