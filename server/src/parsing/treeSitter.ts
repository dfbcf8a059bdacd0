import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as TreeSitter from 'web-tree-sitter';

export type { Node, Tree, Language } from 'web-tree-sitter';
type Parser = TreeSitter.Parser;

export interface Grammars {
  python: TreeSitter.Language;
  c: TreeSitter.Language;
  /** The module instance these grammars belong to: parsers must come from the same one. */
  runtime: typeof TreeSitter;
}

/** A tree edit, as tree-sitter's Tree.edit reads it (positions in UTF-16 units for JS strings). */
export interface TreeEdit {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: TreeSitter.Point;
  oldEndPosition: TreeSitter.Point;
  newEndPosition: TreeSitter.Point;
}

const RUNTIME_FILES = ['web-tree-sitter.cjs', 'web-tree-sitter.wasm', 'tree-sitter-python.wasm', 'tree-sitter-c.wasm'];

/**
 * Where the runtime files sit: beside the bundle that runs (server/out/ for the server and the
 * CLI, out/test/server/ for the tests); the build copies them there.
 */
function runtimeDirectory(): string {
  const candidates = [process.env.AUDIT_EVENTS_WASM_DIR, __dirname, join(__dirname, '..')].filter((d): d is string => !!d);
  for (const dir of candidates) {
    if (RUNTIME_FILES.every((f) => existsSync(join(dir, f)))) return dir;
  }
  throw new Error(`tree-sitter runtime not found beside ${__dirname} (${RUNTIME_FILES.join(', ')})`);
}

let loading: Promise<Grammars> | undefined;

/** Loads the WebAssembly runtime and both grammars once per process. */
export function loadGrammars(): Promise<Grammars> {
  return (loading ??= instantiate());
}

/**
 * A fresh copy of web-tree-sitter with a fresh WebAssembly instance, after a trap left the old
 * one's memory in an unknown state. It is a new module, not a re-initialised one: the old trees'
 * finalizers keep pointing at the old instance and can never free memory of the new one.
 */
export function reloadGrammars(): Promise<Grammars> {
  loading = instantiate(true);
  return loading;
}

async function instantiate(fresh = false): Promise<Grammars> {
  const dir = runtimeDirectory();
  const modulePath = join(dir, 'web-tree-sitter.cjs');
  // Loaded at run time rather than bundled, so that a fresh copy can be had (see reloadGrammars).
  const nodeRequire = createRequire(__filename);
  if (fresh) delete nodeRequire.cache[nodeRequire.resolve(modulePath)];
  const runtime = nodeRequire(modulePath) as typeof TreeSitter;
  await runtime.Parser.init({ locateFile: (name: string) => join(dir, name) });
  // Bytes, not paths: given a path, web-tree-sitter reads it through a dynamic import of
  // fs/promises, which starts Node's ES module loader in every thread (5-12 ms each).
  const [python, c] = await Promise.all([
    runtime.Language.load(readFileSync(join(dir, 'tree-sitter-python.wasm'))),
    runtime.Language.load(readFileSync(join(dir, 'tree-sitter-c.wasm'))),
  ]);
  return { python, c, runtime };
}

export function createParser(grammars: Grammars, language: TreeSitter.Language): Parser {
  const parser = new grammars.runtime.Parser();
  parser.setLanguage(language);
  return parser;
}
