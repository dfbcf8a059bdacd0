import { threadId } from 'node:worker_threads';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentModel, SourceLanguage } from '../model';
import { headerReaderFor } from '../workspace/headers';
import type { Analyzer } from './analyzer';
import { AnalyzedDocuments } from './documents';

/**
 * One version of an open document for the analysis thread: its whole text when the thread has no
 * copy of it, else the editor's changes since the copy's version (a keystroke in a 1 MB file
 * sends a few bytes, and the thread's tree is reparsed incrementally).
 */
export interface DocumentStep {
  key: string;
  language: SourceLanguage;
  version: number;
  text?: string;
  /** The version of the thread's copy the changes start from. */
  base?: number;
  changes?: TextDocumentContentChangeEvent[];
  externalHooks: string[];
  hookRegistrars: string[];
  /** A C file's path: its quoted headers are read beside it. */
  path?: string;
  /** The lineage of the model the asking thread holds for these hooks: a model of the same lineage is not sent back. */
  heldLineage?: string;
}

/**
 * The model of the step's version; or, when it is the asker's held model moved through the
 * edits since (typing inside code no hook involves), only that (`moved`), so that nothing large
 * crosses the threads; or `outOfStep` when the thread's copy is not at the step's base (the
 * asker then sends the whole text).
 */
export type DocumentStepReply = { model: DocumentModel; lineage: string } | { moved: true; lineage: string } | { outOfStep: true };

/** The open documents the analysis thread holds, with their trees: what AnalyzedDocuments is on the main thread. */
export class ThreadDocuments {
  private readonly texts = new Map<string, TextDocument>();
  private readonly analyzed: AnalyzedDocuments;

  constructor(analyzer: Analyzer) {
    this.analyzed = new AnalyzedDocuments(() => analyzer);
    analyzer.onRecovered = () => this.analyzed.invalidateAll();
  }

  step(s: DocumentStep): DocumentStepReply {
    const { configuration } = this.analyzed;
    let doc = this.texts.get(s.key);
    if (s.text !== undefined) {
      doc = configuration.create(s.key, s.language, s.version, s.text);
      this.texts.set(s.key, doc);
    } else {
      if (!doc || doc.version !== s.base || !s.changes) return { outOfStep: true };
      if (s.changes.length > 0 || s.version !== doc.version) configuration.update(doc, s.changes, s.version);
    }
    const readInclude = headerReaderFor(s.language, s.path);
    // The asker refused what is too large before sending it.
    const model = this.analyzed.model(doc, new Set(s.externalHooks), Infinity, s.hookRegistrars, readInclude);
    // Unique across threads: a restarted thread counts its analyses from 1 again.
    const lineage = `${threadId}:${this.analyzed.lineage(s.key)}`;
    return lineage === s.heldLineage ? { moved: true, lineage } : { model, lineage };
  }

  forget(keys: readonly string[]): void {
    for (const key of keys) {
      this.analyzed.dispose(key);
      this.texts.delete(key);
    }
  }
}
