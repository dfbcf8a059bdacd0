import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

/**
 * A fresh folder under the temp dir, removed by an `after` hook of whatever calls this: a test,
 * a describe body or the file (not a `before` hook: its `after` runs as soon as it returns).
 * `npm test` must leave nothing behind in /tmp.
 */
export function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `audit-events-${name}-`));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A fresh folder holding these files (relative paths, folders made as needed), removed like `tempDir`. */
export function tempTree(name: string, files: Record<string, string | Buffer>): string {
  const dir = tempDir(name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}
