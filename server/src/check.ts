import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Catalog, PythonVersion } from './catalog/catalog';
import type { FeatureContext } from './features/context';
import { findings } from './features/diagnostics';
import type { Finding } from './features/diagnostics/finding';
import type { DocumentModel, SourceLanguage } from './model';
import type { SourceParser } from './parsing/sourceParser';
import { Excluder } from './workspace/glob';
import { decodeSource, languageOfPath, readSourceBytes, readSourceFile, walkSourceFilesSync } from './workspace/files';
import { WorkspaceIndex } from './workspace/index';
import { findPyproject } from './workspace/pyproject';
import { mayMatter } from './workspace/scanner';
import { resolveSettings, type SeverityName, type Settings, type UserSettings } from './workspace/settings';

export interface CheckOptions {
  paths: string[];
  pythonVersion?: PythonVersion;
  exclude: string[];
  onProgress?: (filesDone: number, current: string) => void;
}

export interface FileFinding extends Finding {
  path: string;
  effectiveSeverity: SeverityName;
}

export interface CheckResult {
  findings: FileFinding[];
  /** Files that could not be read or decoded, with the reason. */
  errors: { path: string; message: string }[];
  filesChecked: number;
}

interface Analyzed {
  path: string;
  uri: string;
  language: SourceLanguage;
  /** Null for a file the pre-filter skipped. */
  model: DocumentModel | null;
}

/**
 * `audit-events check`: the same analysis and diagnostics as the editor, over files on disk.
 * Pass 1 analyzes every file that passes the pre-filter and fills a workspace index (custom
 * events, hooks registered across files); pass 2 reports each file against that index.
 */
export async function checkPaths(parserLoading: SourceParser | Promise<SourceParser>, catalog: Catalog, options: CheckOptions): Promise<CheckResult> {
  const result: CheckResult = { findings: [], errors: [], filesChecked: 0 };
  const roots = options.paths.map((p) => resolve(p));
  const folders = roots.filter(isDirectory);
  const index = new WorkspaceIndex(() => folders);
  const analyzed: Analyzed[] = [];
  /** Files that mention an audit API, with their text, to analyze once the parser is loaded. */
  const toAnalyze: { entry: Analyzed; text: string }[] = [];
  const settingsByDir = new Map<string, Settings>();

  const settingsFor = (path: string): Settings => {
    const dir = dirname(path);
    let s = settingsByDir.get(dir);
    if (!s) {
      const project = findPyproject(dir, catalog.versions);
      if (project?.error && !result.errors.some((e) => e.path === project.path)) {
        result.errors.push({ path: project.path, message: project.error });
      }
      const cli: UserSettings = { pythonVersion: options.pythonVersion, exclude: options.exclude };
      s = resolveSettings(cli, project?.settings, catalog.versions);
      settingsByDir.set(dir, s);
    }
    return s;
  };

  const visitFile = (path: string, knownFile: boolean) => {
    const language = languageOfPath(path);
    if (!language) return;
    result.filesChecked++;
    const read = readSourceBytes(path, knownFile);
    if (!read.ok) {
      result.errors.push({ path, message: read.error });
      return;
    }
    const entry: Analyzed = { path, uri: '', language, model: null };
    analyzed.push(entry);
    if (read.mayMatter) {
      const source = decodeSource(read.bytes);
      if (!source.ok) {
        result.errors.push({ path, message: source.error });
        analyzed.pop();
        return;
      }
      if (mayMatter(source.text)) toAnalyze.push({ entry, text: source.text });
    }
  };

  let done = 0;
  for (const root of roots) {
    if (!folders.includes(root)) {
      visitFile(root, false);
      continue;
    }
    const project = findPyproject(root, catalog.versions);
    const exclude = resolveSettings({ exclude: options.exclude }, project?.settings, catalog.versions).exclude;
    for (const path of walkSourceFilesSync(root, new Excluder(exclude))) {
      visitFile(path, true);
      options.onProgress?.(++done, path);
      // Let the grammars' asynchronous loading take its turns between reads.
      if (done % 64 === 0) await new Promise((r) => setImmediate(r));
    }
  }

  // The grammars loaded while the files were read.
  const parser = await parserLoading;
  for (const { entry, text } of toAnalyze) {
    entry.uri = pathToFileURL(entry.path).href;
    entry.model = parser.analyzeText(entry.language, text);
    if (entry.model.skipped) result.errors.push({ path: entry.path, message: entry.model.skipped });
    index.update(entry.uri, entry.model);
  }

  // Hooks defined here and registered from another file: analyze those files as hooks.
  const hookFiles = new Set(index.externalHookFiles());
  for (const a of hookFiles.size ? analyzed : []) {
    if (!a.uri) a.uri = pathToFileURL(a.path).href;
    if (!hookFiles.has(a.uri)) continue;
    const external = index.externalHooksFor(a.uri);
    const source = readSourceFile(a.path, true);
    if (!source.ok) continue;
    a.model = parser.analyzeText(a.language, source.text, { externalHooks: external });
    index.update(a.uri, a.model);
  }

  for (const a of analyzed) {
    if (!a.model) continue;
    const ctx: FeatureContext = { uri: a.uri, model: a.model, catalog, settings: settingsFor(a.path), workspace: index };
    for (const f of findings(ctx)) result.findings.push({ ...f, path: a.path });
  }
  return result;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
