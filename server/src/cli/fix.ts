// `check --fix` and `check --diff`: the fixes "fix all" applies in the editor (features/fixes.ts),
// written to the files (atomically: a temporary file renamed over the original) or shown as a
// unified diff.
import { chmodSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FeatureContext } from '../features/context';
import { fixAll } from '../features/fixes';
import { decodeSource } from '../workspace/files';

export interface FixOutcome {
  /** What was changed (--fix) or the diff (--diff), for stdout. */
  output: string;
  filesChanged: number;
  fixes: number;
  /** Files that had fixes but could not be written, with the reason, for stderr. */
  errors: string[];
}

export function fixFiles(contexts: readonly FeatureContext[], mode: 'write' | 'diff', cwd = process.cwd()): FixOutcome {
  const outcome: FixOutcome = { output: '', filesChanged: 0, fixes: 0, errors: [] };
  for (const ctx of contexts) {
    const { fixes, edits } = fixAll(ctx);
    if (fixes.length === 0) continue;
    const path = fileURLToPath(ctx.uri);
    const shown = relative(cwd, path) || path;
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      outcome.errors.push(`${shown}: cannot read: ${(e as NodeJS.ErrnoException).code ?? e}`);
      continue;
    }
    const decoded = decodeSource(bytes);
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? '\ufeff' : '';
    // Only a file that UTF-8 gives back byte for byte is rewritten: another encoding would change.
    if (!decoded.ok || !Buffer.from(bom + decoded.text, 'utf8').equals(bytes)) {
      outcome.errors.push(`${shown}: not fixed: only UTF-8 files are rewritten`);
      continue;
    }
    const doc = TextDocument.create(ctx.uri, ctx.model.language, 0, decoded.text);
    const fixed = TextDocument.applyEdits(doc, edits);
    if (fixed === decoded.text) continue;
    outcome.filesChanged++;
    outcome.fixes += fixes.length;
    if (mode === 'diff') {
      outcome.output += unifiedDiff(shown, decoded.text, fixed);
      continue;
    }
    try {
      writeAtomically(path, bom + fixed);
    } catch (e) {
      outcome.errors.push(`${shown}: cannot write: ${(e as NodeJS.ErrnoException).code ?? e}`);
      outcome.filesChanged--;
      outcome.fixes -= fixes.length;
      continue;
    }
    for (const f of fixes) {
      const at = f.edit.range.start;
      outcome.output += `fixed ${shown}:${at.line + 1}:${at.character + 1}: [${f.code}] '${doc.getText(f.edit.range)}' -> '${f.edit.newText}'\n`;
    }
  }
  return outcome;
}

function writeAtomically(path: string, text: string): void {
  const temp = join(dirname(path), `.${basename(path)}.audit-events-${process.pid}.tmp`);
  try {
    writeFileSync(temp, text, { flag: 'wx' });
    chmodSync(temp, statSync(path).mode & 0o7777);
    renameSync(temp, path);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // never created
    }
    throw e;
  }
}

/** A unified diff of two texts with the same number of lines (the fixes replace names in a line). */
function unifiedDiff(name: string, before: string, after: string, context = 3): string {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length !== b.length) throw new Error('a fix changed the number of lines');
  const changed = a.flatMap((line, i) => (line !== b[i] ? [i] : []));
  let out = `--- a/${name}\n+++ b/${name}\n`;
  for (let k = 0; k < changed.length; ) {
    const start = Math.max(0, changed[k] - context);
    let end = Math.min(a.length, changed[k] + context + 1);
    let j = k + 1;
    while (j < changed.length && changed[j] - context <= end) end = Math.min(a.length, changed[j++] + context + 1);
    out += `@@ -${start + 1},${end - start} +${start + 1},${end - start} @@\n`;
    for (let i = start; i < end; i++) out += a[i] === b[i] ? ` ${a[i]}\n` : `-${a[i]}\n+${b[i]}\n`;
    k = j;
  }
  return out;
}
