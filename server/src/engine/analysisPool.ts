import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DocumentModel } from '../model';
import type { AnalysisJob, AnalysisReply, AnalysisRequest } from './analysisJob';
import type { DocumentStep, DocumentStepReply } from './threadDocuments';

/** The bundled worker entry (scripts/build.mjs writes it beside cli.js and server.js). */
export const WORKER_SCRIPT = 'analysisWorker.js';

/** How many workers `--jobs` asks for by default: one per core. */
export function defaultJobs(): number {
  const fromEnv = Number(process.env.AUDIT_EVENTS_JOBS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : availableParallelism();
}

/** Where the worker script is, or null when this bundle has none beside it (the tests' bundles). */
export function workerScript(): string | null {
  const path = join(__dirname, WORKER_SCRIPT);
  return existsSync(path) ? path : null;
}

interface Slot {
  worker: Worker;
  /** Requests sent and not answered yet. */
  inFlight: number;
}

/** A request without its id (given when it is sent), and who waits for its answer. */
interface Pending {
  request: DistributiveOmit<AnalysisRequest, 'id'>;
  resolve: (answer: never) => void;
  reject: (e: Error) => void;
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/**
 * Worker threads, each with its own tree-sitter instance, that analyze batches of files for the
 * CLI. Batches are answered in any order; each promise gets its own batch's models, so the caller
 * merges them in its own (path) order and the output does not depend on the number of workers.
 * The server's analysis thread is a pool of one that also keeps its large open documents
 * (`step`, `forget`).
 */
export class AnalysisPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly inFlight = new Map<number, Pending & { slot: Slot }>();
  private nextId = 0;
  private failure: Error | null = null;

  /**
   * `perWorker`: requests a worker holds at once (the next ones wait in its port while it
   * answers one). The CLI's walk runs synchronously and hears the workers only between its
   * slices of work (scanner.ts, every 15 ms): a worker that held one batch sat idle until the
   * walk's next pause. The server's document steps go one at a time.
   */
  constructor(
    script: string,
    size: number,
    private readonly perWorker = 1,
  ) {
    for (let i = 0; i < size; i++) {
      const slot: Slot = { worker: new Worker(script), inFlight: 0 };
      slot.worker.on('message', (reply: AnalysisReply) => this.answered(slot, reply));
      slot.worker.on('error', (e) => this.fail(e));
      slot.worker.on('exit', (code) => {
        if (code !== 0 && !this.closing) this.fail(new Error(`an analysis worker stopped (exit code ${code})`));
      });
      this.slots.push(slot);
    }
  }

  private closing = false;
  /** How many times the last worker that answered had its parser trap and restart (a pool of one: that worker's count). */
  restarts = 0;

  analyze(jobs: AnalysisJob[]): Promise<DocumentModel[]> {
    return this.send({ jobs });
  }

  /** One step of an open document the worker keeps (the server's analysis thread: a pool of one). */
  step(step: DocumentStep, forget: string[]): Promise<DocumentStepReply> {
    return this.send({ step, forget });
  }

  /** Drops documents the worker keeps (closed ones). */
  async forget(keys: string[]): Promise<void> {
    await this.send({ forget: keys });
  }

  /** Whether a worker stopped: every request from now on is refused, and the pool must be replaced. */
  get failed(): boolean {
    return this.failure !== null;
  }

  private send<T>(request: Pending['request']): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ request, resolve: resolve as (answer: never) => void, reject });
      this.dispatch();
    });
  }

  /** Stops every worker; outstanding batches are not answered. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length) {
      // The least loaded worker, the first of equals.
      const slot = this.slots.reduce<Slot | null>((best, s) => (s.inFlight < this.perWorker && (!best || s.inFlight < best.inFlight) ? s : best), null);
      if (!slot) return;
      const pending = this.queue.shift()!;
      const id = this.nextId++;
      slot.inFlight++;
      this.inFlight.set(id, { ...pending, slot });
      slot.worker.postMessage({ id, ...pending.request });
    }
  }

  private answered(slot: Slot, reply: AnalysisReply): void {
    const pending = this.inFlight.get(reply.id);
    if (!pending) return;
    this.inFlight.delete(reply.id);
    slot.inFlight--;
    if ('error' in reply) pending.reject(new Error(`analysis worker: ${reply.error}`));
    else {
      this.restarts = reply.restarts ?? this.restarts;
      pending.resolve(('step' in reply ? reply.step : reply.models) as never);
    }
    this.dispatch();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const p of [...this.inFlight.values(), ...this.queue]) p.reject(e);
    this.inFlight.clear();
    this.queue.length = 0;
  }
}
