import type { ArgsUse, NarrowedBlock, Range } from '../model';
import type { Narrowing } from './narrowing';
import { versionNames } from './versionMask';

/**
 * The narrowed blocks of one hook, Python or C, in the order the walk opens them. An args use
 * belongs to the innermost block with the same narrowing that holds it, so that a use after a
 * nested block goes to the outer one even when both test the same names.
 */
export class NarrowedBlocks {
  readonly all: NarrowedBlock[] = [];

  open(narrowing: Narrowing, range: Range): NarrowedBlock {
    const block: NarrowedBlock = { events: narrowing.events ?? [], prefixes: narrowing.prefixes, range, argsUses: [] };
    if (narrowing.versions !== undefined) block.versions = versionNames(narrowing.versions);
    if (narrowing.modules) block.modules = narrowing.modules;
    this.all.push(block);
    return block;
  }

  addUse(narrowing: Narrowing, use: ArgsUse): void {
    this.blockFor(narrowing, use.range).argsUses.push(use);
  }

  /** The innermost block with this narrowing that holds the range; a new one if none does. */
  blockFor(narrowing: Narrowing, range: Range): NarrowedBlock {
    return this.existingBlockFor(narrowing, range) ?? this.open(narrowing, range);
  }

  /** The innermost block with this narrowing that holds the range, if the walk opened one. */
  existingBlockFor(narrowing: Narrowing, range: Range): NarrowedBlock | undefined {
    for (let i = this.all.length - 1; i >= 0; i--) {
      const b = this.all[i];
      if (sameNarrowing(b, narrowing) && contains(b.range, range)) return b;
    }
    return undefined;
  }
}

/** The same names, by identity: two tests of one name in two places are two narrowings. */
function sameNarrowing(b: NarrowedBlock, n: Narrowing): boolean {
  const events = n.events ?? [];
  if (b.versions?.join() !== (n.versions === undefined ? undefined : versionNames(n.versions).join())) return false;
  if (b.modules?.join() !== n.modules?.join()) return false;
  return (
    b.events.length === events.length &&
    b.events.every((e, i) => e === events[i]) &&
    b.prefixes.length === n.prefixes.length &&
    b.prefixes.every((p, i) => p === n.prefixes[i])
  );
}

function contains(outer: Range, inner: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}
