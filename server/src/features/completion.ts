import { CompletionItemKind, CompletionItemTag, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionList } from 'vscode-languageserver-types';
import type { CatalogEvent } from '../catalog/catalog';
import type { Position } from '../model';
import type { FeatureContext } from './context';
import { argumentDetail, eventMarkdown } from './eventDocs';
import { mentionAt } from './mentionAt';

export const COMPLETION_TRIGGERS = ['"', "'", '.', '/'];

/**
 * Event names inside the string of a raise site, a hook comparison, a collection a hook tests,
 * a case pattern, or a startswith argument (there also module prefixes). Each item replaces the
 * whole string content, so `os.re|` becomes `os.remove` (SPEC §5).
 */
export function completion(ctx: FeatureContext, pos: Position): CompletionList | null {
  const mention = mentionAt(ctx.model.mentions, pos, true);
  if (!mention || !mention.name.contentRange) return null;
  const range = mention.name.contentRange;
  if (range.start.line !== range.end.line) return null;
  const version = ctx.settings.version;
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const item = (name: string, group: string, extra: Partial<CompletionItem> = {}): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const docs = eventMarkdown(name, ctx);
    items.push({
      label: name,
      kind: CompletionItemKind.Event,
      detail: argumentDetail(name, ctx),
      documentation: docs ? { kind: MarkupKind.Markdown, value: docs } : undefined,
      sortText: `${group}${name}`,
      filterText: name,
      textEdit: { range, newText: name },
      insertTextFormat: InsertTextFormat.PlainText,
      ...extra,
    });
  };

  for (const name of ctx.settings.customEvents.keys()) item(name, '0');
  for (const name of ctx.workspace.raisedNames()) {
    if (ctx.catalog.get(name)) continue;
    // The string being typed is itself a "raise" of what is typed so far: not a suggestion.
    const elsewhere = ctx.workspace.raises(name).some((r) => r.uri !== ctx.uri || r.range.start.line !== mention.name.range.start.line || r.range.start.character !== mention.name.range.start.character);
    if (elsewhere) item(name, '0');
  }
  for (const e of ctx.catalog.events(version)) {
    const status = e.versions[version].status;
    item(e.name, status === 'raised' ? '0' : '1', removedLater(e, ctx) ? { tags: [CompletionItemTag.Deprecated] } : {});
  }

  if (mention.role === 'prefix') {
    const prefixes = new Set<string>();
    for (const name of seen) {
      const parts = name.split('.');
      for (let i = 1; i < parts.length; i++) prefixes.add(parts.slice(0, i).join('.') + '.');
    }
    for (const p of [...prefixes].sort()) {
      items.push({
        label: p,
        kind: CompletionItemKind.Module,
        detail: 'events under this prefix',
        sortText: `0${p}`,
        filterText: p,
        textEdit: { range, newText: p },
      });
    }
  }
  return { isIncomplete: false, items };
}

/** Offered for the target version, but the newest Python no longer raises it. */
function removedLater(e: CatalogEvent, ctx: FeatureContext): boolean {
  return !!e.renamedTo || e.versions[ctx.catalog.newest].status === 'not-raised';
}
