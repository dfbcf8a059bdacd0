// "Fix all" (issue 14 item 2): the editor's source.fixAll.auditEvents code action over stdio, and
// the CLI's --fix / --diff, both applying the fixes that need no choice and nothing else.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LspClient } from './helpers/lsp';
import { tempDir } from './helpers/tempDir';
import { CLI_JS } from './helpers/repo';

import { applyEdits } from './helpers/edits';

// An erratum (the docs' name CPython never raises), an API name with one event (the
// API-to-event facts), and a typo with a guess: only the first two need no choice.
const HOOK = (erratum: string, api: string) =>
  `import sys\n\n\ndef hook(event, args):\n    if event == "${erratum}":\n        pass\n    elif event == "${api}":\n        pass\n    elif event == "opne":\n        pass\n\n\nsys.addaudithook(hook)\n`;
const BEFORE = HOOK('sys.set_asyncgen_hooks_finalizer', 'array.array');
const AFTER = HOOK('sys.set_asyncgen_hook_finalizer', 'array.__new__');

describe('fix all in the editor (bundled server)', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient({ settings: { pythonVersion: '3.12' } });
    await client.initialize();
  });
  after(() => client.shutdown());

  test('the server offers source.fixAll.auditEvents, and it applies only the fixes without a choice', async () => {
    const init = await client.request('textDocument/codeAction', { textDocument: { uri: 'file:///nowhere.py' }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
    assert.deepEqual(init, [], 'an unknown document has no actions');
    const uri = 'file:///tmp/audit-events-fixall/hook.py';
    client.open(uri, BEFORE);
    assert.deepEqual((await client.diagnostics(uri, 1)).map((d) => d.code), ['never-raised', 'unknown-event', 'unknown-event']);
    // As editor.codeActionsOnSave asks: `only` the fix-all kind, with no diagnostics in the context.
    const everywhere = { start: { line: 0, character: 0 }, end: { line: 13, character: 0 } };
    const actions = await client.request('textDocument/codeAction', { textDocument: { uri }, range: everywhere, context: { diagnostics: [], only: ['source.fixAll'] } });
    assert.equal(actions.length, 1, JSON.stringify(actions));
    assert.equal(actions[0].kind, 'source.fixAll.auditEvents');
    const fixed = applyEdits(BEFORE, actions[0].edit.changes[uri]);
    assert.equal(fixed, AFTER);
    client.change(uri, 2, [{ text: fixed }]);
    assert.deepEqual((await client.diagnostics(uri, 2)).map((d) => d.message.match(/'(\w+)'/)?.[1]), ['opne'], 'only the guess is left');
    const none = await client.request('textDocument/codeAction', { textDocument: { uri }, range: everywhere, context: { diagnostics: [], only: ['source.fixAll.auditEvents'] } });
    assert.deepEqual(none, [], 'nothing left to fix: no action');
    const lightbulb = await client.request('textDocument/codeAction', { textDocument: { uri }, range: everywhere, context: { diagnostics: [] } });
    assert.ok(!lightbulb.some((a: any) => a.kind?.startsWith('source')), 'fix all is not offered unless asked for by kind');
  });

  test('the quick fixes still come with the diagnostics (same fixes module)', async () => {
    const uri = 'file:///tmp/audit-events-fixall/quick.py';
    client.open(uri, BEFORE);
    const diagnostics = await client.diagnostics(uri, 1);
    const typo = diagnostics.find((d) => d.message.includes("'opne'"));
    const actions = await client.request('textDocument/codeAction', { textDocument: { uri }, range: typo.range, context: { diagnostics: [typo] } });
    assert.ok(actions.some((a: any) => a.title === "Change to 'open'" && a.kind === 'quickfix'), JSON.stringify(actions));
  });
});

describe('check --fix and --diff', () => {
  function cli(args: string[], cwd: string) {
    const r = spawnSync(process.execPath, [CLI_JS(), ...args], { cwd, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }
  function tree(): string {
    const dir = tempDir('fix');
    writeFileSync(join(dir, 'hook.py'), BEFORE);
    writeFileSync(join(dir, 'clean.py'), 'import sys\nsys.audit("open", "p", "r", 0)\n');
    chmodSync(join(dir, 'hook.py'), 0o640);
    return dir;
  }

  test('without the flag nothing is written', () => {
    const dir = tree();
    assert.equal(cli(['check', '.', '--python-version', '3.12'], dir).code, 1);
    assert.equal(readFileSync(join(dir, 'hook.py'), 'utf8'), BEFORE);
  });

  test('--diff shows a unified diff and changes nothing', () => {
    const dir = tree();
    const r = cli(['check', '.', '--python-version', '3.12', '--diff'], dir);
    assert.equal(r.code, 1);
    assert.equal(
      r.stdout,
      [
        '--- a/hook.py',
        '+++ b/hook.py',
        '@@ -2,9 +2,9 @@',
        ' ',
        ' ',
        ' def hook(event, args):',
        '-    if event == "sys.set_asyncgen_hooks_finalizer":',
        '+    if event == "sys.set_asyncgen_hook_finalizer":',
        '         pass',
        '-    elif event == "array.array":',
        '+    elif event == "array.__new__":',
        '         pass',
        '     elif event == "opne":',
        '         pass',
        '',
      ].join('\n'),
    );
    assert.equal(readFileSync(join(dir, 'hook.py'), 'utf8'), BEFORE);
  });

  test('--fix writes the files in place, says what it changed, and reports what is left', () => {
    const dir = tree();
    const r = cli(['check', '.', '--python-version', '3.12', '--fix'], dir);
    assert.equal(readFileSync(join(dir, 'hook.py'), 'utf8'), AFTER);
    assert.equal(statSync(join(dir, 'hook.py')).mode & 0o777, 0o640, 'the mode survives the rename');
    assert.deepEqual(readdirSync(dir).sort(), ['clean.py', 'hook.py'], 'no temporary file is left');
    assert.deepEqual(r.stdout.trim().split('\n'), [
      "fixed hook.py:5:18: [never-raised] 'sys.set_asyncgen_hooks_finalizer' -> 'sys.set_asyncgen_hook_finalizer'",
      "fixed hook.py:7:20: [unknown-event] 'array.array' -> 'array.__new__'",
      '2 fixes in 1 file',
      "hook.py:9:19: warning[unknown-event] 'opne' is not an audit event that CPython or this workspace raises; this comparison never matches. Did you mean 'open'?",
      '1 warning in 1 file (2 checked)',
    ]);
    assert.equal(r.code, 1);
    const again = cli(['check', '.', '--python-version', '3.12', '--fix'], dir);
    assert.ok(!again.stdout.includes('fixed '), 'a second run has nothing to fix');
    assert.equal(readFileSync(join(dir, 'hook.py'), 'utf8'), AFTER);
  });

  test('--fix with --format json keeps stdout JSON; --fix with --diff is a usage error', () => {
    const dir = tree();
    const r = cli(['check', '.', '--python-version', '3.12', '--fix', '--format', 'json'], dir);
    assert.equal(JSON.parse(r.stdout).length, 1);
    assert.match(r.stderr, /fixed hook\.py:5:18/);
    assert.equal(cli(['check', '.', '--fix', '--diff'], dir).code, 2);
  });
});
