// Issue 17 item 4: a URI no local path can be made of (`%FF`, an encoded `/`, a host) is a
// document without a path: analyzed from its text, never breaking another document, and closing
// it reaches no exception handler.
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { LspClient } from './helpers/lsp';
import { positionOf } from './helpers/engine';
import { tempTree } from './helpers/tempDir';

const BAD_HOOK = 'import sys\ndef hook(event, args):\n    if event == "open":\n        path, mode = args\nsys.addaudithook(hook)\n';
const TYPING = 'import sys\nsys.audit("os.re")\n';

describe('URIs that name no local path', () => {
  let client: LspClient;
  // Made here, not in `before`: tempTree's folder is removed when the block that made it ends.
  const root = tempTree('uris', { 'pyproject.toml': '[tool.audit-events]\npython-version = "3.11"\n', 'plain.py': 'print(1)\n' });
  before(async () => {
    client = new LspClient({ rootPath: root, settings: {} });
    await client.initialize();
  });
  after(() => client.shutdown());

  const folder = () => pathToFileURL(root).href;
  const failures = () =>
    client.notifications
      .filter((n) => n.method === 'window/logMessage' && /uncaught|unhandled|failed|URIError/.test(n.params.message))
      .map((n) => n.params.message)
      .concat(client.stderr.filter((s) => /URIError|uncaught|unhandled/.test(s)));

  async function completes(uri: string, text: string): Promise<void> {
    const list = await client.request('textDocument/completion', { textDocument: { uri }, position: positionOf(text, 'os.re"', 5) });
    assert.ok(list?.items?.some((i: any) => i.label === 'os.remove'), `completion in ${uri}: ${JSON.stringify(list)}`);
  }

  for (const [name, uri] of [
    ['an undecodable byte (%FF)', () => `${folder()}/%FF.py`],
    ['an encoded slash (a%2Fb.py)', () => `${folder()}/a%2Fb.py`],
    ['a host (file://host/share/x.py)', () => 'file://host/share/x.py'],
  ] as const) {
    test(`${name}: analyzed from its text, and another document still gets completion`, async () => {
      const hostile = uri();
      const text = BAD_HOOK + 'sys.audit("os.re")\n';
      client.open(hostile, text);
      const diags = await client.diagnostics(hostile, 1);
      const unpack = diags.find((d: any) => d.code === 'unpack-arity');
      assert.deepEqual(unpack?.range.start, positionOf(text, 'path, mode'), JSON.stringify(diags));
      await completes(hostile, text);
      const hover = await client.request('textDocument/hover', { textDocument: { uri: hostile }, position: positionOf(BAD_HOOK, '"open"', 2) });
      assert.match(hover?.contents?.value ?? '', /open\(path, mode, flags\)/);
      // Another document, open meanwhile, is not poisoned.
      const other = pathToFileURL(`${root}/other_${name.length}.py`).href;
      client.open(other, TYPING);
      await client.diagnostics(other, 1);
      await completes(other, TYPING);
      // Closing the hostile one clears its report and throws nowhere; the other still answers.
      const cleared = client.next('textDocument/publishDiagnostics', (p) => p.uri === hostile && p.diagnostics.length === 0);
      client.notify('textDocument/didClose', { textDocument: { uri: hostile } });
      await cleared;
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: hostile, type: 2 }, { uri: hostile, type: 3 }] });
      await completes(other, TYPING);
      client.notify('textDocument/didClose', { textDocument: { uri: other } });
      assert.deepEqual(failures(), []);
    });
  }
});
