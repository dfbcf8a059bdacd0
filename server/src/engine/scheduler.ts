import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FeatureContext } from '../features/context';
import { emptyModel, type DocumentModel, type Position, type Range, type Settings } from '../model';
import { exceedsSize, tooLargeReason } from '../parsing/sizeLimit';
import { uriKey } from '../workspace/uris';
import { hooksKey } from './documents';
import type { DocumentThread } from './documentThread';
import type { ElsewhereFile } from './scanner';
import { endAfter, rangeEdit, shiftModel, type PositionEdit } from './incremental';
import type { AuditWorkspace } from './workspace';

/**
 * Requests on documents at least this long never wait for a new model while they have one: its
 * analysis takes long enough (100 KB: a quarter of a second, 1 MB: seconds) to be felt.
 */
export const LARGE_DOCUMENT_CHARS = 64 * 1024;
/**
 * Below this, a document's model is built here, on the spot (a few milliseconds, with the
 * incremental reparse); above it, on the analysis thread (engine/documentThread.ts), while this
 * thread answers other messages; a job a request waits for goes first. The workspace index's
 * files are all analyzed there.
 */
export const IN_PROCESS_CHARS = 16 * 1024;
/**
 * Edits since the last model that add or remove at least this much text (a paste) are not waited
 * for: requests are answered from the last model, moved to the new positions.
 */
export const LARGE_EDIT_CHARS = 16 * 1024;
/** How long after a change a document analyzed here is checked: short, so a burst of edits coalesces. */
const CHANGE_DELAY_MS = 5;
/** How many closed documents keep their model for a reopening. */
const RECENTLY_CLOSED = 16;
/** How long a request waits for a document's new model on the analysis thread before the last model answers. */
const MAX_REQUEST_WAIT_MS = 250;
/** A request waiting on the client (its settings) pauses the index for at most this long. */
const MAX_REQUEST_PAUSE_MS = 2000;

interface Analyzed {
  version: number;
  /** The external hooks and hook registrars the model was built for. */
  hooks: string;
  model: DocumentModel;
  /** Which of the analysis thread's analyses the model comes from (DocumentResult.lineage). */
  lineage?: string;
}

interface DocumentState {
  timer?: NodeJS.Timeout;
  /** The newest model built for the document. */
  last?: Analyzed;
  /** The edits since `last`'s version, in order; `editedChars`: how much text they removed and added. */
  edits: PositionEdit[];
  editedChars: number;
  /** `last` moved through the first `applied` edits, kept for the next request. */
  shifted?: { applied: number; model: DocumentModel };
  /** The analysis under way on the thread, shared by whoever asks for that version. */
  building?: { version: number; hooks: string; promise: Promise<DocumentModel | null> };
  /** A version whose analysis made the thread's parser trap: never analyzed again. */
  trapped?: { version: number; reason: string };
}

/**
 * When the server analyzes what: requests are answered at once from the last model a document
 * has (moved through the edits since) whenever a fresh one would take long (a large document, a
 * paste), else from a model built here on the spot. After a change, a small document is
 * analyzed here once a burst of edits has ended; a large one at once on the analysis thread,
 * where a newer version replaces an older one that has not started and the result of a version
 * that is no longer the newest is dropped. The workspace index asks `idle()` between files, so
 * that it never runs ahead of a request, and its files are analyzed on the thread.
 */
export class AnalysisScheduler {
  private readonly states = new Map<string, DocumentState>();
  /** The last models of documents closed lately, with their text: closing and reopening a tab is common. */
  private readonly recentlyClosed = new Map<string, { text: string; languageId: string; last: Analyzed }>();
  private requests = 0;
  private readonly idleWaiters: (() => void)[] = [];
  /** Told when the thread's parser trapped on a document and was restarted. */
  onThreadRecovered: () => void = () => {};

  constructor(
    private readonly engine: AuditWorkspace,
    readonly thread: DocumentThread | null,
    /** Publishes what a document's newest version has (the server's validation). */
    private readonly validate: (uri: string) => Promise<void>,
  ) {}

