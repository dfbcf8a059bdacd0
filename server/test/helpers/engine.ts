// Test helpers that drive the real engine: the real tree-sitter grammars, the generated catalog,
// the real diagnostics. Nothing here stands in for the product.
import { getCatalog, type PythonVersion } from '../../src/catalog/catalog';
import type { FeatureContext } from '../../src/features/context';
import { findings } from '../../src/features/diagnostics';
import type { DocumentModel, SourceLanguage } from '../../src/model';
import { SourceParser } from '../../src/parsing/sourceParser';
import { WorkspaceIndex } from '../../src/workspace/index';
import { resolveSettings, type UserSettings } from '../../src/workspace/settings';

let parserPromise: Promise<SourceParser> | undefined;
export function parser(): Promise<SourceParser> {
  return (parserPromise ??= SourceParser.create());
}

export const catalog = getCatalog();

export async function analyze(text: string, language: SourceLanguage = 'python', externalHooks?: Set<string>): Promise<DocumentModel> {
  return (await parser()).analyzeText(language, text, { externalHooks });
}

export interface ContextOptions {
  version?: PythonVersion;
  settings?: UserSettings;
  /** Other files of the workspace: uri -> source. */
  others?: Record<string, string>;
  language?: SourceLanguage;
  uri?: string;
}

/** A feature context for one document, with a workspace index built from it and `others`. */
export async function context(text: string, opts: ContextOptions = {}): Promise<FeatureContext> {
  const p = await parser();
  const uri = opts.uri ?? 'file:///work/test/app.py';
  const index = new WorkspaceIndex();
  for (const [u, src] of Object.entries(opts.others ?? {})) {
    index.update(u, p.analyzeText(u.endsWith('.c') ? 'c' : 'python', src));
  }
  const model = p.analyzeText(opts.language ?? 'python', text);
  index.update(uri, model);
  const settings = resolveSettings({ ...opts.settings, pythonVersion: opts.version ?? opts.settings?.pythonVersion }, undefined, catalog.versions);
  return { uri, model, catalog, settings, workspace: index };
}

export async function diagnose(text: string, opts: ContextOptions = {}) {
  return findings(await context(text, opts));
}

/** The findings of one code, as "line:col message" strings (1-based) for readable assertions. */
export async function codes(text: string, code: string, opts: ContextOptions = {}) {
  return (await diagnose(text, opts)).filter((f) => f.code === code);
}

/** Where a marker substring sits in the text, as an LSP position (UTF-16 columns). */
export function positionOf(text: string, marker: string, offsetInMarker = 0): { line: number; character: number } {
  const i = text.indexOf(marker);
  if (i < 0) throw new Error(`marker ${JSON.stringify(marker)} not in text`);
  const before = text.slice(0, i + offsetInMarker);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}
