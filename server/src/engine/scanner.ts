import { dirname, isAbsolute, join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import type { SourceLanguage } from '../model';
import { tooLargeReason } from '../parsing/sizeLimit';
import { Excluder } from '../workspace/glob';
import { decodeSource, languageOfPath, MAX_INDEXED_BYTES, readSourceBytes, walkSourceFiles, walkSourceFilesSync } from '../workspace/files';
import type { WorkspaceIndex } from '../workspace/index';
import type { Analyzer } from './analyzer';

export interface ScanProgress {
  filesSeen: number;
  filesParsed: number;
  current: string;
}

export interface ScanRoot {
  path: string;
  /** The globs this folder's own settings exclude. */
  exclude: readonly string[];
  /** Bytes; larger files are not parsed (this folder's maxFileSize, at most MAX_INDEXED_BYTES). */
  maxFileSize?: number;
}

export interface ScanResult {
  filesSeen: number;
  filesParsed: number;
  /** Every source file seen, in walk order: what the CLI reports on. */
  files: string[];
  /** Files that could not be read, decoded or parsed, with the reason. */
  errors: { path: string; message: string }[];
  cancelled: boolean;
  millis: number;
}

export interface ScanOptions {
  onProgress?: (p: ScanProgress) => void;
  isCancelled?: () => boolean;
  /**
   * The server indexes in the background: it walks asynchronously and gives the event loop back
   * every few milliseconds so that requests are answered. The CLI has nothing else to do.
   */
  background?: boolean;
}

/**
 * Fills the workspace index from files on disk, for the server's workspace folders and the CLI's
 * paths alike: walks each folder with its own excludes, reads every source file, parses only
 * those that mention an audit API (parsing/prefilter.ts), then analyzes again, as hooks, the
 * files whose functions other files register (the second pass).
 */
export class WorkspaceScanner {
  private analyzer: Analyzer | null = null;

  constructor(
    analyzer: Analyzer | Promise<Analyzer>,
    private readonly index: WorkspaceIndex,
    /** Open documents are indexed from the editor's text, not from disk. */
    private readonly isOpen: (uri: string) => boolean = () => false,
  ) {
    this.analyzerLoading = Promise.resolve(analyzer).then((a) => (this.analyzer = a));
  }

  private readonly analyzerLoading: Promise<Analyzer>;

  /** The `hookRegistrars` setting that governs a file (issue 12 §2). */
  hookRegistrarsFor: (path: string) => readonly string[] = () => [];

  async scan(roots: readonly ScanRoot[], files: readonly string[] = [], options: ScanOptions = {}): Promise<ScanResult> {
    const started = Date.now();
    const result: ScanResult = { filesSeen: 0, filesParsed: 0, files: [], errors: [], cancelled: false, millis: 0 };
    // Files read before the grammars have loaded wait here: reading overlaps the loading.
    const waiting: { path: string; language: SourceLanguage; text: string }[] = [];
    const visited = new Set<string>();
    const visit = (path: string, knownFile: boolean, maxFileSize?: number) => {
      const language = languageOfPath(path);
      if (!language || visited.has(path)) return;
      visited.add(path);
      result.filesSeen++;
      result.files.push(path);
      const text = this.readIfItMatters(path, knownFile, result, false, maxFileSize);
      if (text === null) return;
      if (this.analyzer) this.analyzeInto(path, language, text, result);
      else waiting.push({ path, language, text });
    };
    let lastYield = Date.now();
    const pause = async (path: string) => {
      if (Date.now() - lastYield < 15) return;
      options.onProgress?.({ filesSeen: result.filesSeen, filesParsed: result.filesParsed, current: path });
      await new Promise((r) => setImmediate(r));
      lastYield = Date.now();
    };
    for (const path of files) visit(path, false);
    for (const root of roots) {
      const excluder = new Excluder(root.exclude);
      const walk = options.background ? walkSourceFiles(root.path, excluder) : walkSourceFilesSync(root.path, excluder);
      for await (const path of walk) {
        if (options.isCancelled?.()) {
          result.cancelled = true;
          return { ...result, millis: Date.now() - started };
        }
        visit(path, true, root.maxFileSize);
        await pause(path);
      }
    }
    await this.analyzerLoading;
    for (const w of waiting) this.analyzeInto(w.path, w.language, w.text, result);
    // Hooks defined in one file and registered in another: analyze their files as hooks.
    for (const uri of this.index.externalHookFiles()) {
      if (!this.isOpen(uri) && uri.startsWith('file:')) this.indexFile(fileURLToPath(uri), result, true);
    }
    return { ...result, millis: Date.now() - started };
  }

  /** (Re)indexes one file from disk, once the grammars are loaded. Returns whether it was parsed. */
  indexFile(path: string, result?: ScanResult, force = false): boolean {
    const language = languageOfPath(path);
    if (!language || !this.analyzer) return false;
    const text = this.readIfItMatters(path, false, result, force);
    return text !== null && this.analyzeInto(path, language, text, result);
  }

  /** The text of a file that can raise or register something; null (and out of the index) otherwise. */
  private readIfItMatters(path: string, knownFile: boolean, result: ScanResult | undefined, force = false, maxFileSize = MAX_INDEXED_BYTES): string | null {
    const uri = pathToFileURL(path).href;
    if (this.isOpen(uri)) return null;
    const read = readSourceBytes(path, knownFile);
    const skip = (message: string | null) => {
      if (message) result?.errors.push({ path, message });
      this.index.remove(uri);
      return null;
    };
    if (!read.ok) return skip(read.error);
    const limit = Math.min(maxFileSize, MAX_INDEXED_BYTES);
    if (read.bytes.length > limit) return skip(tooLargeReason(limit));
    if (!force && !read.mayMatter && this.index.externalHooksFor(uri).size === 0 && !this.callsRegistrar(path, read.bytes)) return skip(null);
    const source = decodeSource(read.bytes);
    return source.ok ? source.text : skip(source.error);
  }

  private callsRegistrar(path: string, bytes: Buffer): boolean {
    return this.hookRegistrarsFor(path).some((r) => bytes.includes(`${r.slice(r.lastIndexOf('.') + 1)}(`));
  }

  private analyzeInto(path: string, language: SourceLanguage, text: string, result?: ScanResult): boolean {
    const uri = pathToFileURL(path).href;
    const model = this.analyzer!.analyzeText(language, text, {
      externalHooks: this.index.externalHooksFor(uri),
      hookRegistrars: this.hookRegistrarsFor(path),
      readInclude: language === 'c' ? (include) => readHeaderBeside(path, include) : undefined,
    });
    if (model.skipped) result?.errors.push({ path, message: model.skipped });
    this.index.update(uri, model);
    if (result) result.filesParsed++;
    return true;
  }
}

/** A header included with quotes, from the including file's folder (where `#include "x.h"` looks first). */
function readHeaderBeside(path: string, include: string): string | null {
  if (isAbsolute(include) || include.split(/[\\/]/).includes('..')) return null;
  const read = readSourceBytes(join(dirname(path), include));
  if (!read.ok || read.bytes.length > MAX_INDEXED_BYTES) return null;
  const source = decodeSource(read.bytes);
  return source.ok ? source.text : null;
}
