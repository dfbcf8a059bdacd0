import type { ArgsUse, ArgumentUse, Hook, NarrowedBlock, Position, Range } from '../model';
import { containsPosition } from '../model';
import { observedArgument } from './argumentValues';
import type { FeatureContext } from './context';
import { eventInfo, type EventInfo } from './events';
import { targetVersions } from './targetVersions';

export interface ArgumentAt {
  hook: Hook;
  block: NarrowedBlock;
  use: ArgsUse | ArgumentUse;
  /** Which argument: 0-based, negative indexes resolved per event. */
  index: number;
  /** The unpacked name, or the subscript, the position is on. */
  range: Range;
  /** The events of the block whose argument list is known, with the argument there and its observed types (null: not observed). */
  events: { info: EventInfo; argIndex: number; argName: string | null; types: string[] | null }[];
}

/** The argument of the narrowed events that the name or subscript under the position stands for. */
export function argumentAt(ctx: FeatureContext, pos: Position): ArgumentAt | null {
  for (const hook of ctx.model.hooks) {
    for (const block of hook.blocks) {
      for (const use of block.argsUses) {
        if (!containsPosition(use.range, pos)) continue;
        if (use.kind === 'index') return describe(ctx, hook, block, use, use.index, use.range);
        const i = use.names.findIndex((n) => containsPosition(n.range, pos));
        if (i < 0 || i === use.starredIndex) return null;
        // After a *rest, names count from the end.
        const index = use.starredIndex !== null && i > use.starredIndex ? i - use.names.length : i;
        return describe(ctx, hook, block, use, index, use.names[i].range);
      }
    }
  }
  // A name bound from args[i] (`mode = args[1]`) and the argument where the code uses it.
  for (const hook of ctx.model.hooks) {
    for (const block of hook.blocks) {
      for (const use of block.argumentUses ?? []) {
        if (containsPosition(use.operand.range, pos)) return describe(ctx, hook, block, use, use.index, use.operand.range);
      }
    }
  }
  return null;
}

function describe(ctx: FeatureContext, hook: Hook, block: NarrowedBlock, use: ArgsUse | ArgumentUse, index: number, range: Range): ArgumentAt {
  const events: ArgumentAt['events'] = [];
  const seen = new Set<string>();
  const versions = targetVersions(ctx, block.versions);
  for (const e of block.events) {
    if (seen.has(e.value)) continue;
    seen.add(e.value);
    const info = eventInfo(e.value, ctx);
    if (!info || info.arity === null) continue;
    const argIndex = index < 0 ? info.arity + index : index;
    const argName = argIndex >= 0 && argIndex < info.arity ? info.args?.[argIndex] ?? null : null;
    const observed = argName ? observedArgument(ctx, e.value, argIndex, versions) : null;
    events.push({ info, argIndex, argName, types: observed?.types ?? null });
  }
  return { hook, block, use, index, range, events };
}
