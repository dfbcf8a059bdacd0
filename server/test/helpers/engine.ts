// Test helpers that drive the real engine: the real tree-sitter grammars, the generated catalog,
// the real diagnostics, assembled by the same AuditWorkspace the server and the CLI use. Nothing
// here stands in for the product.
import { getCatalog, type PythonVersion } from '../../src/catalog/catalog';
import { Analyzer } from '../../src/engine/analyzer';
import { AuditWorkspace } from '../../src/engine/workspace';
import type { FeatureContext } from '../../src/features/context';
import { findings } from '../../src/features/diagnostics';
import type { DocumentModel, SourceLanguage, UserSettings } from '../../src/model';

let analyzerPromise: Promise<Analyzer> | undefined;
/** One analyzer (one WebAssembly instance) for every test of a file. */
export function parser(): Promise<Analyzer> {
  return (analyzerPromise ??= Analyzer.create());
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

/** An engine with the given settings pushed, as the CLI's flags or an editor's settings would be. */
export function workspace(settings: UserSettings = {}): AuditWorkspace {
  const ws = new AuditWorkspace({ analyzer: parser() });
  ws.setPushedSettings(settings);
  return ws;
}

/** A feature context for one document, with a workspace index built from it and `others`. */
export async function context(text: string, opts: ContextOptions = {}): Promise<FeatureContext> {
  const ws = workspace({ ...opts.settings, pythonVersion: opts.version ?? opts.settings?.pythonVersion });
  const analyzer = await ws.ready;
  const uri = opts.uri ?? 'file:///work/test/app.py';
  for (const [u, src] of Object.entries(opts.others ?? {})) {
    ws.index.update(u, analyzer.analyzeText(u.endsWith('.c') ? 'c' : 'python', src));
  }
  const model = analyzer.analyzeText(opts.language ?? 'python', text);
  ws.index.update(uri, model);
  return ws.context(uri, model, ws.defaultSettings(), undefined, text);
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

/** A seeded pseudo-random generator (LCG): the same seed gives the same run, on every machine. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A registered hook module: `body` lines are indented into `def hook(event, args):`. */
export function hook(body: string[], { name = 'hook', params = 'event, args' } = {}): string {
  return ['import sys', `def ${name}(${params}):`, ...body.map((l) => '    ' + l), `sys.addaudithook(${name})`, ''].join('\n');
}
