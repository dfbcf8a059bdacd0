import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

export type { Node, Tree } from 'web-tree-sitter';
export { Edit } from 'web-tree-sitter';

export interface Grammars {
  python: Language;
  c: Language;
}

const WASM_FILES = ['web-tree-sitter.wasm', 'tree-sitter-python.wasm', 'tree-sitter-c.wasm'];

/**
 * Where the .wasm files sit: beside the bundle that runs (server/out/ for the server and the CLI,
 * out/test/ for the tests); the build copies them there.
 */
function wasmDirectory(): string {
  const candidates = [process.env.AUDIT_EVENTS_WASM_DIR, __dirname, join(__dirname, '..')].filter(
    (d): d is string => !!d,
  );
  for (const dir of candidates) {
    if (WASM_FILES.every((f) => existsSync(join(dir, f)))) return dir;
  }
  throw new Error(`tree-sitter grammars not found beside ${__dirname} (${WASM_FILES.join(', ')})`);
}

let loading: Promise<Grammars> | undefined;

/** Loads the WebAssembly runtime and both grammars once per process. */
export function loadGrammars(): Promise<Grammars> {
  return (loading ??= instantiate());
}

/**
 * A fresh WebAssembly instance with fresh grammars, after a trap left the old one's memory in an
 * unknown state. Every tree and parser of the old instance must be dropped, never used again.
 */
export function reloadGrammars(): Promise<Grammars> {
  loading = instantiate();
  return loading;
}

function instantiate(): Promise<Grammars> {
  return (async () => {
    const dir = wasmDirectory();
    await Parser.init({ locateFile: (name: string) => join(dir, name) });
    const [python, c] = await Promise.all([
      Language.load(join(dir, 'tree-sitter-python.wasm')),
      Language.load(join(dir, 'tree-sitter-c.wasm')),
    ]);
    return { python, c };
  })();
}

export function createParser(language: Language): Parser {
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}
