#!/usr/bin/env node
// Runs the bundled tests (out/test/server/**/*.test.js) with node's built-in test runner.
// Extra arguments are passed on: `npm test -- --test-name-pattern=catalog`.
// The tests get a temp dir of their own, which must be empty when they end, and must leave
// `git status` as they found it: a run leaves nothing behind.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'out', 'test', 'server');

function find(d) {
  return readdirSync(d).flatMap((name) => {
    const p = join(d, name);
    return statSync(p).isDirectory() ? find(p) : name.endsWith('.test.js') ? [p] : [];
  });
}

/** `git status --porcelain`, or null outside a git checkout (an unpacked tarball). */
function gitStatus() {
  const r = spawnSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? r.stdout : null;
}

const files = find(dir).sort();
if (files.length === 0) {
  console.error(`no tests found under ${dir}: run the build with --tests first`);
  process.exit(1);
}
const statusBefore = gitStatus();
const testTmp = mkdtempSync(join(tmpdir(), 'audit-events-test-run-'));
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...process.argv.slice(2), ...files], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, TMPDIR: testTmp },
});
const leftovers = readdirSync(testTmp);
rmSync(testTmp, { recursive: true, force: true });
const statusAfter = gitStatus();
let status = r.status ?? 1;
if (leftovers.length) {
  console.error(`\nthe tests left ${leftovers.length} entries in the temp dir: ${leftovers.join(', ')} (remove them in an after hook; see server/test/helpers/tempDir.ts)`);
  status ||= 1;
}
if (statusBefore !== statusAfter) {
  console.error(`\nthe tests changed \`git status --porcelain\`:\nbefore:\n${statusBefore}after:\n${statusAfter}`);
  status ||= 1;
}
process.exit(status);
