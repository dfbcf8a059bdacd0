import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { DocumentModel, SourceLanguage } from '../model';
import { emptyModel } from '../model';
import { AnalysisPool, workerScript } from './analysisPool';
import type { AnalysisJob } from './analysisJob';
import type { DocumentStep } from './threadDocuments';

/** One document version to analyze on the thread: an open document's, or a workspace file's for the index. */
export interface DocumentJob {
  /** Jobs of one key supersede each other: a newer one cancels an older one that has not started. */
  key: string;
  language: SourceLanguage;
  text: string;
  externalHooks: string[];
  hookRegistrars: string[];
  /** A C file's path: its quoted headers are read beside it. */
  path?: string;
  /**
   * An open document's version: the thread keeps the document and its tree, and is sent only the
   * changes since its copy (noteChanges). Without it, a workspace file, analyzed as the index
   * analyzes it (from its excerpt when large) and not kept.
   */
  version?: number;
  /** The lineage of the model the asker holds for this document and these hooks (DocumentResult.lineage). */
  heldLineage?: () => string | undefined;
  /** The index's work: it waits while a document's job waits. */
  background?: boolean;
  /** A request waits for it: it goes before every other job that waits. */
  urgent?: boolean;
  /** Asked again just before the job is sent: false drops it (its version is no longer the newest). */
  stillWanted: () => boolean;
}

/**
 * What the thread made of a job: null when it was cancelled before it started. `model` is null
 * when it is the asker's held model moved through the edits since (the asker moves it itself);
 * `lineage` names the analysis the model comes from.
 */
export type DocumentResult = { model: DocumentModel | null; lineage?: string; trapped: boolean } | null;

/** The thread's copy of an open document: its version, and the changes made since, by version. */
interface Copy {
  version: number;
  since: { version: number; changes: TextDocumentContentChangeEvent[] }[];
}

interface Queued {
  job: DocumentJob;
  resolve: (r: DocumentResult) => void;
}

/**
 * One worker thread (the CLI's analysis worker, engine/analysisWorker.ts) that analyzes the
 * server's large documents and the workspace index's files, so that their analysis never holds
 * up the message queue. It keeps a copy of each large open document with its tree
 * (engine/threadDocuments.ts): an edit crosses as the editor's change and is reparsed
 * incrementally, and a model that is only the last one moved does not cross back.
 *
 * One job runs at a time; waiting jobs are kept one per key, so that a newer version of a
 * document replaces the older one at once, and a job whose version is no longer the newest is
 * dropped before it is sent. A worker that dies is replaced for the next job.
 */
export class DocumentThread {
  private pool: AnalysisPool | null = null;
  private readonly waiting = new Map<string, Queued>();
  private running = false;
  /** How many times the worker's parser trapped (the worker counts from its start). */
  private restartsSeen = 0;
  /** The open documents the worker has a copy of, and the closed ones it may drop. */
  private readonly copies = new Map<string, Copy>();
  private forgotten: string[] = [];
  private closed = false;

  private constructor(private readonly script: string) {}

  /** Null when this bundle has no worker script beside it: then everything is analyzed in-process. */
  static create(): DocumentThread | null {
    const script = workerScript();
    return script ? new DocumentThread(script) : null;
  }

  /** Whether a job is running or waiting. */
  get busy(): boolean {
    return this.running || this.waiting.size > 0;
  }

