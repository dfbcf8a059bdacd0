import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, promises as fs, readdirSync, readFileSync, readSync, statSync, type Dirent } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { SourceLanguage } from '../model';
import { bytesMayHoldHookShape, bytesMentionAudit } from '../parsing/prefilter';
import type { Excluder } from './glob';

export const SOURCE_EXTENSIONS: Record<string, SourceLanguage> = { '.py': 'python', '.pyi': 'python', '.c': 'c', '.h': 'c' };

/** Files larger than this are not indexed in the background (generated code, data dumps). */
export const MAX_INDEXED_BYTES = 8 * 1024 * 1024;

export function languageOfPath(path: string): SourceLanguage | null {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? null : SOURCE_EXTENSIONS[path.slice(dot).toLowerCase()] ?? null;
}

/**
 * Source files under a folder, skipping excluded paths and not following symbolic links (a
 * link loop must not hang the index). Yields paths as it goes, so a caller can pause between them.
 */
export async function* walkSourceFiles(root: string, excluder: Excluder): AsyncGenerator<string> {
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable folder: skip it
    }
    yield* sourceEntries(root, dir, entries, excluder, stack);
  }
}

/** The same walk without yielding to the event loop, for the command line. */
export function* walkSourceFilesSync(root: string, excluder: Excluder): Generator<string> {
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    yield* sourceEntries(root, dir, entries, excluder, stack);
  }
}

function* sourceEntries(root: string, dir: string, entries: Dirent[], excluder: Excluder, stack: string[]): Generator<string> {
  entries.sort((a, b) => (a.name < b.name ? 1 : -1));
  const relDir = relative(root, dir).split(sep).join('/');
  for (const e of entries) {
    const rel = relDir ? `${relDir}/${e.name}` : e.name;
    if (excluder.excludes(rel)) continue;
    if (e.isDirectory()) stack.push(join(dir, e.name));
    else if (e.isFile() && languageOfPath(e.name)) yield join(dir, e.name);
  }
}

export type SourceText = { ok: true; text: string } | { ok: false; error: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A source file's text, or why it cannot be read: unreadable, binary (a NUL byte in its first
 * 8 KB), or not UTF-8 (PEP 3120: Python source is UTF-8 unless it declares otherwise).
 */
export function decodeSource(bytes: Uint8Array): SourceText {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return { ok: false, error: 'binary file (contains NUL bytes), skipped' };
  try {
    let text = utf8.decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { ok: true, text };
  } catch {
    const declared = codingDeclaration(bytes);
    if (declared) {
      try {
        return { ok: true, text: new TextDecoder(declared, { fatal: true }).decode(bytes) };
      } catch {
        return { ok: false, error: `cannot decode as ${declared} (its coding declaration), skipped` };
      }
    }
    return { ok: false, error: 'not valid UTF-8, skipped' };
  }
}

/** The encoding a PEP 263 coding comment in the first two lines declares, if Node knows it. */
function codingDeclaration(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 400)).toString('latin1').split(/\r?\n/).slice(0, 2);
  for (const line of head) {
    const m = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/.exec(line);
    if (m) {
      // Python's codec names (latin-1, iso_8859_15, cp1252) to the labels TextDecoder knows.
      const name = m[1].toLowerCase().replace(/_/g, '-');
      const label = /^(latin-?1|l1|iso-?8859-1)$/.test(name) ? 'latin1' : /^cp(\d+)$/.test(name) ? `windows-${name.slice(2)}` : name;
      try {
        new TextDecoder(label);
        return label;
      } catch {
        return null;
      }
    }
  }
  return null;
}

/**
 * A source file's text. `knownFile` skips the stat for paths a directory walk already saw as
 * regular files (a FIFO must never be opened: reading it would block).
 */
export function readSourceFile(path: string, knownFile = false): SourceText {
  try {
    if (!knownFile && !statSync(path).isFile()) return { ok: false, error: 'not a file' };
    return decodeSource(readFileSync(path));
  } catch (e) {
    return { ok: false, error: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
}

export type SourceBytes = { ok: true; bytes: Buffer; mayMatter: boolean } | { ok: false; error: string };

let scratch = Buffer.allocUnsafe(1 << 20);

/**
 * A whole file read into one reused buffer: a tree of thousands of files costs no garbage. The
 * result is a view that the next call overwrites.
 */
function readIntoScratch(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    let total = 0;
    for (;;) {
      if (total === scratch.length) {
        const bigger = Buffer.allocUnsafe(scratch.length * 2);
        scratch.copy(bigger, 0, 0, total);
        scratch = bigger;
      }
      const n = readSync(fd, scratch, total, scratch.length - total, null);
      if (n === 0) return scratch.subarray(0, total);
      total += n;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * A source file's bytes, checked (readable, not binary, valid UTF-8) without decoding them, and
 * whether they mention an audit API at all: most files of a tree do not, and are never decoded.
 * The bytes are only valid until the next call.
 */
export function readSourceBytes(path: string, knownFile = false): SourceBytes {
  let bytes: Buffer;
  try {
    if (!knownFile && !statSync(path).isFile()) return { ok: false, error: 'not a file' };
    bytes = readIntoScratch(path);
  } catch (e) {
    return { ok: false, error: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  if (bytes.subarray(0, 8192).includes(0)) return { ok: false, error: 'binary file (contains NUL bytes), skipped' };
  const mayMatter = bytesMentionAudit(bytes) || bytesMayHoldHookShape(bytes);
  if (!mayMatter && !isUtf8(bytes) && !codingDeclaration(bytes)) return { ok: false, error: 'not valid UTF-8, skipped' };
  return { ok: true, bytes, mayMatter };
}
