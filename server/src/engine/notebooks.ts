import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from '../model';

/** What a notebook's sync (LSP 3.17) tells: its cells in order, and each cell's text document. */
export interface NotebookSource {
  getNotebookDocument(uri: string): SyncedNotebook | undefined;
  findNotebookDocumentForCell(cellUri: string): SyncedNotebook | undefined;
  readonly cellTextDocuments: { get(uri: string): TextDocument | undefined };
}

export interface SyncedNotebook {
  uri: string;
  /** kind 2 is a code cell (NotebookCellKind.Code). */
  cells: { kind: number; document: string }[];
}

/** One cell's lines in the module: lines `startLine` .. `startLine + lineCount - 1`. */
export interface CellSpan {
  uri: string;
  startLine: number;
  lineCount: number;
}

const CODE_CELL = 2;

/**
 * A notebook's Python cells read as one module, as the kernel runs them: a hook defined in one
 * cell and registered in another is one hook. Each cell starts on a line of its own, so a
 * position maps between a cell and the module by moving its line; characters (UTF-16 code
 * units) are the same in both.
 */
export class NotebookModule {
  constructor(
    readonly document: TextDocument,
    readonly cells: readonly CellSpan[],
  ) {}

  get uri(): string {
    return this.document.uri;
  }

  /** The cell that holds a line of the module (the last cell holds the module's final line). */
  cellAtLine(line: number): CellSpan {
    let lo = 0;
    let hi = this.cells.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.cells[mid].startLine <= line) lo = mid;
      else hi = mid - 1;
    }
    return this.cells[lo];
  }

  cell(uri: string): CellSpan | undefined {
    return this.cells.find((c) => c.uri === uri);
  }

  toModule(cell: CellSpan, p: Position): Position {
    const line = Math.min(Math.max(p.line, 0), cell.lineCount - 1);
    return { line: cell.startLine + line, character: line === p.line ? p.character : Number.MAX_SAFE_INTEGER };
  }

  toCell(p: Position): { cell: CellSpan; position: Position } {
    const cell = this.cellAtLine(p.line);
    return { cell, position: { line: p.line - cell.startLine, character: p.character } };
  }

  /**
   * A request's parameters, from the cell's coordinates to the module's: every position in them
   * (the position, a range, the diagnostics a code action is asked for) is in the cell asked about.
   */
  paramsToModule<P>(params: P, cell: CellSpan): P {
    return mapPositions(params, (p) => this.toModule(cell, p)) as P;
  }

  /**
   * A feature's answer, from the module's coordinates to a cell's. A location in the module
   * (`uri` the module's) names the cell it falls in; a workspace edit's changes to the module are
   * split by cell; an item of a list that lies in another cell is left out (symbols, lenses,
   * links and hints of the whole module are asked for per cell).
   */
  resultToCell<R>(result: R, cell: CellSpan, moduleUris: ReadonlySet<string>): R {
    const walk = (value: unknown, inList: boolean): unknown => {
      if (Array.isArray(value)) {
        return value.filter((item) => !inList || keepInCell(item)).map((item) => walk(item, true));
      }
      if (!value || typeof value !== 'object') return value;
      if (isPosition(value)) return this.toCell(value).position;
      const o = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(o)) {
        if (k === 'changes' && v && typeof v === 'object' && !Array.isArray(v)) out[k] = this.splitChanges(v as Record<string, unknown>, moduleUris);
        else out[k] = walk(v, false);
      }
      if (typeof o.uri === 'string' && moduleUris.has(o.uri) && isRange(o.range)) out.uri = this.toCell(o.range.start).cell.uri;
      return out;
    };
    const keepInCell = (item: unknown): boolean => {
      if (!item || typeof item !== 'object' || (typeof (item as { uri?: unknown }).uri === 'string')) return true;
      const first = firstPosition(item);
      return !first || this.cellAtLine(first.line) === cell;
    };
    return walk(result, false) as R;
  }

  private splitChanges(changes: Record<string, unknown>, moduleUris: ReadonlySet<string>): Record<string, unknown> {
    const out: Record<string, unknown[]> = {};
    for (const [uri, edits] of Object.entries(changes)) {
      if (!moduleUris.has(uri) || !Array.isArray(edits)) {
        out[uri] = edits as unknown[];
        continue;
      }
      for (const edit of edits as { range: { start: Position; end: Position } }[]) {
        const { cell } = this.toCell(edit.range.start);
        (out[cell.uri] ??= []).push(mapPositions(edit, (p) => this.toCell(p).position));
      }
    }
    return out;
  }

  /** Diagnostics of the module, per cell: every cell is listed, so that a cell whose findings went away is cleared. */
  diagnosticsByCell<D extends { range: { start: Position; end: Position } }>(diagnostics: readonly D[], moduleUris: ReadonlySet<string>): Map<string, D[]> {
    const out = new Map<string, D[]>(this.cells.map((c) => [c.uri, []]));
    for (const d of diagnostics) {
      const cell = this.cellAtLine(d.range.start.line);
      out.get(cell.uri)!.push(this.resultToCell(d, cell, moduleUris));
    }
    return out;
  }
}

