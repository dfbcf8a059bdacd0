import type { DocumentModel, SourceLanguage } from '../model';
import { emptyModel } from '../model';
import { AnalysisPool, workerScript } from './analysisPool';
import type { AnalysisJob } from './analysisJob';

/** One document version to analyze on the thread. */
export interface DocumentJob {
  /** Jobs of one key supersede each other: a newer one cancels an older one that has not started. */
  key: string;
  language: SourceLanguage;
  text: string;
  externalHooks: string[];
  hookRegistrars: string[];
  /** A C file's path: its quoted headers are read beside it. */
  path?: string;
  /** An open document's whole text (true), or a workspace file, analyzed as the index analyzes it (from its excerpt when large). */
  whole: boolean;
  /** The index's work: it waits while a document's job waits. */
  background?: boolean;
  /** A request waits for it: it goes before every other job that waits. */
  urgent?: boolean;
  /** Asked again just before the job is sent: false drops it (its version is no longer the newest). */
  stillWanted: () => boolean;
}

/** What the thread made of a job: null when it was cancelled before it started. */
export type DocumentResult = { model: DocumentModel; trapped: boolean } | null;

interface Queued {
  job: DocumentJob;
  resolve: (r: DocumentResult) => void;
}

/**
 * One worker thread (the CLI's analysis worker, engine/analysisWorker.ts) that analyzes the
 * server's large documents and large workspace files, so that their analysis never holds up the
 * message queue. One job runs at a time; waiting jobs are kept one per key, so that a newer
 * version of a document replaces the older one at once, and a job whose version is no longer
 * the newest is dropped before it is sent. A worker that dies is replaced for the next job.
 */
export class DocumentThread {
  private pool: AnalysisPool | null = null;
  private readonly waiting = new Map<string, Queued>();
  private running = false;
  /** How many times the worker's parser trapped (the worker counts from its start). */
  private restartsSeen = 0;
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

  /** Drops what waits for a key (a closed document). */
  cancel(key: string): void {
    this.waiting.get(key)?.resolve(null);
    this.waiting.delete(key);
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
    if (!chosen) return;
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

  private async run(job: DocumentJob): Promise<DocumentResult> {
    const pool = (this.pool ??= new AnalysisPool(this.script, 1));
    const message: AnalysisJob = { language: job.language, text: job.text, externalHooks: job.externalHooks, hookRegistrars: job.hookRegistrars, path: job.path, whole: job.whole };
    try {
      const models = await pool.analyze([message]);
      const restarts = pool.restarts;
      const trapped = restarts > this.restartsSeen;
      this.restartsSeen = restarts;
      return { model: models[0], trapped };
    } catch (e) {
      // The worker died (out of memory, or killed): this version is not analyzed again; the next job gets a new worker.
      if (this.pool === pool) {
        this.pool = null;
        this.restartsSeen = 0;
        void pool.close();
      }
      return { model: emptyModel(job.language, `the analysis thread stopped on this file (${(e as Error).message.split('\n')[0]}) and was restarted`), trapped: true };
    }
  }
}
