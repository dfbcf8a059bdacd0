// Issue 17 item 9: the server never stalls. Requests are answered from the last model while a
// large change is analyzed (on another thread), a newer version replaces an older one at once,
// and the workspace index never runs ahead of a request. Every assertion is about the order of
// messages on the wire, never about time.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { LspClient, type Message, withServer } from './helpers/lsp';
import { tempTree } from './helpers/tempDir';

/** About `bytes` of Python raising `event` with one argument on every line. */
function raising(event: string, bytes: number): string {
  const line = `sys.audit("${event}", p)\n`;
  return line.repeat(Math.ceil(bytes / line.length));
}

const published = (client: LspClient, uri: string) =>
  client.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri).map((n) => n.params.version as number);

/** Notes what the client has received when each response arrives: its position among the notifications. */
function answeredAt<T>(client: LspClient, answer: Promise<T>): Promise<{ result: T; before: Message[] }> {
  return answer.then((result) => ({ result, before: [...client.notifications] }));
}

describe('requests while a large change is analyzed (issue 17 item 9)', () => {
  test('a hover sent right after a 300 KB paste is answered from the last model, before the paste is published', async () => {
    await withServer(async (client) => {
      const uri = 'file:///tmp/audit-events-scheduling/paste.py';
      client.open(uri, 'import sys\nsys.audit("open", p)\n');
      assert.deepEqual((await client.diagnostics(uri, 1)).map((d) => d.code), ['arity']);
      // The paste goes above the old raise site: the last model's site moves down with it.
      const paste = raising('os.remove', 300 * 1024);
      const pastedLines = paste.split('\n').length - 1;
      client.change(uri, 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: paste }]);
      const oldSite = answeredAt(client, client.request('textDocument/hover', { textDocument: { uri }, position: { line: 1 + pastedLines, character: 12 } }));
      const inPaste = answeredAt(client, client.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 12 } }));
      const [old, pasted] = await Promise.all([oldSite, inPaste]);
      for (const { before } of [old, pasted]) {
        assert.ok(!before.some((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri && n.params.version === 2), 'answered after the paste was analyzed');
      }
      // From the last model: the old site, where it now is, and nothing yet where the paste is.
      assert.match(JSON.stringify(old.result), /open/);
      assert.equal(pasted.result, null);
      // Once the paste is analyzed, the same hover knows it.
      const diagnostics = await client.diagnostics(uri, 2);
      assert.ok(diagnostics.some((d) => d.code === 'arity' && /os\.remove/.test(d.message)));
      assert.match(JSON.stringify(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 12 } })), /os\.remove/);
    });
  });

  test('a newer version supersedes an older one: only the newest version is published', async () => {
    await withServer(async (client) => {
      const uri = 'file:///tmp/audit-events-scheduling/versions.py';
      client.open(uri, 'import sys\nsys.audit("open", p)\n');
      await client.diagnostics(uri, 1);
      client.change(uri, 2, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: raising('os.remove', 300 * 1024) }]);
      // A request between the two versions (before: it analyzed version 2 on the spot, which was then published).
      const hover = client.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 12 } });
      client.change(uri, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }]);
      await hover;
      const newest = await client.diagnostics(uri, 3);
      assert.ok(newest.some((d) => /os\.remove/.test(d.message)));
      assert.deepEqual(published(client, uri), [1, 3]);
    });
  });
});