/**
 * The modules of the notebooks the editor has open with notebook sync. A module is rebuilt when
 * a cell's text or the cells' order changed, under a new version.
 */
export class NotebookModules {
  private readonly built = new Map<string, { signature: string; module: NotebookModule }>();
  private readonly versions = new Map<string, number>();
  private readonly closed = new Set<string>();
  /** A cell reopened under its URI (its language changed) is a new document, whatever its version. */
  private readonly identities = new WeakMap<TextDocument, number>();
  private nextIdentity = 1;

  /** `rebuilt`: a module's text changed wholesale (its old syntax tree does not apply to the new text). */
  constructor(
    private readonly source: NotebookSource,
    private readonly rebuilt: (uri: string) => void = () => {},
  ) {}

  opened(notebookUri: string): void {
    this.closed.delete(notebookUri);
  }

  /** The notebook closed: its cells close after it, and are no longer its. */
  forget(notebookUri: string): void {
    this.closed.add(notebookUri);
    this.built.delete(notebookUri);
    this.versions.delete(notebookUri);
  }

  /** The notebook a cell belongs to, if it is open with notebook sync and still lists the cell. */
  notebookOf(cellUri: string): string | undefined {
    const nb = this.source.findNotebookDocumentForCell(cellUri);
    if (!nb || this.closed.has(nb.uri) || !nb.cells.some((c) => c.document === cellUri)) return undefined;
    return nb.uri;
  }

  /** The module of an open notebook, by the notebook's URI. */
  module(notebookUri: string): NotebookModule | undefined {
    const nb = this.closed.has(notebookUri) ? undefined : this.source.getNotebookDocument(notebookUri);
    if (!nb) return undefined;
    const cells = nb.cells
      .filter((c) => c.kind === CODE_CELL)
      .map((c) => this.source.cellTextDocuments.get(c.document))
      .filter((d): d is TextDocument => !!d && d.languageId === 'python');
    const signature = cells.map((d) => `${this.identity(d)}\0${d.version}`).join('\n');
    const cached = this.built.get(notebookUri);
    if (cached?.signature === signature) return cached.module;
    const version = (this.versions.get(notebookUri) ?? 0) + 1;
    this.versions.set(notebookUri, version);
    const module = buildModule(notebookUri, version, cells);
    this.built.set(notebookUri, { signature, module });
    this.rebuilt(notebookUri);
    return module;
  }

  private identity(doc: TextDocument): number {
    let id = this.identities.get(doc);
    if (id === undefined) this.identities.set(doc, (id = this.nextIdentity++));
    return id;
  }

  /** The module a cell is part of, with the cell's span in it. */
  cellOf(cellUri: string): { module: NotebookModule; cell: CellSpan } | undefined {
    const nb = this.notebookOf(cellUri);
    const module = nb ? this.module(nb) : undefined;
    const cell = module?.cell(cellUri);
    return module && cell ? { module, cell } : undefined;
  }
}

function buildModule(uri: string, version: number, cells: readonly TextDocument[]): NotebookModule {
  const spans: CellSpan[] = [];
  const parts: string[] = [];
  let line = 0;
  for (const doc of cells) {
    let text = pythonOfCell(doc.getText());
    if (!/[\r\n]$/.test(text)) text += '\n';
    const lineCount = text.split(/\r\n|\r|\n/).length - 1;
    spans.push({ uri: doc.uri, startLine: line, lineCount });
    parts.push(text);
    line += lineCount;
  }
  // A notebook with no Python cell still has a module (empty), so that its cells' reports clear.
  if (spans.length === 0) spans.push({ uri, startLine: 0, lineCount: 1 });
  return new NotebookModule(TextDocument.create(uri, 'python', version, parts.join('')), spans);
}

/**
 * IPython's line magics (`%time`, `!pip install`) and cell magics (`%%bash`) are not Python: they
 * are blanked to spaces of the same length, so that they neither break the parse of the cells
 * around them nor move a position.
 */
function pythonOfCell(text: string): string {
  const blank = (s: string) => s.replace(/[^\r\n]/g, ' ');
  if (/^[ \t]*%%/.test(text)) return blank(text);
  return text.replace(/^[ \t]*[%!][^\r\n]*/gm, blank);
}

function isPosition(v: unknown): v is Position {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return typeof o.line === 'number' && typeof o.character === 'number' && Object.keys(o).length === 2;
}

function isRange(v: unknown): v is { start: Position; end: Position } {
  return !!v && typeof v === 'object' && isPosition((v as { start?: unknown }).start) && isPosition((v as { end?: unknown }).end);
}

function firstPosition(v: unknown): Position | null {
  if (!v || typeof v !== 'object') return null;
  if (isPosition(v)) return v;
  for (const x of Object.values(v as object)) {
    const p = firstPosition(x);
    if (p) return p;
  }
  return null;
}

/** A deep copy of a JSON value with every position mapped. */
function mapPositions(value: unknown, f: (p: Position) => Position): unknown {
  if (Array.isArray(value)) return value.map((x) => mapPositions(x, f));
  if (!value || typeof value !== 'object') return value;
  if (isPosition(value)) return f(value);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapPositions(v, f)]));
}