  /** The TextDocuments configuration: the engine's, which also notes each edit to move the last model by. */
  get configuration(): TextDocumentsConfiguration<TextDocument> {
    const base = this.engine.documents.configuration;
    return {
      create: (uri, languageId, version, content) => {
        this.forget(uri);
        // Reopened as it was closed: its model still holds, and requests need not wait for a new one.
        const closed = this.recentlyClosed.get(uri);
        this.recentlyClosed.delete(uri);
        if (closed && closed.text === content && closed.languageId === languageId) this.state(uri).last = { ...closed.last, version };
        return base.create(uri, languageId, version, content);
      },
      update: (document, changes, version) => {
        this.thread?.noteChanges(document.uri, version, changes);
        const state = this.state(document.uri);
        for (const change of changes) {
          this.noteEdit(state, document, change);
          base.update(document, [change], version);
        }
        return document;
      },
    };
  }

  private state(uri: string): DocumentState {
    let s = this.states.get(uri);
    if (!s) this.states.set(uri, (s = { edits: [], editedChars: 0 }));
    return s;
  }

  private noteEdit(state: DocumentState, doc: TextDocument, change: TextDocumentContentChangeEvent): void {
    if (!state.last) return;
    try {
      const edit = 'range' in change ? changedRange(doc, change.range, change.text) : wholeTextEdit(doc, change.text);
      state.edits.push(edit.edit);
      state.editedChars += edit.chars;
    } catch {
      // A change that cannot be followed (not text, say): no last model to answer from.
      state.last = undefined;
      state.shifted = undefined;
    }
  }

  // ---- validation ----------------------------------------------------------------------------

