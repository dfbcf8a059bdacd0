import { statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SourceParser } from '../parsing/sourceParser';
import { Excluder } from './glob';
import { decodeSource, languageOfPath, MAX_INDEXED_BYTES, readSourceBytes, walkSourceFiles } from './files';
import type { WorkspaceIndex } from './index';

export interface ScanProgress {
  filesSeen: number;
  filesParsed: number;
  current: string;
}

export interface ScanResult {
  filesSeen: number;
  filesParsed: number;
  skipped: { path: string; reason: string }[];
  cancelled: boolean;
  millis: number;
}

/** Only files that mention an audit API can raise or register anything (the cheap pre-filter). */
export function mayMatter(text: string): boolean {
  return text.includes('audit') || text.includes('Audit');
}

/**
 * Indexes the source files of workspace folders in the background: walks each folder, skips
 * excluded paths, parses only the files that pass the text pre-filter, and gives the event loop
 * back between files so that requests are answered while it runs.
 */
export class WorkspaceScanner {
  constructor(
    private readonly parser: SourceParser,
    private readonly index: WorkspaceIndex,
    /** Open documents are indexed from the editor's text, not from disk. */
    private readonly isOpen: (uri: string) => boolean,
  ) {}

  async scan(
    roots: readonly string[],
    exclude: readonly string[],
    onProgress: (p: ScanProgress) => void = () => {},
    isCancelled: () => boolean = () => false,
  ): Promise<ScanResult> {
    const started = Date.now();
    const result: ScanResult = { filesSeen: 0, filesParsed: 0, skipped: [], cancelled: false, millis: 0 };
    const excluder = new Excluder(exclude);
    let lastYield = Date.now();
    for (const root of roots) {
      for await (const path of walkSourceFiles(root, excluder)) {
        if (isCancelled()) {
          result.cancelled = true;
          return { ...result, millis: Date.now() - started };
        }
        result.filesSeen++;
        if (this.indexFile(path, result)) result.filesParsed++;
        if (Date.now() - lastYield > 15) {
          onProgress({ filesSeen: result.filesSeen, filesParsed: result.filesParsed, current: path });
          await new Promise((r) => setImmediate(r));
          lastYield = Date.now();
        }
      }
    }
    // Hooks defined in one file and registered in another: analyze their files as hooks.
    for (const uri of this.index.externalHookFiles()) {
      if (!this.isOpen(uri)) this.indexFile(fileURLToPath(uri), result, true);
    }
    return { ...result, millis: Date.now() - started };
  }

  /** (Re)indexes one file from disk. Returns whether it was parsed. */
  indexFile(path: string, result?: ScanResult, force = false): boolean {
    const uri = pathToFileURL(path).href;
    if (this.isOpen(uri)) return false;
    const language = languageOfPath(path);
    if (!language) return false;
    try {
      const st = statSync(path);
      if (!st.isFile()) {
        this.index.remove(uri);
        return false;
      }
      if (st.size > MAX_INDEXED_BYTES) {
        result?.skipped.push({ path, reason: `larger than ${MAX_INDEXED_BYTES / 1024 / 1024} MB` });
        this.index.remove(uri);
        return false;
      }
    } catch {
      this.index.remove(uri);
      return false;
    }
    const read = readSourceBytes(path, true); // a regular file: the stat above says so
    if (!read.ok) {
      result?.skipped.push({ path, reason: read.error });
      this.index.remove(uri);
      return false;
    }
    const external = this.index.externalHooksFor(uri);
    if (!force && external.size === 0 && !read.mayMatter) {
      this.index.remove(uri);
      return false;
    }
    const source = decodeSource(read.bytes);
    if (!source.ok) {
      result?.skipped.push({ path, reason: source.error });
      this.index.remove(uri);
      return false;
    }
    const model = this.parser.analyzeText(language, source.text, { externalHooks: external });
    this.index.update(uri, model);
    return true;
  }
}
