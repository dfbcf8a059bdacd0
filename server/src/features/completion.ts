import { CompletionItemKind, CompletionItemTag, type CompletionItem, type CompletionList } from 'vscode-languageserver-types';
import type { CatalogEvent } from '../catalog/catalog';
import type { Position } from '../model';
import type { FeatureContext } from './context';
import { argumentDetail } from './eventDocs';
import { completionData } from './completionResolve';
import { mentionAt } from './mentionAt';
import { relevanceMarks, relevanceRank } from './relevance';

export const COMPLETION_TRIGGERS = ['"', "'", '.', '/'];

/** What the client said it can take: the list's shared fields are sent once when it can. */
export interface CompletionClient {
  /** `completionList.itemDefaults` of the client's capabilities. */
  itemDefaults: ReadonlySet<string>;
}

export function completionClient(capabilities: { textDocument?: { completion?: { completionList?: { itemDefaults?: string[] } } } }): CompletionClient {
  return { itemDefaults: new Set(capabilities.textDocument?.completion?.completionList?.itemDefaults ?? []) };
}

const PLAIN_CLIENT: CompletionClient = { itemDefaults: new Set() };

/**
 * Event names inside the string of a raise site, a hook comparison, a collection a hook tests,
 * a case pattern, or a startswith argument (there also module prefixes). Each item replaces the
 * whole string content, so `os.re|` becomes `os.remove` (SPEC §5).
 *
 * The list is lazy: it offers every event of the target version, and the documentation of each
 * would make it a hundred kilobytes the editor parses on every keystroke, so the documentation
 * comes from completionItem/resolve for the one item the user looks at. What resolve needs is
 * the document (item.data) and the event (the label).
 */
export function completion(ctx: FeatureContext, pos: Position, client: CompletionClient = PLAIN_CLIENT): CompletionList | null {
  const mention = mentionAt(ctx.model.mentions, pos, true);
  if (!mention || !mention.name.contentRange) return null;
  const range = mention.name.contentRange;
  if (range.start.line !== range.end.line) return null;
  const version = ctx.settings.version;
  // The edit range and the data are the same for every item: sent once where the client allows.
  const sharedRange = client.itemDefaults.has('editRange');
  const sharedData = client.itemDefaults.has('data');
  const data = completionData(ctx.uri);
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const push = (label: string, item: CompletionItem): void => {
    if (!sharedRange) item.textEdit = { range, newText: label };
    items.push(item);
  };
  const item = (name: string, group: string, removed = false, marks: string[] = []): void => {
    if (seen.has(name)) return;
    seen.add(name);
    push(name, {
      label: name,
      kind: CompletionItemKind.Event,
      detail: argumentDetail(name, ctx),
      sortText: `${group}${name}`,
      filterText: name,
      ...(marks.length ? { labelDetails: { description: marks.join(', ') } } : {}),
      ...(removed ? { tags: [CompletionItemTag.Deprecated] } : {}),
      ...(sharedData ? {} : { data }),
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
    const facts = { internal: e.internal, windowsOnly: e.windowsOnly, confirmed: e.versions[version].status === 'raised' };
    item(e.name, String(1 + relevanceRank(facts)), removedLater(e, ctx), relevanceMarks(facts));
  }

  if (mention.role === 'prefix') {
    const prefixes = new Set<string>();
    for (const name of seen) {
      const parts = name.split('.');
      for (let i = 1; i < parts.length; i++) prefixes.add(parts.slice(0, i).join('.') + '.');
    }
    for (const p of [...prefixes].sort()) {
      push(p, { label: p, kind: CompletionItemKind.Module, detail: 'events under this prefix', sortText: `0${p}`, filterText: p });
    }
  }
  const itemDefaults = { ...(sharedRange ? { editRange: range } : {}), ...(sharedData ? { data } : {}) };
  return { isIncomplete: false, ...(sharedRange || sharedData ? { itemDefaults } : {}), items };
}

/** Offered for the target version, but the newest Python no longer raises it. */
function removedLater(e: CatalogEvent, ctx: FeatureContext): boolean {
  return !!e.renamedTo || e.versions[ctx.catalog.newest].status === 'not-raised';
}
