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
import { languageOfPath, readSourceFile, walkSourceFiles } from './workspace/files';
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
export async function checkPaths(parser: SourceParser, catalog: Catalog, options: CheckOptions): Promise<CheckResult> {
  const result: CheckResult = { findings: [], errors: [], filesChecked: 0 };
  const roots = options.paths.map((p) => resolve(p));
  const index = new WorkspaceIndex(() => roots.filter(isDirectory));
  const analyzed: Analyzed[] = [];
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

  const visitFile = (path: string) => {
    const language = languageOfPath(path);
    if (!language) return;
    result.filesChecked++;
    const source = readSourceFile(path);
    if (!source.ok) {
      result.errors.push({ path, message: source.error });
      return;
    }
    const uri = pathToFileURL(path).href;
    const model = mayMatter(source.text) ? parser.analyzeText(language, source.text) : null;
    if (model?.skipped) result.errors.push({ path, message: model.skipped });
    if (model) index.update(uri, model);
    analyzed.push({ path, uri, language, model });
  };

  let done = 0;
  for (const root of roots) {
    if (!isDirectory(root)) {
      visitFile(root);
      continue;
    }
    const project = findPyproject(root, catalog.versions);
    const exclude = resolveSettings({ exclude: options.exclude }, project?.settings, catalog.versions).exclude;
    for await (const path of walkSourceFiles(root, new Excluder(exclude))) {
      visitFile(path);
      options.onProgress?.(++done, path);
    }
  }

  // Hooks defined here and registered from another file: analyze those files as hooks.
  for (const a of analyzed) {
    const external = index.externalHooksFor(a.uri);
    if (external.size === 0) continue;
    const source = readSourceFile(a.path);
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
