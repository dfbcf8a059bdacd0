import type { DocumentModel, SourceLanguage } from '../model';
import type { DocumentStep, DocumentStepReply } from './threadDocuments';

/** One file handed to an analysis worker: its text (the main thread read and filtered it). */
export interface AnalysisJob {
  language: SourceLanguage;
  text: string;
  /** Top-level functions other files register as hooks (the scan's second pass). */
  externalHooks: string[];
  /** The `hookRegistrars` setting that governs the file (issue 12 §2). */
  hookRegistrars?: string[];
  /** Where the file is: a C file's quoted includes are read beside it. */
  path?: string;
}

/**
 * A batch of jobs sent to a worker, answered by the same id; or one step of an open document the
 * worker keeps (the server's analysis thread), with the documents it can drop (closed); or only
 * those (answered with no models).
 */
export type AnalysisRequest = { id: number; jobs: AnalysisJob[] } | { id: number; step: DocumentStep; forget: string[] } | { id: number; forget: string[] };

/**
 * The models of a batch, in the batch's order (with how many times the worker's parser has
 * trapped and restarted so far); or why the worker could not analyze it.
 */
export type AnalysisReply = { id: number; models: DocumentModel[]; restarts?: number } | { id: number; step: DocumentStepReply; restarts: number } | { id: number; error: string };
