import type { ArgsUse, DocumentModel, EventName, Parameter, Position, Range } from '../model';
import { mentionsAudit } from '../parsing/prefilter';
import type { Node, Tree, TreeEdit } from '../parsing/treeSitter';

/** An edit in LSP coordinates: the range it replaced, and where its new text ends. */
export interface PositionEdit {
  start: Position;
  oldEnd: Position;
  newEnd: Position;
}

export function positionEdit(e: TreeEdit): PositionEdit {
  return {
    start: { line: e.startPosition.row, character: e.startPosition.column },
    oldEnd: { line: e.oldEndPosition.row, character: e.oldEndPosition.column },
    newEnd: { line: e.newEndPosition.row, character: e.newEndPosition.column },
  };
}

/** Where a position of the old text is in the new one (positions inside the edit go to its start). */
export function shiftPosition(p: Position, e: PositionEdit): Position {
  if (before(p, e.start)) return p;
  if (before(p, e.oldEnd)) return e.start;
  if (p.line === e.oldEnd.line) return { line: e.newEnd.line, character: e.newEnd.character + (p.character - e.oldEnd.character) };
  return { line: p.line + (e.newEnd.line - e.oldEnd.line), character: p.character };
}

/**
 * The model of the old text, moved to the new text's positions. Objects before the edits are
 * shared with the old model, not copied: most of a large file does not move.
 */
export function shiftModel(model: DocumentModel, edits: readonly PositionEdit[]): DocumentModel {
  const pos = (p: Position): Position => {
    let q = p;
    for (const e of edits) q = shiftPosition(q, e);
    return q.line === p.line && q.character === p.character ? p : q;
  };
  const range = (r: Range): Range => {
    const start = pos(r.start);
    const end = pos(r.end);
    return start === r.start && end === r.end ? r : { start, end };
  };
  const nullableRange = (r: Range | null): Range | null => (r ? range(r) : null);
  const name = (n: EventName): EventName => {
    const r = range(n.range);
    const c = nullableRange(n.contentRange);
    return r === n.range && c === n.contentRange ? n : { ...n, range: r, contentRange: c };
  };
  const param = (p: Parameter): Parameter => {
    const r = range(p.range);
    return r === p.range ? p : { ...p, range: r };
  };
  const use = (u: ArgsUse): ArgsUse =>
    u.kind === 'index' ? { ...u, range: range(u.range) } : { ...u, range: range(u.range), names: u.names.map((n) => ({ ...n, range: range(n.range) })) };
  return {
    ...model,
    raiseSites: model.raiseSites.map((s) => ({
      ...s,
      range: range(s.range),
      calleeRange: range(s.calleeRange),
      argumentsRange: range(s.argumentsRange),
      event: s.event ? name(s.event) : null,
      eventArgument: s.eventArgument ? { ...s.eventArgument, range: range(s.eventArgument.range) } : null,
      args: s.args.map((a) => ({ ...a, range: range(a.range) })),
      keywordArgs: s.keywordArgs.map((k) => ({ ...k, range: range(k.range) })),
    })),
    hooks: model.hooks.map((h) => ({
      ...h,
      nameRange: range(h.nameRange),
      range: range(h.range),
      registrations: h.registrations.map(range),
      params: h.params.map(param),
      blocks: h.blocks.map((b) => ({ ...b, events: b.events.map(name), prefixes: b.prefixes.map(name), range: range(b.range), argsUses: b.argsUses.map(use) })),
    })),
    mentions: model.mentions.map((m) => ({ ...m, name: name(m.name) })),
    listeners: model.listeners.map((l) => ({
      ...l,
      event: l.event ? name(l.event) : null,
      callRange: range(l.callRange),
      callbackRange: range(l.callbackRange),
      callback: l.callback ? { ...l.callback, nameRange: range(l.callback.nameRange), params: l.callback.params.map(param) } : null,
    })),
    argumentTables: model.argumentTables.map((t) => ({ ...t, event: name(t.event), range: range(t.range) })),
    importedHooks: model.importedHooks.map((i) => ({ ...i, registration: range(i.registration) })),
    dependencies: model.dependencies.map(range),
  };
}

/**
 * The previous model, moved, if it still holds after the edits: every place the edits and tree-sitter's
 * changed ranges touch lies inside the body of a module-level function or class that the model
 * neither contains nor depends on, and whose text mentions no audit API and no `global` (which
 * could rebind a module constant). Null otherwise: anything else, including an edit between
 * statements, is analyzed again.
 */
export function modelStillHolds(oldModel: DocumentModel, newTree: Tree, oldTree: Tree, edits: readonly PositionEdit[]): DocumentModel | null {
  if (edits.length === 0 || oldModel.skipped) return null;
  // Where the edits landed, in the new text's coordinates.
  const touched: Range[] = [];
  for (const e of edits) {
    for (const r of touched) {
      r.start = shiftPosition(r.start, e);
      r.end = shiftPosition(r.end, e);
    }
    touched.push({ start: e.start, end: e.newEnd });
  }
  for (const r of newTree.getChangedRanges(oldTree)) {
    touched.push({ start: { line: r.startPosition.row, character: r.startPosition.column }, end: { line: r.endPosition.row, character: r.endPosition.column } });
  }
  const model = shiftModel(oldModel, edits);
  const occupied = [...modelRanges(model), ...model.dependencies];
  const root = newTree.rootNode;
  for (const r of touched) {
    const statement = topLevelStatement(root, r.start);
    // Node objects are created per call: compare the nodes by id.
    if (!statement || statement.id !== topLevelStatement(root, r.end)?.id) return null;
    const def = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (!def || (def.type !== 'function_definition' && def.type !== 'class_definition')) return null;
    const body = def.childForFieldName('body');
    if (!body || !inside(r, rangeOf(body))) return null;
    const text = statement.text;
    if (mentionsAudit(text) || /\bglobal\b/.test(text)) return null;
    const span = rangeOf(statement);
    if (occupied.some((o) => overlaps(o, span))) return null;
  }
  return model;
}

function topLevelStatement(root: Node, p: Position): Node | null {
  let n: Node | null = root.descendantForPosition({ row: p.line, column: p.character });
  for (let i = 0; n && n.parent && i < 10000; i++) {
    if (n.parent.type === 'module') return n;
    n = n.parent;
  }
  return null;
}

function modelRanges(m: DocumentModel): Range[] {
  return [
    ...m.raiseSites.map((r) => r.range),
    ...m.hooks.flatMap((h) => [h.range, ...h.registrations]),
    ...m.mentions.map((x) => x.name.range),
    ...m.listeners.map((l) => l.callRange),
    ...m.argumentTables.map((t) => t.range),
    ...m.importedHooks.map((i) => i.registration),
  ];
}

function rangeOf(n: Node): Range {
  return {
    start: { line: n.startPosition.row, character: n.startPosition.column },
    end: { line: n.endPosition.row, character: n.endPosition.column },
  };
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function inside(r: Range, outer: Range): boolean {
  return !before(r.start, outer.start) && !before(outer.end, r.end);
}

function overlaps(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}
