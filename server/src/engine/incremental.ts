import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentModel, Position, Range } from '../model';
import { mayHoldHookShape, mentionsAudit } from '../parsing/prefilter';
import type { Node, Tree } from '../parsing/treeSitter';

/** An edit in LSP coordinates: the range it replaced, and where its new text ends. */
export interface PositionEdit {
  start: Position;
  oldEnd: Position;
  newEnd: Position;
}

/**
 * A change of a range of the document, before it is applied: the offsets it replaces and the
 * edit in positions. A reversed range (a client's bug) replaces the same text as in order, as
 * TextDocument.update does.
 */
export function rangeEdit(doc: TextDocument, range: Range, text: string): { from: number; to: number; edit: PositionEdit } {
  const [from, to] = [doc.offsetAt(range.start), doc.offsetAt(range.end)].sort((a, b) => a - b);
  const start = doc.positionAt(from);
  return { from, to, edit: { start, oldEnd: doc.positionAt(to), newEnd: endAfter(start, text) } };
}

/** Where text inserted at `start` ends. */
export function endAfter(start: Position, text: string): Position {
  const lines = text.split(/\r\n|\r|\n/);
  return lines.length === 1 ? { line: start.line, character: start.character + text.length } : { line: start.line + lines.length - 1, character: lines[lines.length - 1].length };
}

/** Where a position of the old text is in the new one (positions inside the edit go to its start). */
export function shiftPosition(p: Position, e: PositionEdit): Position {
  if (before(p, e.start)) return p;
  if (before(p, e.oldEnd)) return e.start;
  if (p.line === e.oldEnd.line) return { line: e.newEnd.line, character: e.newEnd.character + (p.character - e.oldEnd.character) };
  return { line: p.line + (e.newEnd.line - e.oldEnd.line), character: p.character };
}

/**
 * The model of the old text, moved to the new text's positions. Every Range anywhere in the model
 * is moved (found by its shape, so a field added to the model later cannot be forgotten here);
 * objects that do not move are shared with the old model, not copied: most of a large file does
 * not move.
 */
export function shiftModel(model: DocumentModel, edits: readonly PositionEdit[]): DocumentModel {
  return mapRanges(model, (r) => {
    const start = shiftAll(r.start, edits);
    const end = shiftAll(r.end, edits);
    return start === r.start && end === r.end ? r : { start, end };
  });
}

function shiftAll(p: Position, edits: readonly PositionEdit[]): Position {
  let q = p;
  for (const e of edits) q = shiftPosition(q, e);
  return q.line === p.line && q.character === p.character ? p : q;
}

/**
 * The same value with `f` applied to every Range in it; unchanged parts keep their identity. It
 * walks the whole model on every edit of a large document (on both threads), so it allocates
 * nothing for what it does not change and does not descend into primitives.
 */
export function mapRanges<T>(value: T, f: (r: Range) => Range): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === null || typeof item !== 'object') continue;
      const mapped = mapRanges(item, f);
      if (mapped !== item) (copy ??= [...value])[i] = mapped;
    }
    return (copy ?? value) as T;
  }
  if (isRange(value)) return f(value) as T;
  let copy: Record<string, unknown> | null = null;
  const record = value as Record<string, unknown>;
  for (const k in record) {
    const v = record[k];
    if (v === null || typeof v !== 'object') continue;
    const mapped = mapRanges(v, f);
    if (mapped !== v) (copy ??= { ...record })[k] = mapped;
  }
  return (copy ?? value) as T;
}

function isRange(v: object): v is Range {
  const r = v as Partial<Range>;
  return r.start !== undefined && r.end !== undefined && typeof r.start.line === 'number' && typeof r.end.line === 'number' && Object.keys(v).length === 2;
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
    if (mentionsAudit(text) || mayHoldHookShape(text) || /\bglobal\b/.test(text)) return null;
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
    // an edit that removes a suppression's comment leaves no audit text behind to notice it by
    ...m.suppressions.map((s) => s.range),
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
