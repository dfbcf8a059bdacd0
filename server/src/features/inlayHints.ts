import { InlayHintKind, type InlayHint } from 'vscode-languageserver-types';
import type { NarrowedBlock, Range } from '../model';
import { comparePositions } from '../model';
import { observedArgument, typeAnnotation } from './argumentValues';
import type { FeatureContext } from './context';
import { eventInfo } from './events';
import { targetVersions } from './targetVersions';

/**
 * The hint for a name bound from argument `index` (`: path`, `: str | None`, `: self (socket.socket)`)
 * or, with no name, for `args[i]` itself (`self: socket.socket`). The narrowed events must agree
 * on the name, and on the types to show them; a name written as the catalog's, with no observed
 * types, needs none.
 */
function argumentHint(ctx: FeatureContext, block: NarrowedBlock, index: number, written: string | null, withTypes = true): string | null {
  const names = new Set<string>();
  const annotations = new Set<string | null>();
  const versions = targetVersions(ctx, block.versions);
  for (const event of new Set(block.events.map((e) => e.value))) {
    const info = eventInfo(event, ctx);
    if (!info?.args || info.arity === null) return null;
    const position = index < 0 ? info.arity + index : index;
    const name = info.args[position];
    if (!name || /^arg\d+$/.test(name)) return null;
    names.add(name);
    const types = withTypes ? observedArgument(ctx, event, position, versions)?.types : undefined;
    annotations.add(types ? typeAnnotation(types) : null);
  }
  // Events that name the argument alike but saw other types: the name alone.
  if (names.size !== 1) return null;
  const [name] = names;
  const annotation = annotations.size === 1 ? [...annotations][0] : null;
  if (written === null) return annotation ? `${name}: ${annotation}` : null; // args[i] alone: only with what was observed
  if (written === name) return annotation ? `: ${annotation}` : null;
  return annotation ? `: ${name} (${annotation})` : `: ${name}`;
}

/**
 * A helper reached from several call sites (issue 12 §1) has one block per call's events: where
 * they name one position differently, no name is the name, and where they agree, one hint is enough.
 * Where they agree on the name but saw other types, the name alone (`fallback`).
 */
function withoutDisagreements(hints: InlayHint[], fallback: Map<InlayHint, string>): InlayHint[] {
  const byPosition = new Map<string, InlayHint[]>();
  for (const h of hints) {
    const key = `${h.position.line}:${h.position.character}`;
    byPosition.set(key, [...(byPosition.get(key) ?? []), h]);
  }
  const out: InlayHint[] = [];
  for (const same of byPosition.values()) {
    if (same.every((h) => h.label === same[0].label)) out.push(same[0]);
    else {
      const name = fallback.get(same[0]);
      if (name && same.every((h) => fallback.get(h) === name)) out.push({ ...same[0], label: name });
    }
  }
  return out;
}

/**
 * Argument names at raise sites (`path:` before each argument) and, in a narrowed block, after
 * names unpacked or bound from args (`: path` where it differs from what is written) and after
 * `args[i]`, with the argument's observed types (issue 12 §5).
 */
export function inlayHints(ctx: FeatureContext, range: Range): InlayHint[] {
  if (!ctx.settings.inlayHints) return [];
  const hints: InlayHint[] = [];
  const fallback = new Map<InlayHint, string>();
  const inRange = (r: Range) => comparePositions(r.end, range.start) >= 0 && comparePositions(r.start, range.end) <= 0;
  for (const site of ctx.model.raiseSites) {
    if (!site.event || !inRange(site.range)) continue;
    const info = eventInfo(site.event.value, ctx);
    if (!info?.args || info.arity === null) continue;
    site.args.forEach((arg, i) => {
      const name = info.args![i];
      if (arg.starred || !name || arg.label === name || /^arg\d+$/.test(name)) return;
      hints.push({ position: arg.range.start, label: `${name}:`, kind: InlayHintKind.Parameter, paddingRight: true });
    });
  }
  // subaudit listeners receive the event's arguments as positional parameters: name them.
  for (const listener of ctx.model.listeners) {
    if (!listener.event || !listener.callback) continue;
    const info = eventInfo(listener.event.value, ctx);
    if (!info?.args || info.arity === null) continue;
    listener.callback.params
      .filter((p) => p.kind === 'positional')
      .forEach((p, i) => {
        const name = info.args![i];
        if (!name || name === p.name || !inRange(p.range) || /^arg\d+$/.test(name)) return;
        hints.push({ position: p.range.end, label: `: ${name}`, paddingLeft: false });
      });
  }
  for (const hook of ctx.model.hooks) {
    for (const block of hook.blocks) {
      const label = (index: number, written: string | null, withTypes = true) => argumentHint(ctx, block, index, written, withTypes);
      const boundFrom = (block.argumentUses ?? []).filter((u) => u.kind === 'bind');
      for (const use of block.argsUses) {
        if (!inRange(use.range)) continue;
        if (use.kind === 'index') {
          // `mode = args[1]`: the hint goes on the name.
          if (boundFrom.some((b) => comparePositions(b.range.start, use.range.start) === 0 && comparePositions(b.range.end, use.range.end) === 0)) continue;
          const text = label(use.index, null);
          if (text) hints.push({ position: use.range.end, label: text, paddingLeft: true });
          continue;
        }
        use.names.forEach((n, i) => {
          if (i === use.starredIndex) return;
          const index = use.starredIndex !== null && i > use.starredIndex ? i - use.names.length : i;
          const text = label(index, n.name);
          if (!text) return;
          const hint: InlayHint = { position: n.range.end, label: text, paddingLeft: false };
          hints.push(hint);
          const name = label(index, n.name, false);
          if (name) fallback.set(hint, name);
        });
      }
      for (const b of boundFrom) {
        if (!inRange(b.operand.range)) continue;
        const text = label(b.index, b.operand.text);
        if (!text) continue;
        const hint: InlayHint = { position: b.operand.range.end, label: text, paddingLeft: false };
        hints.push(hint);
        const name = label(b.index, b.operand.text, false);
        if (name) fallback.set(hint, name);
      }
    }
  }
  return withoutDisagreements(hints, fallback);
}
