// Issue 17 item 17: a long `check` on a terminal shows one line of progress on stderr through
// the listing, the analysis (files analyzed of the total) and the checking, cleared before the
// report; with stderr not a terminal, or in the report itself, there is none.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { tempTree } from './helpers/tempDir';
import { CLI_JS } from './helpers/repo';

// `script` (util-linux) runs a command on a pseudo-terminal: what a user's terminal is.
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** Enough files that mention audit for the worker threads to start (parallelScan.ts: 64). */
function projectTree(): string {
  const files: Record<string, string> = { 'pyproject.toml': '[tool.audit-events]\npython-version = "3.12"\n' };
  for (let i = 0; i < 80; i++) {
    files[`pkg/m${i}.py`] = `import sys\n\ndef hook_${i}(event, args):\n    if event == "open":\n        path, mode = args\n\nsys.addaudithook(hook_${i})\n`;
  }
  for (let i = 0; i < 20; i++) files[`plain/p${i}.py`] = `print(${i})\n`;
  return tempTree('cli-progress', files);
}

/** The CLI's stderr on a pseudo-terminal (stdout into a file): every redraw, shown at once. */
function onTerminal(root: string, args: string): { terminal: string; stdout: string; status: number | null } {
  const out = join(root, 'report.out');
  const command = `AUDIT_EVENTS_PROGRESS_DELAY_MS=0 ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI_JS())} check . ${args} > ${JSON.stringify(out)}`;
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: root, encoding: 'utf8' });
  return { terminal: r.stdout, stdout: readFileSync(out, 'utf8'), status: r.status };
}

describe('check: progress on a terminal', () => {
  const root = projectTree();

  for (const jobs of ['1', '2']) {
    test(`--jobs ${jobs}: the line goes through the analysis, then is cleared; the report holds none of it`, () => {
      // Never skipped: a skipped test would pass for a missing tool. .ci/run installs bsdutils.
      assert.ok(hasScript, 'no `script` (util-linux, Debian package bsdutils) to make a pseudo-terminal');
      const r = onTerminal(root, `--jobs ${jobs} --format json`);
      assert.equal(r.status, 1, r.terminal);
      const draws = r.terminal.split('\r\x1b[K').filter(Boolean);
      // Files analyzed, counted up to all of them: as the workers' models come back, or as the files
      // are listed (one thread, grammars loaded), or after the listing (files read while they loaded).
      const analyzed = draws.map((d) => /analyzing (\d+)\/\d+ files|listed, (\d+) analyzed/.exec(d)).filter((m) => m !== null);
      assert.ok(analyzed.length > 0, JSON.stringify(draws.slice(0, 8)));
      assert.equal(Math.max(...analyzed.map((m) => Number(m[1] ?? m[2]))), 80, JSON.stringify(analyzed.map((m) => m[0])));
      for (const m of analyzed) if (m[1]) assert.match(m[0], /\/80 files/);
      // Then the findings, file by file, up to every analyzed file.
      assert.ok(draws.some((d) => /checking 80\/80 files/.test(d)), JSON.stringify(draws.slice(-5)));
      // Cleared at the end: the terminal's output ends with the erase, nothing after it.
      assert.ok(r.terminal.endsWith('\r\x1b[K'), JSON.stringify(r.terminal.slice(-80)));
      const report = JSON.parse(r.stdout);
      assert.equal(report.length, 80);
      assert.doesNotMatch(r.stdout, /\r|\x1b|analyzing|checking/);
    });
  }

  test('stderr not a terminal: no progress at all', () => {
    const r = spawnSync(process.execPath, [CLI_JS(), 'check', '.', '--jobs', '2'], { cwd: root, encoding: 'utf8', env: { ...process.env, AUDIT_EVENTS_PROGRESS_DELAY_MS: '0' } });
    assert.equal(r.status, 1);
    assert.equal(r.stderr, '');
    assert.doesNotMatch(r.stdout, /\r|\x1b|analyzing|checking \d/);
    assert.match(r.stdout, /80 warnings in 80 files \(100 checked\)/);
  });
});
