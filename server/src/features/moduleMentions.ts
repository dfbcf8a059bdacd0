import { CompletionItemKind, MarkupKind, type CompletionList, type Hover } from 'vscode-languageserver-types';
import type { EventMention, Range } from '../model';
import type { FeatureContext } from './context';
import { knownEventNames } from './events';
import { moduleEvents } from './moduleEvents';

/**
 * The string a hook compares with the module part of the event (`event.split(".")[0] ==
 * "socket"`) names a module, not an event: its hover counts the module's events, and its
 * completion offers modules (an event name there would never match).
 */
export function moduleHover(ctx: FeatureContext, mention: EventMention): Hover {
  const name = mention.name.value;
  const events = moduleEvents(knownEventNames(ctx), [name]);
  const value = events.length
    ? `\`${name}\`: the module part of the event name; ${events.length} audit event${events.length === 1 ? '' : 's'} live${events.length === 1 ? 's' : ''} under it (${events.slice(0, 8).map((e) => `\`${e}\``).join(', ')}${events.length > 8 ? ', …' : ''})`
    : `\`${name}\`: the module part of the event name, but no audit event that CPython (any version), the settings or this workspace raises lives under it.`;
  return { contents: { kind: MarkupKind.Markdown, value }, range: mention.name.range };
}

export function moduleCompletion(ctx: FeatureContext, range: Range, sharedRange: boolean): CompletionList {
  const counts = new Map<string, number>();
  for (const name of knownEventNames(ctx)) {
    const parts = name.split('.');
    for (let i = 1; i <= Math.max(1, parts.length - 1); i++) {
      const m = parts.slice(0, i).join('.');
      counts.set(m, (counts.get(m) ?? 0) + 1);
    }
  }
  const items = [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([label, n]) => ({
    label,
    kind: CompletionItemKind.Module,
    detail: `${n} event${n === 1 ? '' : 's'} under this module`,
    ...(sharedRange ? {} : { textEdit: { range, newText: label } }),
  }));
  return { isIncomplete: false, ...(sharedRange ? { itemDefaults: { editRange: range } } : {}), items };
}
