import { InlayHintKind, type InlayHint } from 'vscode-languageserver-types';
import type { Range } from '../model';
import { comparePositions } from '../model';
import type { FeatureContext } from './context';
import { eventInfo } from './events';

/**
 * Argument names at raise sites (`path:` before each argument) and after names unpacked from
 * args in a narrowed block (`: path`), where they differ from what is written (SPEC §5).
 */
/**
 * A helper reached from several call sites (issue 12 §1) has one block per call's events: where
 * they name one position differently, no name is the name, and where they agree, one hint is enough.
 */
function withoutDisagreements(hints: InlayHint[]): InlayHint[] {
  const byPosition = new Map<string, InlayHint[]>();
  for (const h of hints) {
    const key = `${h.position.line}:${h.position.character}`;
    byPosition.set(key, [...(byPosition.get(key) ?? []), h]);
  }
  return [...byPosition.values()].filter((same) => same.every((h) => h.label === same[0].label)).map((same) => same[0]);
}

export function inlayHints(ctx: FeatureContext, range: Range): InlayHint[] {
  if (!ctx.settings.inlayHints) return [];
  const hints: InlayHint[] = [];
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
      const events = [...new Set(block.events.map((e) => e.value))].map((n) => eventInfo(n, ctx)).filter((i) => i?.args && i.arity !== null);
      if (events.length !== 1) continue; // several events: no single name to show
      const info = events[0]!;
      for (const use of block.argsUses) {
        if (use.kind !== 'unpack' || !inRange(use.range)) continue;
        use.names.forEach((n, i) => {
          if (i === use.starredIndex) return;
          const index = use.starredIndex !== null && i > use.starredIndex ? info.arity! + (i - use.names.length) : i;
          const name = info.args![index];
          if (!name || name === n.name || /^arg\d+$/.test(name)) return;
          hints.push({ position: n.range.end, label: `: ${name}`, paddingLeft: false });
        });
      }
    }
  }
  return withoutDisagreements(hints);
}
