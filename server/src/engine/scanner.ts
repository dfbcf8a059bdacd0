import { pathToFileURL, fileURLToPath } from 'node:url';
import type { DocumentModel, SourceLanguage } from '../model';
import { tooLargeReason } from '../parsing/sizeLimit';
import { Excluder } from '../workspace/glob';
import { decodeSource, languageOfPath, MAX_INDEXED_BYTES, readSourceBytes, walkSourceFiles, walkSourceFilesSync } from '../workspace/files';
import { headerReaderFor } from '../workspace/headers';
import type { WorkspaceIndex } from '../workspace/index';
import type { Analyzer } from './analyzer';
import type { AnalysisJob } from './analysisJob';
import { ParallelFirstPass } from './parallelScan';

export interface ScanProgress {
  filesSeen: number;
  filesParsed: number;
  current: string;
  /** Once the walk is done and files are still being analyzed: how many of how many. */
  analyzed?: number;
  total?: number;
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
  /**
   * Worker threads to analyze with (the CLI's `--jobs`); 1 or none analyzes on this thread. Only
   * a synchronous walk uses them, and only when enough files mention audit (parallelScan.ts).
   */
  jobs?: number;
  /**
   * The server's: awaited between files (it gives the message queue a turn and waits while a
   * request is answered), instead of yielding every few milliseconds.
   */
  between?: () => Promise<void>;
  /** The server's: analyzes a file on another thread; null when this one should. */
  analyzeElsewhere?: (file: ElsewhereFile) => Promise<DocumentModel | null> | null;
}