  analyze(job: DocumentJob): Promise<DocumentResult> {
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      const older = this.waiting.get(job.key);
      // Map order is insertion order: a replaced job goes to the back, behind the other documents.
      this.waiting.delete(job.key);
      older?.resolve(null);
      this.waiting.set(job.key, { job, resolve });
      void this.next();
    });
  }

  /** A request now waits for the job of this key: it goes first. */
  hurry(key: string): void {
    const queued = this.waiting.get(key);
    if (queued) queued.job.urgent = true;
  }

  /** Drops what waits for a key, and the worker's copy of it (a closed document, or one analyzed elsewhere now). */
  cancel(key: string): void {
    this.waiting.get(key)?.resolve(null);
    this.waiting.delete(key);
    if (this.copies.delete(key)) {
      this.forgotten.push(key);
      void this.next();
    }
  }

  /** A document's changes, as the editor sent them: the worker's copy gets them with its next job. */
  noteChanges(key: string, version: number, changes: TextDocumentContentChangeEvent[]): void {
    this.copies.get(key)?.since.push({ version, changes });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.waiting.values()) q.resolve(null);
    this.waiting.clear();
    await this.pool?.close();
    this.pool = null;
  }

  private async next(): Promise<void> {
    if (this.running || this.closed) return;
    let chosen: [string, Queued] | undefined;
    const rank = (job: DocumentJob) => (job.urgent ? 0 : job.background ? 2 : 1);
    for (const entry of this.waiting) if (!chosen || rank(entry[1].job) < rank(chosen[1].job)) chosen = entry;
    if (!chosen) return this.dropForgotten();
    const [key, { job, resolve }] = chosen;
    this.waiting.delete(key);
    if (!job.stillWanted()) {
      resolve(null);
      void this.next();
      return;
    }
    this.running = true;
    try {
      resolve(await this.run(job));
    } finally {
      this.running = false;
      void this.next();
    }
  }

  /** With nothing else to do, the worker drops the documents closed since its last step (their trees can be large). */
  private async dropForgotten(): Promise<void> {
    const pool = this.pool;
    if (!pool || pool.failed || this.forgotten.length === 0) return;
    this.running = true;
    try {
      await pool.forget(this.forgotten.splice(0));
    } catch {
      // The worker stopped: the next job replaces it, with none of these documents.
    } finally {
      this.running = false;
      void this.next();
    }
  }

  /** The worker, a new one when the last one stopped (between jobs, too: then no job is blamed for it). */
  private worker(): AnalysisPool {
    if (this.pool?.failed) this.replacePool(this.pool);
    return (this.pool ??= new AnalysisPool(this.script, 1));
  }

  private replacePool(pool: AnalysisPool): void {
    if (this.pool !== pool) return;
    this.pool = null;
    this.restartsSeen = 0;
    this.copies.clear();
    this.forgotten = [];
    void pool.close();
  }

  private async run(job: DocumentJob): Promise<DocumentResult> {
    const pool = this.worker();
    try {
      const result = job.version === undefined ? { model: (await pool.analyze([this.indexJob(job)]))[0] } : await this.step(pool, job, job.version);
      const restarts = pool.restarts;
      const trapped = restarts > this.restartsSeen;
      this.restartsSeen = restarts;
      return { ...result, trapped };
    } catch (e) {
      // The worker stopped on this job (out of memory, killed, an error it could not answer): this
      // version is not analyzed again; the next job gets a new worker.
      this.replacePool(pool);
      return { model: emptyModel(job.language, `the analysis thread stopped on this file (${(e as Error).message.split('\n')[0]}) and was restarted`), trapped: true };
    }
  }

  private indexJob(job: DocumentJob): AnalysisJob {
    return { language: job.language, text: job.text, externalHooks: job.externalHooks, hookRegistrars: job.hookRegistrars, path: job.path };
  }

  /** An open document's version on the worker: the changes since its copy, or the whole text when it has none that leads there. */
  private async step(pool: AnalysisPool, job: DocumentJob, version: number): Promise<{ model: DocumentModel | null; lineage: string }> {
    const copy = this.copies.get(job.key);
    const changes = copy && changesUpTo(copy, version);
    const base: DocumentStep = { key: job.key, language: job.language, version, externalHooks: job.externalHooks, hookRegistrars: job.hookRegistrars, path: job.path, heldLineage: job.heldLineage?.() };
    const whole: DocumentStep = { ...base, text: job.text };
    // From here the worker's copy is at this version; changes that arrive meanwhile follow it.
    this.copies.set(job.key, { version, since: copy?.since.filter((c) => c.version > version) ?? [] });
    let reply = await pool.step(changes ? { ...base, base: copy.version, changes } : whole, this.forgotten.splice(0));
    if ('outOfStep' in reply) reply = await pool.step(whole, []);
    if ('outOfStep' in reply) throw new Error('the analysis thread lost a document it was just sent');
    return 'moved' in reply ? { model: null, lineage: reply.lineage } : reply;
  }
}

/** The changes that take a copy to `version`, or null when the ones noted do not end there. */
function changesUpTo(copy: Copy, version: number): TextDocumentContentChangeEvent[] | null {
  const upTo = copy.since.filter((c) => c.version <= version);
  if (upTo.length === 0) return copy.version === version ? [] : null;
  return upTo[upTo.length - 1].version === version ? upTo.flatMap((c) => c.changes) : null;
}