  /**
   * Validates a document `delay` ms from now, by default as soon as a burst of edits has ended; a
   * newer change restarts the wait. A document analyzed on the thread does not wait: typing
   * coalesces there, where a newer version replaces one that has not started.
   */
  schedule(uri: string, delay?: number): void {
    const state = this.state(uri);
    if (state.timer) clearTimeout(state.timer);
    const doc = delay === undefined ? this.engine.openDocument(uri) : undefined;
    const wait = delay ?? (doc && this.onThread(doc) ? 0 : CHANGE_DELAY_MS);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void this.validate(uri);
    }, wait);
  }

  isScheduled(uri: string): boolean {
    return !!this.states.get(uri)?.timer;
  }

  /** A document closed (with its text) or replaced: what waits for it is dropped. */
  forget(uri: string, closed?: TextDocument): void {
    const state = this.states.get(uri);
    if (closed && state?.last && state.last.version === closed.version && state.edits.length === 0) {
      this.recentlyClosed.delete(uri);
      this.recentlyClosed.set(uri, { text: closed.getText(), languageId: closed.languageId, last: state.last });
      for (const oldest of this.recentlyClosed.keys()) {
        if (this.recentlyClosed.size <= RECENTLY_CLOSED) break;
        this.recentlyClosed.delete(oldest);
      }
    }
    if (state?.timer) clearTimeout(state.timer);
    this.thread?.cancel(uri);
    this.states.delete(uri);
  }

  /** Whether the document's models are built on the analysis thread (else here). */
  private onThread(doc: TextDocument): boolean {
    return !!this.thread && doc.getText().length >= IN_PROCESS_CHARS;
  }

  private large(doc: TextDocument): boolean {
    return doc.getText().length >= LARGE_DOCUMENT_CHARS;
  }

  // ---- contexts ------------------------------------------------------------------------------

  /**
   * The context of a document's newest version: built here for a small document, on the
   * analysis thread (awaited, not blocking) for a large one. Null when the document closed or a
   * newer version arrived meanwhile (its own validation follows). The model goes to the index.
   */
  async freshContext(uri: string, forRequest = false): Promise<FeatureContext | null> {
    const { engine } = this;
    await engine.ready;
    const doc = engine.openDocument(uri);
    if (!doc || !engine.documents.language(doc)) return null;
    const settings = await engine.settingsFor(uri);
    if (engine.openDocument(uri) !== doc) return null;
    const version = doc.version;
    const key = uriKey(uri);
    const model = await this.modelFor(uri, doc, key, settings, forRequest);
    if (!model || engine.openDocument(uri) !== doc || doc.version !== version) return null;
    if (engine.index.update(key, model)) engine.onIndexChanged(uri);
    return engine.context(key, model, settings, endOf(doc, model), doc.getText());
  }

  /**
   * The context a request is answered from: the newest version's when it is quick to build,
   * else the last model's, moved to the newest version's positions. A request waits for the
   * analysis thread at most MAX_REQUEST_WAIT_MS (it may be busy with another document): then the
   * last model answers, or, for a document that has none yet, nothing does (an empty model).
   */
  async requestContext(uri: string): Promise<FeatureContext | null> {
    const { engine } = this;
    await engine.ready;
    const doc = engine.openDocument(uri);
    const language = doc && engine.documents.language(doc);
    if (!doc || !language) return null;
    const state = this.state(doc.uri);
    if (!state.last || !(this.large(doc) || state.editedChars >= LARGE_EDIT_CHARS)) {
      const fresh = this.freshContext(uri, true);
      const ctx = this.onThread(doc) ? await Promise.race([fresh, delay(MAX_REQUEST_WAIT_MS, null)]) : await fresh;
      if (ctx) return ctx;
    }
    const settings = await engine.settingsFor(uri);
    const now = engine.openDocument(uri);
    if (!now) return null;
    const current = this.states.get(now.uri);
    const model = current?.last ? this.lastModel(current) : emptyModel(language);
    return engine.context(uriKey(uri), model, settings, endOf(now, model), now.getText());
  }

  /** The last model, moved through the edits since it was built. */
  private lastModel(state: DocumentState): DocumentModel {
    const last = state.last!;
    const base = state.shifted && state.shifted.applied <= state.edits.length ? state.shifted : { applied: 0, model: last.model };
    if (base.applied === state.edits.length) return base.model;
    const model = shiftModel(base.model, state.edits.slice(base.applied));
    state.shifted = { applied: state.edits.length, model };
    return model;
  }

  private remember(state: DocumentState, version: number, hooks: string, model: DocumentModel, lineage?: string): void {
    state.last = { version, hooks, model, lineage };
    state.edits = [];
    state.editedChars = 0;
    state.shifted = undefined;
  }

  /**
   * The model of the document's current version, built once per version (and external hooks):
   * here when a request needs it and it is quick to build, else on the thread.
   */
  private modelFor(uri: string, doc: TextDocument, key: string, settings: Settings, forRequest: boolean): Promise<DocumentModel | null> | DocumentModel {
    const { engine } = this;
    const state = this.state(doc.uri);
    const externalHooks = engine.index.externalHooksFor(key);
    // The setting's registrars and the wrappers of addaudithook the workspace defines.
    const registrars = engine.registrars(settings.hookRegistrars);
    const hooks = hooksKey(externalHooks, registrars);
    const version = doc.version;
    // Built here, the engine's documents keep one model per version, hooks and C headers read
    // (a header changed on disk is noticed there): no second cache in front of them.
    // (`!this.thread` for the compiler: onThread says it too.)
    if (!this.thread || !this.onThread(doc)) {
      // Shrunk below the threshold: the thread's copy of it is no longer kept up to date.
      this.thread?.cancel(doc.uri);
      const model = engine.documents.model(doc, externalHooks, settings.maxFileSize, registrars, engine.includeReader(doc));
      this.remember(state, version, hooks, model);
      return model;
    }
    if (state.last?.version === version && state.last.hooks === hooks) return state.last.model;
    // This thread keeps no tree of a document it does not parse: the analysis thread keeps it.
    engine.documents.dispose(doc.uri);
    const language = engine.documents.language(doc)!;
    const text = doc.getText();
    let refused: string | null = null;
    if (exceedsSize(text, settings.maxFileSize)) refused = tooLargeReason(settings.maxFileSize);
    else if (state.trapped?.version === version) refused = state.trapped.reason;
    if (refused !== null) {
      // Not sent, so the thread's copy would only pile up the changes made meanwhile.
      this.thread.cancel(doc.uri);
      const model = emptyModel(language, refused);
      this.remember(state, version, hooks, model);
      return model;
    }
    if (state.building?.version === version && state.building.hooks === hooks) {
      if (forRequest) this.thread.hurry(doc.uri);
      return state.building.promise;
    }
    const stillWanted = () => engine.openDocument(uri) === doc && doc.version === version;
    const promise = this.thread
      .analyze({
        key: doc.uri,
        language,
        text,
        version,
        heldLineage: () => (state.last?.hooks === hooks ? state.last.lineage : undefined),
        externalHooks: [...externalHooks],
        hookRegistrars: [...registrars],
        path: engine.headerPathOf(doc) ?? undefined,
        urgent: forRequest,
        stillWanted,
      })
      .then((result): Promise<DocumentModel | null> | DocumentModel | null => {
        if (state.building?.promise === promise) state.building = undefined;
        if (!result) return null;
        if (result.trapped) {
          state.trapped = { version, reason: result.model?.skipped ?? 'the parser failed on this file and was restarted' };
          this.onThreadRecovered();
        }
        if (!stillWanted() || this.states.get(doc.uri) !== state) return null;
        if (!result.model && state.last?.lineage !== result.lineage) {
          // The model the thread moved is not the one held here any more: ask for it whole.
          if (state.last) state.last.lineage = undefined;
          return this.modelFor(uri, doc, key, settings, forRequest);
        }
        // Moved, not analyzed again: the last model moved through the same edits is the same model.
        const model = result.model ?? this.lastModel(state);
        this.remember(state, version, hooks, model, result.lineage);
        return model;
      });
    state.building = { version, hooks, promise };
    return promise;
  }

  // ---- requests and the index ------------------------------------------------------------------

  /**
   * For the index: a file analyzed on the thread, after every document waiting there, so that
   * the index never takes this thread from a request (issue 15); null when there is no thread.
   */
  indexElsewhere(file: ElsewhereFile): Promise<DocumentModel | null> | null {
    if (!this.thread) return null;
    const job = { key: `index:${file.path}`, ...file, background: true, stillWanted: () => true };
    return this.thread.analyze(job).then((result) => {
      if (result?.trapped) this.onThreadRecovered();
      return result?.model ?? null;
    });
  }

  /** Counts a request while it is answered: the index waits for it. */
  track<T>(work: Promise<T>): Promise<T> {
    this.requests++;
    return work.finally(() => {
      if (--this.requests === 0) for (const w of this.idleWaiters.splice(0)) w();
    });
  }

  /**
   * Resolves once the message queue has had a turn and no request is being answered: the index
   * calls it between files. A request that waits on the client holds the index up for at most
   * MAX_REQUEST_PAUSE_MS, so that a client that never answers cannot stop it.
   */
  async idle(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    if (this.requests === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, MAX_REQUEST_PAUSE_MS);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

function delay<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms));
}

/**
 * Where the document ends, for edits appended to it. Not for a document too large to analyze:
 * its line table (millions of lines) would cost this thread more than anything it can offer.
 */
function endOf(doc: TextDocument, model: DocumentModel): Position | undefined {
  return model.skipped ? undefined : doc.positionAt(doc.getText().length);
}

/** An edit of a range, in the document's positions before it is applied. */
function changedRange(doc: TextDocument, range: Range, text: string): { edit: PositionEdit; chars: number } {
  const { from, to, edit } = rangeEdit(doc, range, text);
  return { edit, chars: to - from + text.length };
}

/** A whole-text change as the one edit between the common prefix and the common suffix. */
function wholeTextEdit(doc: TextDocument, text: string): { edit: PositionEdit; chars: number } {
  if (typeof text !== 'string') throw new TypeError('a change without text');
  const old = doc.getText();
  const max = Math.min(old.length, text.length);
  let prefix = 0;
  while (prefix < max && old.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
  const start = doc.positionAt(prefix);
  const inserted = text.slice(prefix, text.length - suffix);
  return { edit: { start, oldEnd: doc.positionAt(old.length - suffix), newEnd: endAfter(start, inserted) }, chars: old.length - suffix - prefix + inserted.length };
}
