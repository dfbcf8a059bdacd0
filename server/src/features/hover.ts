import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import type { Position } from '../model';
import { argumentAt } from './argsUses';
import type { FeatureContext } from './context';
import { eventMarkdown } from './eventDocs';
import { mentionAt } from './mentionAt';

/**
 * Hover on an event name anywhere the engine recognises one (SPEC §5), and on a name unpacked
 * from args or an args[i] subscript in a narrowed block: which argument of which event it is.
 */
export function hover(ctx: FeatureContext, pos: Position): Hover | null {
  const mention = mentionAt(ctx.model.mentions, pos);
  if (mention) {
    const text = eventMarkdown(mention.name.value, ctx);
    const body =
      text ??
      `\`${mention.name.value}\`: not an audit event that CPython (any version), the settings or this workspace raises.`;
    return { contents: { kind: MarkupKind.Markdown, value: body }, range: mention.name.range };
  }
  const arg = argumentAt(ctx, pos);
  if (arg && arg.events.length) {
    const lines = arg.events.map(({ info, argIndex, argName }) => {
      const list = info.args ? `(${info.args.join(', ')})` : `(${info.arity} arguments)`;
      return argName
        ? `**${argName}**: argument ${argIndex + 1} of ${info.arity} of \`${info.name}\` ${list}`
        : `out of range for \`${info.name}\` ${list}`;
    });
    return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n\n') }, range: arg.range };
  }
  return null;
}
