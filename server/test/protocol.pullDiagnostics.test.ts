// Pull diagnostics (LSP 3.17, issue 14 item 3) over stdio: a client that announces
// textDocument.diagnostic gets no pushes, pulls open documents, and in `workspace` mode pulls
// every indexed file with a finding; result ids make an unchanged file cost nothing.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import { LspClient } from './helpers/lsp';

const PULL_CAPABILITIES = {
  workspace: { configuration: true, workspaceFolders: true, diagnostics: { refreshSupport: true } },
  textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false }, publishDiagnostics: { versionSupport: true } },
};
const BAD = 'import sys\n\ndef hook(event, args):\n    if event == "open":\n        path, mode = args\n\nsys.addaudithook(hook)\n';
const GOOD = BAD.replace('path, mode = args', 'path, mode, flags = args');

const temps: string[] = [];
after(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function tree(): { root: string; uri: (name: string) => string } {
  const root = mkdtempSync(join(tmpdir(), 'audit-events-pull-'));
  temps.push(root);
  writeFileSync(join(root, 'a.py'), BAD);
  writeFileSync(join(root, 'b.py'), GOOD);
  writeFileSync(join(root, 'c.py'), BAD.replace('"open"', '"os.remove"').replace('path, mode = args', 'a, b, c, d = args'));
  writeFileSync(join(root, 'plain.py'), 'print("no audit APIs here")\n');
  return { root, uri: (name) => pathToFileURL(join(root, name)).href };
}

async function pullClient(root: string, settings: Record<string, unknown>): Promise<{ client: LspClient; init: any }> {
  const client = new LspClient({ rootPath: root, settings, capabilities: PULL_CAPABILITIES });
  const init = await client.initialize();
  // The first index done, the server asks the editor to pull again.
  await client.serverRequestCount('workspace/diagnostic/refresh', 1);
  return { client, init };
}

describe('pull diagnostics (bundled server)', () => {
  test('workspace mode: every indexed file with a finding is reported; unchanged ones cost an id', async () => {
    const { root, uri } = tree();
    const { client, init } = await pullClient(root, { pythonVersion: '3.12', diagnosticMode: 'workspace' });
    try {
      assert.deepEqual(init.capabilities.diagnosticProvider, { identifier: 'audit-events', interFileDependencies: true, workspaceDiagnostics: true });
      const first = await client.request('workspace/diagnostic', { previousResultIds: [] });
      const byUri = new Map<string, any>(first.items.map((r: any) => [r.uri, r]));
      assert.deepEqual([...byUri.keys()].sort(), [uri('a.py'), uri('c.py')], 'files with findings only');
      assert.deepEqual(byUri.get(uri('a.py')).items.map((d: any) => d.code), ['unpack-arity']);
      assert.equal(byUri.get(uri('a.py')).kind, 'full');
      const again = await client.request('workspace/diagnostic', { previousResultIds: first.items.map((r: any) => ({ uri: r.uri, value: r.resultId })) });
      assert.deepEqual(
        again.items.map((r: any) => [r.uri, r.kind]).sort(),
        [
          [uri('a.py'), 'unchanged'],
          [uri('c.py'), 'unchanged'],
        ],
      );

      // Opened, the file is the document pull's: with its editor text, and no push.
      client.open(uri('a.py'), GOOD);
      const doc = await client.request('textDocument/diagnostic', { textDocument: { uri: uri('a.py') } });
      assert.deepEqual([doc.kind, doc.items], ['full', []]);
      const same = await client.request('textDocument/diagnostic', { textDocument: { uri: uri('a.py') }, previousResultId: doc.resultId });
      assert.deepEqual(same, { kind: 'unchanged', resultId: doc.resultId });
      client.change(uri('a.py'), 2, [{ text: BAD }]);
      const changed = await client.request('textDocument/diagnostic', { textDocument: { uri: uri('a.py') }, previousResultId: doc.resultId });
      assert.equal(changed.kind, 'full');
      assert.deepEqual(changed.items.map((d: any) => d.code), ['unpack-arity']);
      // Open, it is in the workspace report too, from its editor text and with its version: VS Code
      // pulls only documents shown in a tab, and keeps one open a while after its tab is closed.
      const withOpen = await client.request('workspace/diagnostic', { previousResultIds: [] });
      assert.deepEqual(
        withOpen.items.map((r: any) => [r.uri, r.version, r.items.map((d: any) => d.code)]).sort(),
        [
          [uri('a.py'), 2, ['unpack-arity']],
          [uri('c.py'), null, ['unpack-arity']],
        ],
      );
      // Fixed in the editor (not on disk): cleared from the workspace report, with its version.
      client.change(uri('a.py'), 3, [{ text: GOOD }]);
      const fixed = await client.request('workspace/diagnostic', { previousResultIds: withOpen.items.map((r: any) => ({ uri: r.uri, value: r.resultId })) });
      assert.deepEqual(
        fixed.items.map((r: any) => [r.uri, r.kind, r.version, r.items?.length]).sort(),
        [
          [uri('a.py'), 'full', 3, 0],
          [uri('c.py'), 'unchanged', null, undefined],
        ],
      );
      assert.equal(client.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics').length, 0, 'nothing is pushed to a client that pulls');
    } finally {
      await client.shutdown();
    }
  });

  test('openFiles mode (the default): the workspace report is empty, open documents are pulled', async () => {
    const { root, uri } = tree();
    const { client } = await pullClient(root, { pythonVersion: '3.12' });
    try {
      const ws = await client.request('workspace/diagnostic', { previousResultIds: [] });
      assert.deepEqual(ws.items, []);
      client.open(uri('c.py'), BAD);
      const doc = await client.request('textDocument/diagnostic', { textDocument: { uri: uri('c.py') } });
      assert.deepEqual(doc.items.map((d: any) => d.code), ['unpack-arity']);
    } finally {
      await client.shutdown();
    }
  });

  test('switching to workspace mode in settings lists the files; back to openFiles clears them', async () => {
    const { root, uri } = tree();
    const { client } = await pullClient(root, { pythonVersion: '3.12' });
    try {
      client.settings = { pythonVersion: '3.12', diagnosticMode: 'workspace' };
      client.notify('workspace/didChangeConfiguration', { settings: {} });
      await client.serverRequestCount('workspace/diagnostic/refresh', 2);
      const listed = await client.request('workspace/diagnostic', { previousResultIds: [] });
      assert.deepEqual(listed.items.map((r: any) => r.uri).sort(), [uri('a.py'), uri('c.py')]);
      client.settings = { pythonVersion: '3.12', diagnosticMode: 'openFiles' };
      client.notify('workspace/didChangeConfiguration', { settings: {} });
      await client.serverRequestCount('workspace/diagnostic/refresh', 3);
      const cleared = await client.request('workspace/diagnostic', { previousResultIds: listed.items.map((r: any) => ({ uri: r.uri, value: r.resultId })) });
      assert.deepEqual(
        cleared.items.map((r: any) => [r.uri, r.kind, r.items.length]).sort(),
        [
          [uri('a.py'), 'full', 0],
          [uri('c.py'), 'full', 0],
        ],
      );
    } finally {
      await client.shutdown();
    }
  });

  test('a client without pull support gets pushes and no diagnosticProvider', async () => {
    const client = new LspClient({ settings: { pythonVersion: '3.12' } });
    try {
      const init = await client.initialize();
      assert.equal(init.capabilities.diagnosticProvider, undefined);
      client.open('file:///tmp/audit-events-pull/push.py', BAD);
      assert.deepEqual((await client.diagnostics('file:///tmp/audit-events-pull/push.py', 1)).map((d) => d.code), ['unpack-arity']);
    } finally {
      await client.shutdown();
    }
  });
});
