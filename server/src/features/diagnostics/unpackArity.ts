import type { ArgsUse, NarrowedBlock } from '../../model';
import type { FeatureContext } from '../context';
import { checkable, elsewhere, expectationForMany } from './arity';
import type { Finding } from './finding';

/** The events narrowed to a block whose arity is known in the target version. */
export function checkableEvents(block: NarrowedBlock, ctx: FeatureContext) {
  const seen = new Set<string>();
  const out = [];
  for (const e of block.events) {
    if (seen.has(e.value)) continue;
    seen.add(e.value);
    const info = checkable(e.value, ctx);
    if (info && info.arity !== null) out.push({ ...info, arity: info.arity });
  }
  return out;
}

/** Every use of args of one kind in a narrowed block, with the block's checkable events. */
export function* narrowedUses<K extends ArgsUse['kind']>(ctx: FeatureContext, kind: K) {
  for (const hook of ctx.model.hooks) {
    for (const block of hook.blocks) {
      const events = checkableEvents(block, ctx);
      if (events.length === 0) continue;
      for (const use of block.argsUses) {
        if (use.kind === kind) yield { use: use as Extract<ArgsUse, { kind: K }>, events };
      }
    }
  }
}

/** `unpack-arity`: `a, b = args` where the block's event takes another number of arguments. */
export function unpackArityFindings(ctx: FeatureContext): Finding[] {
  const out: Finding[] = [];
  for (const { use, events } of narrowedUses(ctx, 'unpack')) {
    const starred = use.starredIndex !== null;
    const count = use.names.length - (starred ? 1 : 0);
    const wrong = events.filter((e) => (starred ? e.arity < count : e.arity !== count));
    if (wrong.length === 0) continue;
    const found = `this unpacks ${starred ? 'at least ' : ''}${count} (${use.names.map((n, i) => (i === use.starredIndex ? `*${n.name}` : n.name)).join(', ')})`;
    const fits = (a: number) => (starred ? a >= count : a === count);
    let message = `${expectationForMany(events, ctx)}; ${found}`;
    if (events.length === 1) message += elsewhere(events[0], count, ctx, fits);
    else if (wrong.length < events.length) message += `, wrong for ${wrong.map((e) => `'${e.name}'`).join(', ')}`;
    out.push({
      code: 'unpack-arity',
      range: use.range,
      severity: 'warning',
      message,
      expectedNames: events.length === 1 && events[0].args && !starred ? events[0].args : undefined,
    });
  }
  return out;
}