describe('the workspace index never runs ahead of a request (issue 17 item 9)', () => {
  test('a completion sent while a large file is indexed is answered before the index reports it', async () => {
    // The large file comes first in the walk; the small ones keep the index busy after it.
    const files: Record<string, string> = { 'a_large.py': 'import sys\n' + raising('open', 2 * 1024 * 1024) };
    for (let i = 0; i < 200; i++) files[`b/m${i}.py`] = `import sys\nsys.audit("myapp.e${i}", 1)\n`;
    const root = tempTree('scheduling', files);
    await withServer(async (client) => {
      await client.waitFor('$/progress', (p) => p.value?.kind === 'begin', 60000);
      const uri = pathToFileURL(join(root, 'typing.py')).href;
      client.open(uri, 'import sys\nsys.audit("op")\n');
      const { result, before } = await answeredAt(client, client.request('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 13 } }, 120000));
      assert.ok(result.items.some((i: { label: string }) => i.label === 'open'));
      const progress = before.filter((n) => n.method === '$/progress').map((n) => n.params.value.kind);
      assert.deepEqual(progress, ['begin'], 'the index reported progress (or ended) before the completion was answered');
      await client.waitFor('$/progress', (p) => p.value?.kind === 'end', 300000);
    }, { rootPath: root });
  });
});

describe('a large file changed on disk (issue 17 item 9)', () => {
  test('is indexed on the analysis thread: a completion sent with the change is answered first, from the index before it', async () => {
    const root = tempTree('watched', { 'app.py': 'import sys\nsys.audit("myapp.small", 1)\n' });
    await withServer(async (client) => {
      await client.waitFor('$/progress', (p) => p.value?.kind === 'end', 60000);
      const uri = pathToFileURL(join(root, 'typing.py')).href;
      client.open(uri, 'import sys\nsys.audit("myapp.")\n');
      await client.diagnostics(uri, 1);
      const labels = async () => {
        const list = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 17 } }, 120000);
        return (list?.items ?? []).map((i: { label: string }) => i.label) as string[];
      };
      assert.ok((await labels()).includes('myapp.small'));
      // 2 MB that raise one new event: seconds of analysis on a busy machine.
      writeFileSync(join(root, 'big.py'), 'import sys\n' + raising('myapp.filler', 2 * 1024 * 1024) + 'sys.audit("myapp.big", 1)\n');
      const republished = client.next('textDocument/publishDiagnostics', (p) => p.uri === uri, 300000);
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(root, 'big.py')).href, type: 1 }] });
      const during = await answeredAt(client, labels());
      // Answered while big.py was analyzed: from the index as it was (before, big.py was analyzed first).
      assert.ok(during.result.includes('myapp.small'));
      assert.ok(!during.result.includes('myapp.big'), 'answered after big.py was analyzed');
      await republished;
      assert.ok((await labels()).includes('myapp.big'));
    }, { rootPath: root });
  });
});

describe('workspace folders added at run time (issue 17 item 12)', () => {
  test('a virtual folder added with a local one: the local one is indexed, nothing throws', async () => {
    const root = tempTree('folders', { 'lib.py': 'import sys\nsys.audit("myapp.only_here", 1)\n' });
    await withServer(async (client) => {
      client.notify('workspace/didChangeWorkspaceFolders', {
        event: {
          added: [
            { uri: 'vscode-vfs://github/python/cpython', name: 'remote' },
            { uri: 'file://wsl.localhost/Ubuntu/home/me/project', name: 'wsl' },
            { uri: pathToFileURL(root).href, name: 'local' },
          ],
          removed: [],
        },
      });
      // The folders arrive in one change but may start the index more than once: the run that ends uncancelled.
      await client.waitFor('window/logMessage', (p) => /indexed \d+ files/.test(p.message) && !/cancelled/.test(p.message), 60000);
      const symbols = await client.request('workspace/symbol', { query: 'myapp.only_here' });
      assert.ok(
        symbols.some((s: any) => s.location.uri === pathToFileURL(join(root, 'lib.py')).href),
        JSON.stringify(symbols),
      );
      const logged = client.notifications.filter((n) => n.method === 'window/logMessage').map((n) => n.params.message as string);
      assert.ok(!logged.some((m) => /failed|uncaught|unhandled/.test(m)), logged.join('\n'));
      assert.equal(client.stderr.join(''), '');
    });
  });
});

describe('a document whose URI does not decode (issue 17 item 4)', () => {
  test('hover in another document that raises the same event still answers', async () => {
    await withServer(async (client) => {
      const odd = 'file:///tmp/audit-events-scheduling/%FF.py';
      const uri = 'file:///tmp/audit-events-scheduling/probe.py';
      client.open(odd, 'import sys\nsys.audit("open", 1)\n');
      await client.diagnostics(odd, 1);
      client.open(uri, 'import sys\nsys.audit("open", 1)\n');
      await client.diagnostics(uri, 1);
      const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 12 } });
      assert.match(JSON.stringify(hover), /open/);
      assert.match(JSON.stringify(hover), /%FF\.py/);
    });
  });
});
