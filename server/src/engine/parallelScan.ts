import type { DocumentModel, SourceLanguage } from '../model';
import { AnalysisPool, workerScript } from './analysisPool';
import type { AnalysisJob } from './analysisJob';

/**
 * Below this many files that mention audit, no worker is started: starting one (a thread, its
 * own tree-sitter instance and its own JIT warm-up) costs more than analyzing them here. On the
 * 2-core machine of issue 15, trees of 16-256 all-audit bench files: two workers cost 0.2-0.4 s
 * more CPU than one thread at every size, and a file about 2 ms, so they break even near 150
 * files (each worker's start runs beside the other's; each analyzes half). Under load no size up
 * to 256 gained. See the commit that set it.
 */
export const MIN_FILES_FOR_WORKERS = 128;
/** A batch is this many files or this much text, whichever comes first: small enough to balance the workers. */
const BATCH_FILES = 16;
const BATCH_CHARS = 512 * 1024;
/** Batches each worker holds at once (analysisPool.ts): the next one is there when it finishes one. */
const BATCHES_PER_WORKER = 2;

interface HeldFile {
  path: string;
  language: SourceLanguage;
  /** Null when the file is not analyzed (unreadable, or it mentions no audit API). */
  text: string | null;
  /** What reading it reported, told in walk order with the rest. */
  errors: { path: string; message: string }[];
  hookRegistrars: readonly string[];
  model?: Promise<DocumentModel>;
}

/**
 * The first pass of a scan on worker threads: the walk (on the main thread) hands each file it
 * read here; once enough of them mention audit, workers start and get them in batches. The
 * models come back in walk order whatever worker analyzed what, so the index is filled, and
 * the output made, as by one thread.
 */
export class ParallelFirstPass {
  private pool: AnalysisPool | null = null;
  private readonly files: HeldFile[] = [];
  private batch: { files: HeldFile[]; chars: number } = { files: [], chars: 0 };
  private analyzable = 0;

  private constructor(
    private readonly script: string,
    private readonly jobs: number,
  ) {}

  /** Null when this bundle has no worker script beside it: the scan then runs on this thread. */
  static create(jobs: number): ParallelFirstPass | null {
    const script = workerScript();
    return script ? new ParallelFirstPass(script, jobs) : null;
  }

  get started(): boolean {
    return this.pool !== null;
  }

  /** The files held so far, in walk order: the scan analyzes them itself when no worker was started. */
  get held(): readonly HeldFile[] {
    return this.files;
  }

  add(path: string, language: SourceLanguage, text: string | null, errors: HeldFile['errors'], hookRegistrars: readonly string[] = []): void {
    const file: HeldFile = { path, language, text, errors, hookRegistrars };
    this.files.push(file);
    if (text === null) return;
    this.analyzable++;
    if (this.pool) this.queue(file);
    else if (this.analyzable >= MIN_FILES_FOR_WORKERS) {
      this.pool = new AnalysisPool(this.script, this.jobs, BATCHES_PER_WORKER);
      for (const f of this.files) if (f.text !== null) this.queue(f);
    }
  }

  /** Waits for every model and gives each file, in walk order, its model (null when not analyzed) and its errors. */
  async finish(apply: (path: string, model: DocumentModel | null, errors: HeldFile['errors']) => void): Promise<void> {
    this.send();
    for (const f of this.files) apply(f.path, f.model ? await f.model : null, f.errors);
  }

  /** Analyzes texts with their external hooks on the workers, the models in the texts' order. */
  async analyzeAll(files: readonly AnalysisJob[]): Promise<DocumentModel[]> {
    if (!this.pool || files.length === 0) return [];
    const size = Math.max(1, Math.ceil(files.length / this.jobs));
    const batches: Promise<DocumentModel[]>[] = [];
    for (let i = 0; i < files.length; i += size) {
      batches.push(this.pool.analyze(files.slice(i, i + size).map((f) => ({ language: f.language, text: f.text, externalHooks: f.externalHooks, hookRegistrars: f.hookRegistrars, path: f.path }))));
    }
    return (await Promise.all(batches)).flat();
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }

  private queue(file: HeldFile): void {
    this.batch.files.push(file);
    this.batch.chars += file.text!.length;
    if (this.batch.files.length >= BATCH_FILES || this.batch.chars >= BATCH_CHARS) this.send();
  }

  private send(): void {
    const { files } = this.batch;
    if (!this.pool || files.length === 0) return;
    this.batch = { files: [], chars: 0 };
    const models = this.pool.analyze(files.map((f) => ({ language: f.language, text: f.text!, externalHooks: [], hookRegistrars: [...f.hookRegistrars], path: f.path })));
    // A failed batch fails every file in it; the scan reports it when it awaits the first.
    models.catch(() => {});
    files.forEach((f, i) => {
      f.model = models.then((m) => m[i]);
      f.model.catch(() => {});
      // The text has left for the worker; the model is what stays.
      f.text = null;
    });
  }
}
