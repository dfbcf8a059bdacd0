import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { LspClient } from './helpers/lsp';
import { positionOf } from './helpers/engine';
import { tempDir } from './helpers/tempDir';

const HOOK = 'import sys\n\ndef hook(event, args):\n\tif event == "open":  # é😀\n\t\tpath, mode = args\n\nsys.addaudithook(hook)\n';

describe('diagnostics over stdio (bundled server)', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient({ settings: { pythonVersion: '3.11' } });
    await client.initialize();
  });
  after(() => client.shutdown());

  test('published on open: source, code, message and exact UTF-16 range', async () => {
    const uri = 'file:///tmp/audit-events-proto/hook.py';
    client.open(uri, HOOK);
    const diags = await client.diagnostics(uri, 1);
    assert.equal(diags.length, 1);
    const d = diags[0];
    assert.equal(d.source, 'audit-events');
    assert.equal(d.code, 'unpack-arity');
    assert.equal(d.severity, 2);
    assert.equal(d.message, "'open' takes 3 arguments (path, mode, flags); this unpacks 2 (path, mode)");
    assert.deepEqual(d.range, { start: positionOf(HOOK, 'path, mode ='), end: positionOf(HOOK, 'path, mode =', 10) });
    assert.deepEqual(d.range.start, { line: 4, character: 2 }, 'two tabs are two UTF-16 units');
  });

  test('an incremental edit that fixes the code clears the diagnostic', async () => {
    const uri = 'file:///tmp/audit-events-proto/fix.py';
    client.open(uri, HOOK);
    await client.diagnostics(uri, 1);
    const at = positionOf(HOOK, 'mode =', 4);
    client.change(uri, 2, [{ range: { start: at, end: at }, text: ', flags' }]);
    assert.deepEqual(await client.diagnostics(uri, 2), []);
    // and back, on a line with non-ASCII text before the edit
    const comment = positionOf(HOOK, '# é😀', 5);
    client.change(uri, 3, [{ range: { start: comment, end: comment }, text: '!' }]);
    assert.deepEqual(await client.diagnostics(uri, 3), []);
  });

  test('a burst of edits: the last version is what gets published last', async () => {
    const uri = 'file:///tmp/audit-events-proto/burst.py';
    client.open(uri, 'import sys\nsys.audit("open", 1)\n');
    await client.diagnostics(uri, 1);
    const end = { line: 1, character: 20 };
    for (let v = 2; v <= 12; v++) {
      const pos = { line: 1, character: 19 + (v - 2) * 3 };
      client.change(uri, v, [{ range: { start: pos, end: pos }, text: ', 1' }]);
    }
    void end;
    const last = await client.diagnostics(uri, 12);
    assert.equal(last.length, 1);
    assert.match(last[0].message, /this call passes 12/);
    await new Promise((r) => setTimeout(r, 300));
    const published = client.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri);
    assert.equal(published[published.length - 1].params.version, 12, 'nothing stale is published after the newest version');
  });

  test('a settings change re-checks open documents', async () => {
    const uri = 'file:///tmp/audit-events-proto/version.py';
    const text = 'import sys\ndef hook(event, args):\n    if event == "time.sleep": pass\nsys.addaudithook(hook)\n';
    client.open(uri, text);
    const first = await client.diagnostics(uri, 1);
    assert.deepEqual(first.map((d: any) => d.code), ['version']);
    client.settings = { pythonVersion: '3.13' };
    client.notify('workspace/didChangeConfiguration', { settings: { auditEvents: client.settings } });
    await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.length === 0);
    // 3.11 alone would bring 'version' back: the publish after this change shows that "off" silences it.
    client.settings = { pythonVersion: '3.11', severity: { version: 'off' } };
    const recheck = client.next('textDocument/publishDiagnostics', (p) => p.uri === uri);
    client.notify('workspace/didChangeConfiguration', { settings: {} });
    assert.deepEqual((await recheck).diagnostics, [], 'severity "off" silences the code');
  });

  test('broken and binary-looking documents do not stop the server', async () => {
    const uri = 'file:///tmp/audit-events-proto/junk.py';
    client.open(uri, '\u0000\u0001\uFFFD' + 'def (((( sys.audit("\n'.repeat(2000) + 'x'.repeat(1_000_000));
    await client.diagnostics(uri, 1);
    const ok = 'file:///tmp/audit-events-proto/after.py';
    client.open(ok, 'import sys\nsys.audit("")\n');
    const list = await client.request('textDocument/completion', { textDocument: { uri: ok }, position: { line: 1, character: 11 } });
    assert.ok(list.items.length > 100);
  });
});

describe('workspace: index, pyproject.toml, hooks across files (bundled server)', () => {
  let client: LspClient;
  const root = tempDir('ws');
  before(async () => {
    writeFileSync(join(root, 'pyproject.toml'), '[project]\nrequires-python = ">=3.11"\n');
    writeFileSync(join(root, 'emitter.py'), 'import sys\n\ndef login(user, ip):\n    sys.audit("myapp.login", user, ip)\n');
    writeFileSync(join(root, 'hooks.py'), 'def audit_hook(event, args):\n    if event == "open":\n        path, mode = args\n');
    writeFileSync(join(root, 'main.py'), 'import sys\nfrom hooks import audit_hook\nsys.addaudithook(audit_hook)\n');
    writeFileSync(join(root, 'unrelated.py'), 'x = 1\n'.repeat(1000));
    client = new LspClient({ rootPath: root, settings: {} });
    await client.initialize();
  });
  after(() => client.shutdown());

  test('the background index (with work-done progress) knows custom events raised in other files', async () => {
    const uri = pathToFileURL(join(root, 'watcher.py')).href;
    const text = 'import sys\ndef w(event, args):\n    if event == "myapp.login":\n        user, ip, port = args\nsys.addaudithook(w)\n';
    writeFileSync(join(root, 'watcher.py'), text);
    client.open(uri, text);
    const diags = await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.some((d: any) => d.code === 'unpack-arity'));
    assert.deepEqual(diags.diagnostics.map((d: any) => d.code), ['unpack-arity']);
    assert.match(diags.diagnostics[0].message, /'myapp\.login' takes 2 arguments \(user, ip\); this unpacks 3/);
    assert.ok(client.notifications.some((n) => n.method === '$/progress' && n.params.value.kind === 'begin'));
    assert.ok(client.notifications.some((n) => n.method === '$/progress' && n.params.value.kind === 'end'));
  });

  test('a hook defined in one file and registered in another is checked where it is defined', async () => {
    const uri = pathToFileURL(join(root, 'hooks.py')).href;
    client.open(uri, 'def audit_hook(event, args):\n    if event == "open":\n        path, mode = args\n');
    const p = await client.waitFor('textDocument/publishDiagnostics', (x) => x.uri === uri && x.diagnostics.length > 0);
    assert.deepEqual(p.diagnostics.map((d: any) => d.code), ['unpack-arity']);
  });

  test('pyproject.toml: requires-python sets the version; a change to it re-checks', async () => {
    const uri = pathToFileURL(join(root, 'sleep.py')).href;
    const text = 'import sys\ndef s(event, args):\n    if event == "time.sleep": pass\nsys.addaudithook(s)\n';
    client.open(uri, text);
    const first = await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri);
    assert.deepEqual(first.diagnostics.map((d: any) => d.code), ['version'], '3.11 from requires-python');
    writeFileSync(join(root, 'pyproject.toml'), '[project]\nrequires-python = ">=3.11"\n[tool.audit-events]\npython-version = "3.13"\n');
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(root, 'pyproject.toml')).href, type: 2 }] });
    await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.length === 0);
  });
});
