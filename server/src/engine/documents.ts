import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver';
import type { DocumentModel, Range, SourceLanguage } from '../model';
import { emptyModel } from '../model';
import { languageOfPath } from '../workspace/files';
import { ParseRefused, type Analyzer } from './analyzer';
import type { Tree, TreeEdit } from '../parsing/treeSitter';
import { modelStillHolds, rangeEdit, type PositionEdit } from './incremental';
import { DEFAULT_MAX_FILE_SIZE, exceedsSize, tooLargeReason } from '../parsing/sizeLimit';

interface DocumentState {
  language: SourceLanguage | null;
  /** Edits since the model was built, for reusing it when they cannot have changed it. */
  edits: PositionEdit[];
  /** The last tree, already edited to match the current text when `stale` is set. */
  tree: Tree | null;
  treeVersion: number;
  model: DocumentModel | null;
  /** The version and the external hooks (sorted, joined) the model was built for. */
  modelVersion: number;
  modelHooks: string;
  /** A version whose parse made the WebAssembly trap: never parsed again, or it traps again. */
  trapped?: { version: number; reason: string };
  /** C: the headers the model read (`#include "x.h"`), with the text each had then. */
  headers?: Map<string, string | null>;
  /** Which analysis the model comes from: a model moved through edits keeps its lineage. */
  lineage: number;
}

