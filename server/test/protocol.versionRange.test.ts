import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { LspClient } from './helpers/lsp';
import { catalog, positionOf } from './helpers/engine';

// A project with requires-python = ">=3.9" and no version setting: the target is 3.9 to the newest.
describe('a target range over stdio (bundled server): requires-python, completion, hover, targetVersion', () => {
  let client: LspClient;
  let dir: string;
  const uriOf = (name: string) => pathToFileURL(join(dir, name)).href;
  const newest = catalog.newest;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-events-range-'));
    writeFileSync(join(dir, 'pyproject.toml'), '[project]\nname = "p"\nrequires-python = ">=3.9"\n');
    client = new LspClient({ rootPath: dir, settings: {} });
    await client.initialize();
  });
  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  test('auditEvents/targetVersion returns the range, its label and where it came from', async () => {
    const uri = uriOf('target.py');
    const result = await client.request('auditEvents/targetVersion', { uri });
    const expected = catalog.versions.slice(catalog.versions.indexOf('3.9'));
    assert.deepEqual(result, { version: newest, target: expected, label: `3.9–${newest}`, source: 'requires-python', versions: [...catalog.versions] });
  });

  test('diagnostics: one finding per place over the whole range', async () => {
    const uri = uriOf('hook.py');
    const text = 'import sys\ndef h(event, args):\n    if event == "shutil.rmtree":\n        (path,) = args\nsys.addaudithook(h)\n';
    const published = client.diagnostics(uri, 1);
    client.open(uri, text);
    const diags = await published;
    assert.deepEqual(diags.map((d: any) => [d.code, d.message]), [
      ['unpack-arity', `'shutil.rmtree' takes 2 arguments (path, dir_fd) in 3.11–${newest}; this unpacks 1 (path), which is right only for 3.9–3.10`],
    ]);
  });

  test('completion offers what any version of the range raises, with arguments per version', async () => {
    const uri = uriOf('complete.py');
    const text = 'import sys\nsys.audit("")\n';
    client.open(uri, text);
    const list = await client.request('textDocument/completion', { textDocument: { uri }, position: positionOf(text, '("")', 2) });
    const byName = new Map<string, any>(list.items.map((i: any) => [i.label, i]));
    assert.ok(byName.has('nntplib.connect'), 'raised by 3.9–3.12');
    assert.ok(byName.has('time.sleep'), `raised from 3.13`);
    assert.equal(byName.get('shutil.rmtree').detail, `(path) 3.9–3.10 · (path, dir_fd) 3.11–${newest}`);
    assert.equal(byName.get('os.system').detail, '(command)', 'one list when every version agrees');
    assert.equal(byName.get('open').detail, `(file, mode, flags) 3.9–3.10 · (path, mode, flags) 3.11–${newest}`, 'names that change are shown per version too');
  });

  test('hover shows each run of the range', async () => {
    const uri = uriOf('hover.py');
    const text = 'import sys\nsys.audit("shutil.rmtree", p, fd)\n';
    client.open(uri, text);
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'shutil', 2) });
    const md: string = hover.contents.value;
    assert.match(md, /Python 3\.9–3\.10: 1 argument \(path\)\./);
    assert.match(md, new RegExp(`Python 3\\.11–${newest.replace('.', '\\.')}: 2 arguments \\(path, dir_fd\\)\\.`));
  });

  test('a range setting wins over requires-python', async () => {
    client.settings = { pythonVersion: '3.10-3.12' };
    client.notify('workspace/didChangeConfiguration', { settings: null });
    const result = await client.request('auditEvents/targetVersion', { uri: uriOf('target2.py') });
    assert.deepEqual([result.target, result.label, result.source], [['3.10', '3.11', '3.12'], '3.10–3.12', 'setting']);
  });
});
