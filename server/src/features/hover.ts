import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import type { Position } from '../model';
import { containsPosition } from '../model';
import { argumentAt } from './argsUses';
import { typeAnnotation } from './argumentValues';
import type { FeatureContext } from './context';
import { coverageHover } from './coverageViews';
import { eventMarkdown } from './eventDocs';
import { eventInfo, type EventInfo } from './events';
import { quietHooks } from './inferredHooks';
import { mentionAt } from './mentionAt';
import { moduleHover } from './moduleMentions';

/**
 * Hover on an event name anywhere the engine recognises one (SPEC §5), and on a name unpacked
 * from args or an args[i] subscript in a narrowed block: which argument of which event it is.
 */
export function hover(ctx: FeatureContext, pos: Position): Hover | null {
  const mention = mentionAt(ctx.model.mentions, pos);
  if (mention?.role === 'module') return moduleHover(ctx, mention);
  if (mention) {
    const text = eventMarkdown(mention.name.value, ctx);
    // A generic handler shaped like a hook ("click", "resize"): its names are not ours to judge.
    if (!text && mention.hook !== null && quietHooks(ctx).includes(mention.hook)) return null;
    const body =
      text ??
      `\`${mention.name.value}\`: not an audit event that CPython (any version), the settings or this workspace raises.`;
    return { contents: { kind: MarkupKind.Markdown, value: body }, range: mention.name.range };
  }
  const coverage = coverageHover(ctx, pos);
  if (coverage) return coverage;
  for (const l of ctx.model.listeners) {
    if (!l.event || !l.callback) continue;
    const positional = l.callback.params.filter((p) => p.kind === 'positional');
    const i = positional.findIndex((p) => containsPosition(p.range, pos));
    if (i < 0) continue;
    const info = eventInfo(l.event.value, ctx);
    if (!info || info.arity === null) continue;
    const value = `${argumentLine(info, i, i < info.arity ? info.args?.[i] ?? null : null)}, which subaudit.${l.api} passes to '${l.callback.name}'`;
    return { contents: { kind: MarkupKind.Markdown, value }, range: positional[i].range };
  }
  const arg = argumentAt(ctx, pos);
  if (arg && arg.events.length) {
    const lines = arg.events.map(({ info, argIndex, argName, types }) => {
      const line = argumentLine(info, argIndex, argName);
      return argName && types ? `${line} — \`${argName}: ${typeAnnotation(types)}\` (the types seen on real interpreters)` : line;
    });
    return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n\n') }, range: arg.range };
  }
  return null;
}

/** `**mode**: argument 2 of 3 of `open` (path, mode, flags)`, or that there is no such argument. */
function argumentLine(info: EventInfo, index: number, name: string | null): string {
  const list = info.args ? `(${info.args.join(', ')})` : `(${info.arity} arguments)`;
  return name ? `**${name}**: argument ${index + 1} of ${info.arity} of \`${info.name}\` ${list}` : `out of range for \`${info.name}\` ${list}`;
}
