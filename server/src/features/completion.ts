import { CompletionItemKind, CompletionItemTag, type CompletionItem, type CompletionList } from 'vscode-languageserver-types';
import type { CatalogEvent } from '../catalog/catalog';
import type { Position } from '../model';
import type { FeatureContext } from './context';
import { argumentDetail } from './eventDocs';
import { completionData } from './completionResolve';
import { mentionAt } from './mentionAt';
import { moduleCompletion } from './moduleMentions';
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
 * The list is lazy: it offers every event of the target versions, and the documentation of each
 * would make it a hundred kilobytes the editor parses on every keystroke, so the documentation
 * comes from completionItem/resolve for the one item the user looks at. What resolve needs is
 * the document (item.data) and the event (the label).
 */
export function completion(ctx: FeatureContext, pos: Position, client: CompletionClient = PLAIN_CLIENT): CompletionList | null {
  const mention = mentionAt(ctx.model.mentions, pos, true);
  if (!mention || !mention.name.contentRange) return null;
  const range = mention.name.contentRange;
  if (range.start.line !== range.end.line) return null;
  // The edit range and the data are the same for every item: sent once where the client allows.
  const sharedRange = client.itemDefaults.has('editRange');
  if (mention.role === 'module') return moduleCompletion(ctx, range, sharedRange);
  const sharedData = client.itemDefaults.has('data');
  const data = completionData(ctx.uri);
  const items: CompletionItem[] = [];
  const push = (label: string, item: CompletionItem): void => {
    if (!sharedRange) item.textEdit = { range, newText: label };
    items.push(item);
  };
  // Names first, items later: only for what is returned (100,000 custom events once made a
  // 44 MB answer that took 35 s).
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  const candidate = (name: string, group: string, removed = false, marks: string[] = []): void => {
    if (seen.has(name)) return;
    seen.add(name);
    candidates.push({ name, sortText: `${group}${name}`, removed, marks });
  };

  for (const name of ctx.settings.customEvents.keys()) candidate(name, '0');
  for (const name of ctx.workspace.raisedNames()) {
    if (ctx.catalog.get(name)) continue;
    // The string being typed is itself a "raise" of what is typed so far: not a suggestion.
    const elsewhere = ctx.workspace.raises(name).some((r) => r.uri !== ctx.uri || r.range.start.line !== mention.name.range.start.line || r.range.start.character !== mention.name.range.start.character);
    if (elsewhere) candidate(name, '0');
  }
  // Every event some target version raises or does not rule out; confirmed in one of them counts.
  const offered = new Map<string, { event: CatalogEvent; confirmed: boolean }>();
  for (const version of ctx.settings.versions) {
    for (const e of ctx.catalog.events(version)) {
      const confirmed = e.versions[version].status === 'raised' || !!offered.get(e.name)?.confirmed;
      offered.set(e.name, { event: e, confirmed });
    }
  }
  for (const { event: e, confirmed } of offered.values()) {
    const facts = { internal: e.internal, windowsOnly: e.windowsOnly, confirmed };
    candidate(e.name, String(1 + relevanceRank(facts)), removedLater(e, ctx), relevanceMarks(facts));
  }

  const typed = mention.name.value.slice(0, Math.max(0, pos.character - range.start.character));
  const events = bounded(candidates, typed);
  for (const { name, sortText, removed, marks } of events.list) {
    push(name, {
      label: name,
      kind: CompletionItemKind.Event,
      detail: argumentDetail(name, ctx),
      sortText,
      filterText: name,
      ...(marks.length ? { labelDetails: { description: marks.join(', ') } } : {}),
      ...(removed ? { tags: [CompletionItemTag.Deprecated] } : {}),
      ...(sharedData ? {} : { data }),
    });
  }

  let prefixesIncomplete = false;
  if (mention.role === 'prefix') {
    const prefixes = new Set<string>();
    for (const name of seen) {
      const parts = name.split('.');
      for (let i = 1; i < parts.length; i++) prefixes.add(parts.slice(0, i).join('.') + '.');
    }
    const shown = bounded([...prefixes].map((p) => ({ name: p, sortText: `0${p}`, removed: false, marks: [] })), typed);
    prefixesIncomplete = shown.incomplete;
    for (const { name: p } of shown.list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      push(p, { label: p, kind: CompletionItemKind.Module, detail: 'events under this prefix', sortText: `0${p}`, filterText: p });
    }
  }
  const itemDefaults = { ...(sharedRange ? { editRange: range } : {}), ...(sharedData ? { data } : {}) };
  return { isIncomplete: events.incomplete || prefixesIncomplete, ...(sharedRange || sharedData ? { itemDefaults } : {}), items };
}

/** More than this many items and the list is cut to what starts with the typed text. */
export const MAX_COMPLETION_ITEMS = 1000;

interface Candidate {
  name: string;
  sortText: string;
  removed: boolean;
  /** Shown beside the label: "internal", "Windows only". */
  marks: string[];
}

/**
 * All candidates when they are few; else those that start with what is typed (ignoring case),
 * first by sort order, at most MAX_COMPLETION_ITEMS, marked incomplete so that the client asks
 * again as the user types.
 */
function bounded(candidates: Candidate[], typed: string): { list: Candidate[]; incomplete: boolean } {
  if (candidates.length <= MAX_COMPLETION_ITEMS) return { list: candidates, incomplete: false };
  const lower = typed.toLowerCase();
  const matching = candidates.filter((c) => c.name.toLowerCase().startsWith(lower));
  matching.sort((a, b) => (a.sortText < b.sortText ? -1 : a.sortText > b.sortText ? 1 : 0));
  return { list: matching.slice(0, MAX_COMPLETION_ITEMS), incomplete: true };
}

/** Offered for the target version, but the newest Python no longer raises it. */
function removedLater(e: CatalogEvent, ctx: FeatureContext): boolean {
  return !!e.renamedTo || e.versions[ctx.catalog.newest].status === 'not-raised';
}
