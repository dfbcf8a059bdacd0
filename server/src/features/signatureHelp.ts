import { MarkupKind, type ParameterInformation, type SignatureHelp } from 'vscode-languageserver-types';
import type { Position, Range } from '../model';
import { comparePositions, containsPosition } from '../model';
import type { FeatureContext } from './context';
import { eventMarkdown, signatureLabel } from './eventDocs';
import { eventInfo } from './events';

export const SIGNATURE_TRIGGERS = ['(', ','];

/**
 * Inside `sys.audit("open", |)`: the event's signature `open(path, mode, flags)` with the
 * argument under the cursor active; inside a subaudit listener call, the arguments its callback
 * receives (SPEC §5).
 */
export function signatureHelp(ctx: FeatureContext, pos: Position): SignatureHelp | null {
  let best: { event: string; args: Range[]; argsRange: Range; prefix: string } | null = null;
  for (const site of ctx.model.raiseSites) {
    if (!site.event || !strictlyInside(site.argumentsRange, pos)) continue;
    if (containsPosition(site.event.range, pos)) continue; // on the name: completion's turn
    if (!best || comparePositions(site.argumentsRange.start, best.argsRange.start) > 0) {
      best = { event: site.event.value, args: site.args.map((a) => a.range), argsRange: site.argumentsRange, prefix: '' };
    }
  }
  for (const l of ctx.model.listeners) {
    if (!l.event || !strictlyInside(l.callRange, pos) || containsPosition(l.event.range, pos)) continue;
    if (!best || comparePositions(l.callRange.start, best.argsRange.start) > 0) {
      best = { event: l.event.value, args: [], argsRange: l.callRange, prefix: `${l.api} callback: ` };
    }
  }
  if (!best) return null;
  const info = eventInfo(best.event, ctx);
  if (!info) return null;
  const args = info.args ?? [];
  const label = best.prefix + signatureLabel(best.event, info.arity === null ? null : args);
  const parameters: ParameterInformation[] = [];
  let offset = label.indexOf('(') + 1;
  for (const a of args) {
    parameters.push({ label: [offset, offset + a.length] });
    offset += a.length + 2;
  }
  // Past the last argument no parameter is active: an index one past the end highlights none
  // (VS Code, Neovim), where `null` would need a capability older clients lack.
  const activeParameter = Math.min(best.args.filter((r) => comparePositions(r.end, pos) < 0).length, parameters.length);
  const docs = eventMarkdown(best.event, ctx);
  return {
    signatures: [{ label, parameters, documentation: docs ? { kind: MarkupKind.Markdown, value: docs } : undefined, activeParameter }],
    activeSignature: 0,
    activeParameter,
  };
}

function strictlyInside(r: Range, pos: Position): boolean {
  return comparePositions(r.start, pos) < 0 && comparePositions(pos, r.end) < 0;
}