/** A file the scan would analyze, handed to `analyzeElsewhere`. */
export interface ElsewhereFile {
  path: string;
  language: SourceLanguage;
  text: string;
  externalHooks: string[];
  hookRegistrars: string[];
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
    const parallel = !options.background && (options.jobs ?? 1) > 1 ? ParallelFirstPass.create(options.jobs!) : null;
    const visit = (path: string, knownFile: boolean, maxFileSize?: number): Promise<void> | undefined => {
      const language = languageOfPath(path);
      if (!language || visited.has(path)) return;
      visited.add(path);
      result.filesSeen++;
      result.files.push(path);
      if (parallel) {
        const errors: ScanResult['errors'] = [];
        parallel.add(path, language, this.readIfItMatters(path, knownFile, errors, false, maxFileSize), errors, this.hookRegistrarsFor(path));
        return;
      }
      const text = this.readIfItMatters(path, knownFile, result.errors, false, maxFileSize);
      if (text === null) return;
      if (!this.analyzer) waiting.push({ path, language, text });
      else {
        const elsewhere = this.elsewhere(path, language, text, options);
        if (!elsewhere) this.analyzeInto(path, language, text, result);
        // Null: dropped (the scan was cancelled, or the server is shutting down).
        else return elsewhere.then((model) => (model ? this.indexModel(path, model, result) : undefined));
      }
      return undefined;
    };
    let lastYield = Date.now();
    const pause = async (path: string) => {
      if (Date.now() - lastYield < 15) return options.between?.();
      options.onProgress?.({ filesSeen: result.filesSeen, filesParsed: result.filesParsed, current: path });
      await (options.between?.() ?? new Promise((r) => setImmediate(r)));
      lastYield = Date.now();
    };
    for (const path of files) visit(path, false);
    for (const root of roots) {
      const excluder = new Excluder(root.exclude);
      const walk = options.background ? walkSourceFiles(root.path, excluder) : walkSourceFilesSync(root.path, excluder);
      for await (const path of walk) {
        if (options.isCancelled?.()) {
          result.cancelled = true;
          await parallel?.close();
          return { ...result, millis: Date.now() - started };
        }
        await visit(path, true, root.maxFileSize);
        await pause(path);
      }
    }
    // After the walk: the files analyzed so far, of those the walk found that mention audit
    // (as often as the walk tells, and the last one always).
    let told = 0;
    const analyzing = (path: string, total: number) => {
      if (Date.now() - told < 15 && result.filesParsed < total) return;
      told = Date.now();
      options.onProgress?.({ filesSeen: result.filesSeen, filesParsed: result.filesParsed, current: path, analyzed: result.filesParsed, total });
    };
    try {
      if (parallel?.started) {
        const total = parallel.held.filter((f) => f.model || f.text !== null).length;
        await parallel.finish((path, model, errors) => {
          result.errors.push(...errors);
          if (model) this.indexModel(path, model, result);
          if (model) analyzing(path, total);
        });
        await this.analyzerLoading;
        await this.againForWrappers(result, options);
        await this.secondPassInWorkers(parallel, result);
      } else {
        await this.analyzerLoading;
        // Files held back for the workers, too few to start them: analyzed here, in walk order.
        const held = parallel?.held ?? [];
        const total = result.filesParsed + held.filter((f) => f.text !== null).length + waiting.length;
        for (const f of held) {
          result.errors.push(...f.errors);
          if (f.text === null) continue;
          this.analyzeInto(f.path, f.language, f.text, result);
          analyzing(f.path, total);
        }
        for (const w of waiting) {
          this.analyzeInto(w.path, w.language, w.text, result);
          analyzing(w.path, total);
        }
        await this.againForWrappers(result, options);
        // Hooks defined in one file and registered in another: analyze their files as hooks.
        for (const uri of this.index.externalHookFiles()) {
          if (!this.isOpen(uri) && uri.startsWith('file:')) await this.indexFileInScan(fileURLToPath(uri), result, true, options);
        }
      }
    } finally {
      await parallel?.close();
    }
    return { ...result, errors: inWalkOrder(result.errors, result.files), millis: Date.now() - started };
  }

  private elsewhere(path: string, language: SourceLanguage, text: string, options: ScanOptions): Promise<DocumentModel | null> | null {
    if (!options.analyzeElsewhere) return null;
    const uri = pathToFileURL(path).href;
    return options.analyzeElsewhere({ path, language, text, externalHooks: [...this.index.externalHooksFor(uri)], hookRegistrars: [...this.hookRegistrarsFor(path)] });
  }

  /** The second pass of a parallel scan: the files whose functions other files register, analyzed as hooks in the workers. */
  private async secondPassInWorkers(parallel: ParallelFirstPass, result: ScanResult): Promise<void> {
    const files: (AnalysisJob & { path: string })[] = [];
    for (const uri of this.index.externalHookFiles()) {
      if (this.isOpen(uri) || !uri.startsWith('file:')) continue;
      const path = fileURLToPath(uri);
      const language = languageOfPath(path);
      if (!language) continue;
      const text = this.readIfItMatters(path, false, result.errors, true);
      if (text !== null) files.push({ path, language, text, externalHooks: [...this.index.externalHooksFor(uri)], hookRegistrars: [...this.hookRegistrarsFor(path)] });
    }
    const models = await parallel.analyzeAll(files);
    files.forEach((f, i) => this.indexModel(f.path, models[i], result));
  }

  /**
   * A wrapper of addaudithook found in this scan (`def install(cb): sys.addaudithook(cb)`) makes
   * its callers register hooks; a file read before the wrapper's was analyzed without knowing it.
   * Python files that call a wrapper by name are read again (only when the workspace has one).
   */
  private async againForWrappers(result: ScanResult, options: ScanOptions): Promise<void> {
    if (this.index.wrapperRegistrars().length === 0) return;
    for (const path of result.files) {
      if (languageOfPath(path) !== 'python' || this.isOpen(pathToFileURL(path).href)) continue;
      const read = readSourceBytes(path, true);
      if (read.ok && this.callsRegistrar(path, read.bytes)) await this.indexFileInScan(path, undefined, false, options);
    }
  }

  /**
   * A file of a scan's later passes, indexed again: on the scan's other thread when it has one
   * (the server's, between requests), else here.
   */
  private async indexFileInScan(path: string, result: ScanResult | undefined, force: boolean, options: ScanOptions): Promise<void> {
    const language = languageOfPath(path);
    if (!language || !this.analyzer) return;
    const text = this.readIfItMatters(path, false, result?.errors, force);
    if (text === null) return;
    const elsewhere = this.elsewhere(path, language, text, options);
    if (!elsewhere) {
      this.analyzeInto(path, language, text, result);
      return;
    }
    const model = await elsewhere;
    if (model && !this.isOpen(pathToFileURL(path).href)) this.indexModel(path, model, result);
    await options.between?.();
  }

  /** (Re)indexes one file from disk, once the grammars are loaded. Returns whether it was parsed. */
  indexFile(path: string, result?: ScanResult, force = false): boolean {
    const language = languageOfPath(path);
    if (!language || !this.analyzer) return false;
    const text = this.readIfItMatters(path, false, result?.errors, force);
    return text !== null && this.analyzeInto(path, language, text, result);
  }

  /** `indexFile` for the server: the file is analyzed by `analyzeElsewhere` (another thread) while messages are answered. */
  async indexFileElsewhere(path: string, analyzeElsewhere: NonNullable<ScanOptions['analyzeElsewhere']>): Promise<void> {
    const language = languageOfPath(path);
    if (!language || !this.analyzer) return;
    const text = this.readIfItMatters(path, false, undefined);
    if (text === null) return;
    const elsewhere = this.elsewhere(path, language, text, { analyzeElsewhere });
    if (!elsewhere) this.analyzeInto(path, language, text);
    else {
      const model = await elsewhere;
      // Opened meanwhile: the editor's text is what the index holds.
      if (model && !this.isOpen(pathToFileURL(path).href)) this.indexModel(path, model);
    }
  }

  /** The text of a file that can raise or register something; null (and out of the index) otherwise. */
  private readIfItMatters(path: string, knownFile: boolean, errors: ScanResult['errors'] | undefined, force = false, maxFileSize = MAX_INDEXED_BYTES): string | null {
    const uri = pathToFileURL(path).href;
    if (this.isOpen(uri)) return null;
    const read = readSourceBytes(path, knownFile);
    const skip = (message: string | null) => {
      if (message) errors?.push({ path, message });
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
      readInclude: headerReaderFor(language, path),
    });
    this.indexModel(path, model, result);
    return true;
  }

  private indexModel(path: string, model: DocumentModel, result?: ScanResult): void {
    if (model.skipped) result?.errors.push({ path, message: model.skipped });
    this.index.update(pathToFileURL(path).href, model);
    if (result) result.filesParsed++;
  }
}

/**
 * The scan's errors once each, in the order of the files: the same whether a file was analyzed
 * in the first pass, the second or both, and whatever the number of workers.
 */
function inWalkOrder(errors: ScanResult['errors'], files: readonly string[]): ScanResult['errors'] {
  const position = new Map(files.map((f, i) => [f, i]));
  const seen = new Set<string>();
  const unique = errors.filter((e) => {
    const key = `${e.path}\0${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (position.get(a.e.path) ?? Infinity) - (position.get(b.e.path) ?? Infinity) || a.i - b.i)
    .map(({ e }) => e);
}
