import { SymbolKind, type DocumentLink, type DocumentSymbol, type Location, type WorkspaceSymbol } from 'vscode-languageserver-types';
import type { Position } from '../model';
import type { FeatureContext } from './context';
import { eventInfo } from './events';
import { mentionAt } from './mentionAt';

/** Go to definition on an event: where the workspace raises it. */
export function definition(ctx: FeatureContext, pos: Position): Location[] | null {
  const m = mentionAt(ctx.model.mentions, pos);
  if (!m) return null;
  const raises = ctx.workspace.raises(m.name.value).map((r) => ({ uri: r.uri, range: r.range }));
  return raises.length ? raises : null;
}

/** Every raise site and every hook comparison of the event in the workspace. */
export function references(ctx: FeatureContext, pos: Position, includeDeclaration: boolean): Location[] | null {
  const m = mentionAt(ctx.model.mentions, pos);
  if (!m) return null;
  const name = m.name.value;
  const out: Location[] = [];
  const seen = new Set<string>();
  const add = (l: Location) => {
    const key = `${l.uri}:${l.range.start.line}:${l.range.start.character}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(l);
    }
  };
  if (includeDeclaration) for (const r of ctx.workspace.raises(name)) add({ uri: r.uri, range: r.range });
  for (const r of ctx.workspace.mentions(name)) add({ uri: r.uri, range: r.range });
  // The document's own mentions, in case the index has not caught up with the last keystroke.
  for (const x of ctx.model.mentions) {
    if (x.name.value === name && (includeDeclaration || x.role !== 'raise')) add({ uri: ctx.uri, range: x.name.range });
  }
  return out;
}

/** A link from every catalog event name to its docs page for the target version. */
export function documentLinks(ctx: FeatureContext): DocumentLink[] {
  const links: DocumentLink[] = [];
  for (const m of ctx.model.mentions) {
    const event = ctx.catalog.get(m.name.value);
    const docs = event?.docs[ctx.settings.version] ?? (event ? Object.values(event.docs).pop() : undefined);
    if (!docs?.length || !m.name.contentRange) continue;
    links.push({ range: m.name.contentRange, target: docs[0].url, tooltip: `${docs[0].api}: Python ${ctx.settings.version} docs` });
  }
  return links;
}

/** Hooks, with the events each one handles. */
export function documentSymbols(ctx: FeatureContext): DocumentSymbol[] {
  return ctx.model.hooks.map((hook) => {
    const children: DocumentSymbol[] = [];
    const seen = new Set<string>();
    for (const m of ctx.model.mentions) {
      if (m.hook === null || ctx.model.hooks[m.hook] !== hook || seen.has(m.name.value)) continue;
      // `event == ""` mid-typing: VS Code rejects a symbol without a name, and the whole outline with it.
      if (!m.name.value.trim()) continue;
      seen.add(m.name.value);
      const info = eventInfo(m.name.value, ctx);
      children.push({
        name: m.name.value,
        detail: info?.args ? `(${info.args.join(', ')})` : undefined,
        kind: SymbolKind.Event,
        range: m.name.range,
        selectionRange: m.name.range,
      });
    }
    return {
      name: hook.name,
      detail: hook.handOffTarget ? 'helper of an audit hook' : 'audit hook',
      kind: hook.kind === 'lambda' ? SymbolKind.Function : hook.kind === 'method' || hook.kind === 'call-instance' ? SymbolKind.Method : SymbolKind.Function,
      range: hook.range,
      selectionRange: hook.nameRange,
      children,
    };
  });
}

/** Events the workspace raises or hooks handle, matching the query (case-insensitive substring). */
export function workspaceSymbols(ctx: Pick<FeatureContext, 'workspace'> & { mentionedNames: Iterable<string> }, query: string): WorkspaceSymbol[] {
  const q = query.toLowerCase();
  const out: WorkspaceSymbol[] = [];
  const names = new Set<string>([...ctx.workspace.raisedNames(), ...ctx.mentionedNames]);
  for (const name of [...names].sort()) {
    if (!name.trim() || (q && !name.toLowerCase().includes(q))) continue;
    const raise = ctx.workspace.raises(name)[0];
    const where = raise ?? ctx.workspace.mentions(name)[0];
    if (!where) continue;
    out.push({ name, kind: SymbolKind.Event, containerName: raise ? 'raised' : 'handled', location: { uri: where.uri, range: where.range } });
    if (out.length >= 500) break;
  }
  return out;
}
