// Inline suppressions (issue 14 item 1) through the real entry points: the bundled server over
// stdio, and the CLI binary on a file large enough to be analyzed from an excerpt.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { applyEdits } from './helpers/edits';
import { LspClient } from './helpers/lsp';
import { tempDir } from './helpers/tempDir';
import { CLI_JS } from './helpers/repo';


const HOOK = (tail: string) => `import sys\n\ndef hook(event, args):\n    if event == "open":\n        path, mode = args${tail}\n\nsys.addaudithook(hook)\n`;

describe('inline suppressions in the editor (bundled server)', () => {
  let client: LspClient;
  let n = 0;
  before(async () => {
    client = new LspClient({ settings: { pythonVersion: '3.11' } });
    await client.initialize();
  });
  after(() => client.shutdown());

  async function published(text: string, languageId = 'python'): Promise<any[]> {
    const uri = `file:///tmp/audit-events-suppress/f${n++}.${languageId === 'c' ? 'c' : 'py'}`;
    client.open(uri, text, languageId);
    return client.diagnostics(uri, 1);
  }

  test('a line comment silences the codes it names on its line, and only those', async () => {
    assert.deepEqual((await published(HOOK(''))).map((d) => d.code), ['unpack-arity']);
    assert.deepEqual(await published(HOOK('  # audit-events: ignore[unpack-arity]')), []);
    assert.deepEqual(await published(HOOK('  # audit-events: ignore')), []);
    assert.deepEqual(await published(HOOK('  # note  # audit-events: ignore[version, unpack-arity]')), []);
    assert.deepEqual((await published(HOOK('  # audit-events: ignore[version]'))).map((d) => d.code), ['unpack-arity']);
    // the words in a string are not a comment
    assert.deepEqual((await published(HOOK('; s = "# audit-events: ignore"'))).map((d) => d.code), ['unpack-arity']);
  });

  test('ignore-file silences the whole file; in C a block comment works', async () => {
    assert.deepEqual(await published(`# audit-events: ignore-file\n${HOOK('')}`), []);
    const c = '#include <Python.h>\nvoid f(void) {\n    PySys_Audit("open", "Os", path, "rb");\n}\n';
    assert.deepEqual((await published(c, 'c')).map((d) => d.code), ['arity']);
    assert.deepEqual(await published(c.replace('"rb");', '"rb"); /* audit-events: ignore[arity] */'), 'c'), []);
  });

  test('the quick fix adds the comment, keeping a comment already there, or joins an existing list', async () => {
    for (const [tail, expected] of [
      ['', '  # audit-events: ignore[unpack-arity]'],
      ['  # keep me', '  # keep me  # audit-events: ignore[unpack-arity]'],
      ['  # audit-events: ignore[version]', '  # audit-events: ignore[version, unpack-arity]'],
    ]) {
      const text = HOOK(tail);
      const uri = `file:///tmp/audit-events-suppress/fix${n++}.py`;
      client.open(uri, text);
      const diagnostics = await client.diagnostics(uri, 1);
      const actions = await client.request('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } });
      const ignore = actions.find((a: any) => a.title === "Ignore 'unpack-arity' on this line");
      assert.ok(ignore, JSON.stringify(actions));
      const fixed = applyEdits(text, ignore.edit.changes[uri]);
      assert.equal(fixed, HOOK(expected));
      client.change(uri, 2, [{ text: fixed }]);
      assert.deepEqual(await client.diagnostics(uri, 2), [], 'the fixed text is quiet');
    }
  });

  test('removing the comment brings the finding back (the incremental model notices)', async () => {
    // An ignore-file inside a function that is neither a hook nor raises: an edit there could
    // otherwise keep the old model.
    const text = `${HOOK('')}\ndef other():\n    return 1  # audit-events: ignore-file\n`;
    const uri = `file:///tmp/audit-events-suppress/undo${n++}.py`;
    client.open(uri, text);
    assert.deepEqual(await client.diagnostics(uri, 1), []);
    const row = text.split('\n').findIndex((l) => l.includes('ignore-file'));
    const line = text.split('\n')[row];
    client.change(uri, 2, [{ range: { start: { line: row, character: line.indexOf('  #') }, end: { line: row, character: line.length } }, text: '' }]);
    assert.deepEqual((await client.diagnostics(uri, 2)).map((d) => d.code), ['unpack-arity']);
  });
});

describe('inline suppressions in the CLI', () => {
  function cli(args: string[], cwd: string) {
    const r = spawnSync(process.execPath, [CLI_JS(), ...args], { cwd, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }
  // Long enough that the CLI analyzes it from an excerpt (python/excerpt.ts): the comments must survive it.
  const filler = Array.from({ length: 400 }, (_, i) => `def helper_${i}(x):\n    return x + ${i}\n`).join('');
  const big = `${filler}${HOOK('  # audit-events: ignore[unpack-arity, index-range, no-such-code]')}sys.audit("open", 1)  # audit-events: ignore\nx = 1  # audit-events: ignore\n`;

  test('suppressed findings are not reported, and --report-unused-ignores reports what silences nothing', () => {
    const dir = tempDir('suppress');
    writeFileSync(join(dir, 'big.py'), big);
    assert.ok(big.split('\n').length > 800);
    const plain = cli(['check', '.'], dir);
    assert.equal(plain.stdout, 'no problems (1 file checked)\n', plain.stdout + plain.stderr);
    assert.equal(plain.code, 0);
    const r = cli(['check', '.', '--report-unused-ignores'], dir);
    assert.equal(r.code, 1);
    const rows = r.stdout.trim().split('\n');
    const hookLine = 800 + 5;
    assert.deepEqual(rows, [
      `big.py:${hookLine}:30: warning[unused-ignore] Unused suppression: no 'index-range' finding on this line; 'no-such-code' is not a code of audit-events`,
      `big.py:${hookLine + 4}:10: warning[unused-ignore] Unused suppression: nothing is reported on this line`,
      '2 warnings in 1 file (1 checked)',
    ]);
  });

  test('with --report-unused-ignores and nothing to report, check still passes', () => {
    const dir = tempDir('suppress');
    writeFileSync(join(dir, 'ok.py'), 'import sys\nsys.audit("open", "p", "r", 0)\n');
    assert.equal(cli(['check', '.', '--report-unused-ignores'], dir).code, 0);
  });
});