/** Which language the engine reads a document as: its languageId, else its name's extension. */
export function languageOf(languageId: string, uri: string): SourceLanguage | null {
  if (languageId === 'python') return 'python';
  if (languageId === 'c' || languageId === 'cpp') return 'c';
  return languageOfPath(uri.replace(/[?#].*$/, ''));
}

/**
 * Open documents with their syntax trees and document models. Edits are applied to the tree as
 * they arrive (tree-sitter's edit API), and the tree is reparsed incrementally on the next
 * request for the model: the model is built at most once per document version.
 */
export class AnalyzedDocuments {
  private readonly states = new Map<string, DocumentState>();
  /** How many models were built by analysis, and how many by moving the previous one. */
  readonly stats = { analyzed: 0, reused: 0 };
  private analyses = 0;

  /** The parser loads asynchronously; documents can open before it is ready. */
  constructor(private readonly parserOf: () => Analyzer) {}

  /** The TextDocuments configuration that keeps trees in step with incremental changes. */
  readonly configuration: TextDocumentsConfiguration<TextDocument> = {
    create: (uri, languageId, version, content) => {
      this.dispose(uri);
      this.states.set(uri, { language: languageOf(languageId, uri), edits: [], tree: null, treeVersion: -1, model: null, modelVersion: -1, modelHooks: '', lineage: 0 });
      return TextDocument.create(uri, languageId, version, content);
    },
    update: (document, changes, version) => {
      const state = this.states.get(document.uri);
      if (state?.tree && !this.parserOf().owns(state.tree)) state.tree = null;
      for (const change of changes) {
        if (state?.tree && 'range' in change) state.edits.push(this.editTree(state.tree, document, change));
        else if (state?.tree) {
          this.parserOf().release(state.tree);
          state.tree = null;
          state.model = null;
        }
        TextDocument.update(document, [change], version);
      }
      return document;
    },
  };

  /** Edits the tree for a change of a range; the same edit in positions, for moving the model. */
  private editTree(tree: Tree, doc: TextDocument, change: TextDocumentContentChangeEvent & { range: unknown }): PositionEdit {
    const { range, text } = change as { range: Range; text: string };
    const { from, to, edit } = rangeEdit(doc, range, text);
    const treeEdit: TreeEdit = {
      startIndex: from,
      oldEndIndex: to,
      newEndIndex: from + text.length,
      startPosition: { row: edit.start.line, column: edit.start.character },
      oldEndPosition: { row: edit.oldEnd.line, column: edit.oldEnd.character },
      newEndPosition: { row: edit.newEnd.line, column: edit.newEnd.character },
    };
    tree.edit(treeEdit as Parameters<Tree['edit']>[0]);
    return edit;
  }

  language(doc: TextDocument): SourceLanguage | null {
    return this.states.get(doc.uri)?.language ?? languageOf(doc.languageId, doc.uri);
  }

  /**
   * The document model for the document's current version. `externalHooks` are the functions of
   * this file that other workspace files register as hooks.
   */
  model(
    doc: TextDocument,
    externalHooks: ReadonlySet<string> = new Set(),
    maxFileSize = DEFAULT_MAX_FILE_SIZE,
    hookRegistrars: readonly string[] = [],
    readInclude?: (include: string) => string | null,
  ): DocumentModel {
    let state = this.states.get(doc.uri);
    if (!state) {
      state = { language: languageOf(doc.languageId, doc.uri), edits: [], tree: null, treeVersion: -1, model: null, modelVersion: -1, modelHooks: '', lineage: 0 };
      this.states.set(doc.uri, state);
    }
    const language = state.language;
    if (!language) return emptyModel('python');
    const hooks = hooksKey(externalHooks, hookRegistrars);
    // A header changed on disk: its macros may name other events.
    const sameHooks = state.modelHooks === hooks && headersUnchanged(state.headers, readInclude);
    if (state.model && sameHooks && state.modelVersion === doc.version) return state.model;
    const text = doc.getText();
    const parser = this.parserOf();
    const refused = this.refusal(state, doc.version, text, maxFileSize);
    if (refused) {
      parser.release(state.tree);
      state.tree = null;
      state.edits = [];
      state.model = emptyModel(language, refused);
      state.lineage = ++this.analyses;
      state.modelVersion = doc.version;
      state.modelHooks = hooks;
      return state.model;
    }
    const restartsBefore = parser.restarts;
    try {
      return this.build(state, doc, text, language, hooks, sameHooks, externalHooks, hookRegistrars, readInclude);
    } finally {
      if (parser.restarts !== restartsBefore) {
        // The same words as when it failed, so that the user is not told twice.
        const reason = state.model?.skipped ?? 'the parser failed on this file and was restarted';
        state.trapped = { version: doc.version, reason };
      }
    }
  }

  /** Why this version is not parsed at all, if it is not. */
  private refusal(state: DocumentState, version: number, text: string, maxFileSize: number): string | null {
    if (exceedsSize(text, maxFileSize)) return tooLargeReason(maxFileSize);
    if (state.trapped?.version === version) return state.trapped.reason;
    return null;
  }

  private build(
    state: DocumentState,
    doc: TextDocument,
    text: string,
    language: SourceLanguage,
    hooks: string,
    sameHooks: boolean,
    externalHooks: ReadonlySet<string>,
    hookRegistrars: readonly string[],
    readInclude?: (include: string) => string | null,
  ): DocumentModel {
    const parser = this.parserOf();
    const built = (model: DocumentModel, moved = false): DocumentModel => {
      if (!moved) state.lineage = ++this.analyses;
      state.model = model;
      state.modelVersion = doc.version;
      state.modelHooks = hooks;
      return model;
    };
    const edits = state.edits;
    state.edits = [];
    if (state.treeVersion !== doc.version || !state.tree || !parser.owns(state.tree)) {
      const old = state.tree && parser.owns(state.tree) ? state.tree : null;
      state.tree = null;
      try {
        state.tree = parser.parse(language, text, old);
        state.treeVersion = doc.version;
        // Typing inside a function that no hook, raise site or lookup involves changes nothing
        // the model holds: move the old model instead of analyzing 10,000 lines again.
        const moved = old && state.model && sameHooks && language === 'python' ? modelStillHolds(state.model, state.tree, old, edits) : null;
        if (moved) {
          this.stats.reused++;
          return built(moved, true);
        }
      } catch (e) {
        if (!(e instanceof ParseRefused)) throw e;
        return built(emptyModel(language, e.message));
      } finally {
        if (old && old !== state.tree) parser.release(old);
      }
    }
    this.stats.analyzed++;
    const headers = new Map<string, string | null>();
    state.headers = headers;
    const recorded = readInclude && ((include: string) => {
      const header = readInclude(include);
      headers.set(include, header);
      return header;
    });
    return built(parser.analyze(language, text, state.tree, { externalHooks, hookRegistrars, readInclude: recorded }));
  }

  /**
   * Which analysis the document's current model comes from: equal for two versions when the
   * later model is the earlier one moved through the edits between them.
   */
  lineage(uri: string): number | undefined {
    return this.states.get(uri)?.lineage;
  }

  dispose(uri: string): void {
    const state = this.states.get(uri);
    if (state?.tree) this.parserOf().release(state.tree);
    this.states.delete(uri);
  }

  /** After the parser restarted: every tree is gone with the old instance; build models anew. */
  invalidateAll(): void {
    for (const state of this.states.values()) {
      state.tree = null;
      state.model = null;
      state.modelVersion = -1;
      state.edits = [];
    }
  }
}

/** What a model depends on besides the text: the hooks other files register, and the registrars. */
export function hooksKey(externalHooks: ReadonlySet<string>, hookRegistrars: readonly string[]): string {
  return `${[...externalHooks].sort().join(',')};${hookRegistrars.join(',')}`;
}

function headersUnchanged(headers: ReadonlyMap<string, string | null> | undefined, readInclude?: (include: string) => string | null): boolean {
  if (!headers || !readInclude) return true;
  for (const [include, text] of headers) if (readInclude(include) !== text) return false;
  return true;
}
