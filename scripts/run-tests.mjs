#!/usr/bin/env node
// Runs the bundled tests (out/test/server/**/*.test.js) with node's built-in test runner.
// Extra arguments are passed on: `npm test -- --test-name-pattern=catalog`.
import { readdirSync, statSync } from 'node:fs';
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

const files = find(dir).sort();
if (files.length === 0) {
  console.error(`no tests found under ${dir}: run the build with --tests first`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...process.argv.slice(2), ...files], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(r.status ?? 1);
