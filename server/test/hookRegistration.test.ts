// Hooks registered without a sys.addaudithook call beside them (issue 12 §2): through a wrapper
// of this file, or through a callable the `hookRegistrars` setting names. Run through the CLI
// binary so that the setting travels the real way: pyproject.toml -> settings -> the analysis.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { codes } from './helpers/engine';
import { CLI_JS } from './helpers/repo';

const made: string[] = [];
after(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function check(files: Record<string, string>): { line: number; severity: string; code: string; message: string }[] {
  const dir = mkdtempSync(join(tmpdir(), 'audit-events-registrars-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  const r = spawnSync(process.execPath, [CLI_JS(), 'check', dir, '--format', 'json'], { encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return JSON.parse(r.stdout);
}

// A hook whose names look like no audit event: only a registration makes it a hook.
const ON_AUDIT = 'def on_audit(event, args):\n    if event == "click":\n        return None\n    if event == "clik":\n        return args[0]\n';
const PYPROJECT = '[tool.audit-events]\npython-version = "3.13"\nhook-registrars = ["agentkit.sandbox.watch"]\n';

describe('hook registrations without addaudithook beside the hook', () => {
  test('a callable named by hook-registrars registers its argument', () => {
    const src = `from agentkit import sandbox\n\n${ON_AUDIT}\nsandbox.watch(on_audit)\n`;
    const found = check({ 'pyproject.toml': PYPROJECT, 'tool.py': src }).filter((f) => f.severity !== 'hint');
    assert.deepEqual(found.map((f) => [f.line, f.code]), [[2 + 2, 'unknown-event'], [2 + 4, 'unknown-event']]);
    assert.deepEqual(found.map((f) => f.message.split(' ')[0]), ["'click'", "'clik'"]);
  });

  test('without the setting, or with another callable, the same code is not a hook', () => {
    const hook = ON_AUDIT;
    const other = `from agentkit import sandbox\n\n${hook}\nsandbox.other(on_audit)\n`;
    assert.deepEqual(check({ 'pyproject.toml': PYPROJECT, 'tool.py': other }), []);
    const watched = `from agentkit import sandbox\n\n${hook}\nsandbox.watch(on_audit)\n`;
    assert.deepEqual(check({ 'pyproject.toml': '[tool.audit-events]\npython-version = "3.13"\n', 'tool.py': watched }), []);
  });

  test('a wrapper of sys.addaudithook in the same file registers what it is given', async () => {
    const src = `import sys\n\ndef enable(label, hook):\n    sys.addaudithook(hook)\n\n${ON_AUDIT}\nenable("x", on_audit)\n`;
    const found = await codes(src, 'unknown-event');
    assert.deepEqual(found.map((f) => f.message.split(' ')[0]), ["'click'", "'clik'"]);
    // The wrapper's other parameter, a local function of the same name elsewhere: not hooks.
    const other = `import sys\n\ndef enable(label, hook):\n    sys.addaudithook(hook)\n\n${ON_AUDIT}\nenable(on_audit, print)\n`;
    assert.deepEqual(await codes(other, 'unknown-event'), []);
  });
});
