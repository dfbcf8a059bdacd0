// The bundled server over stdio against hostile documents and hostile peers (issue 17).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LspClient, withServer } from './helpers/lsp';
import { tempDir } from './helpers/tempDir';

describe('line breaks as LSP counts them', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    await client.initialize();
  });
  after(() => client.shutdown());

  test('a lone CR ends a line', async () => {
    const uri = 'file:///tmp/audit-events-hostile/cr.py';
    client.open(uri, 'import sys\rsys.audit("os.remov")\r');
    const diags = await client.diagnostics(uri, 1);
    assert.equal(diags.length, 1, JSON.stringify(diags));
    assert.equal(diags[0].code, 'unknown-event');
    assert.deepEqual(diags[0].range, { start: { line: 1, character: 10 }, end: { line: 1, character: 20 } });
  });

  test('CR, LF and CRLF mixed, and an incremental edit after them', async () => {
    const uri = 'file:///tmp/audit-events-hostile/mixed.py';
    const text = 'import sys\r\n# one\r# two\nsys.audit("open", 1)\r';
    client.open(uri, text);
    const first = await client.diagnostics(uri, 1);
    assert.deepEqual(
      first.map((d) => [d.code, d.range.start.line, d.range.start.character]),
      [['arity', 3, 10]],
    );
    // Typing `, 2, 3` on line 3 (after a lone CR) fixes the call: the tree edit uses LSP lines.
    client.change(uri, 2, [{ range: { start: { line: 3, character: 19 }, end: { line: 3, character: 19 } }, text: ', 2, 3' }]);
    assert.deepEqual(await client.diagnostics(uri, 2), []);
    client.change(uri, 3, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\r\r' }]);
    const moved = await client.diagnostics(uri, 3);
    assert.deepEqual(moved, []);
    client.change(uri, 4, [{ range: { start: { line: 5, character: 19 }, end: { line: 5, character: 25 } }, text: '' }]);
    const again = await client.diagnostics(uri, 4);
    assert.deepEqual(
      again.map((d) => [d.code, d.range.start.line, d.range.start.character]),
      [['arity', 5, 10]],
    );
  });
});

/** The server process's resident memory, in MB. */
function rssMb(client: LspClient): number {
  const status = readFileSync(`/proc/${client.proc.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/** A request whose answer is known: the server is alive and its parser works. */
async function probe(client: LspClient, uri: string): Promise<void> {
  const text = 'import sys\nsys.audit("open", 1)\n';
  client.open(uri, text);
  const diags = await client.diagnostics(uri, 1);
  assert.deepEqual(diags.map((d) => d.code), ['arity'], `probe ${uri}`);
  const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 12 } });
  assert.match(JSON.stringify(hover), /open/);
}

const told = (client: LspClient, about: string) =>
  client.serverRequests.filter((r) => r.method === 'window/showMessageRequest' && String(r.params.message).includes(about)).map((r) => r.params.message as string);

/** 30 MB of Python that mentions the audit API on every line. */
function hugeModule(mb: number): string {
  const line = 'import sys\nsys.audit("open", 1)\n';
  return line.repeat(Math.ceil((mb * 1024 * 1024) / line.length));
}

describe('a very large document', () => {
  test('above the size limit: not parsed, told once, the server stays small and answers', async () => {
    await withServer(async (client) => {
      const uri = 'file:///tmp/audit-events-hostile/huge.py';
      client.open(uri, hugeModule(30));
      assert.deepEqual(await client.diagnostics(uri, 1), []);
      await probe(client, 'file:///tmp/audit-events-hostile/probe1.py');
      // Typing in it, and a configuration change that re-checks everything, tell nothing new.
      client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#' }]);
      assert.deepEqual(await client.diagnostics(uri, 2), []);
      client.notify('workspace/didChangeConfiguration', { settings: {} });
      await probe(client, 'file:///tmp/audit-events-hostile/probe2.py');
      const messages = told(client, 'huge.py');
      assert.equal(messages.length, 1, messages.join('\n'));
      assert.match(messages[0], /larger than the size limit of 4 MB \(setting auditEvents\.maxFileSize/);
      const rss = rssMb(client);
      assert.ok(rss < 600, `RSS ${rss} MB`);
    });
  });

  test('a document that makes the parser abort is not parsed again in that version', async () => {
    // The limit raised past the document, so that the parser's WebAssembly runs out of memory.
    await withServer(async (client) => {
      const uri = 'file:///tmp/audit-events-hostile/abort.py';
      client.open(uri, hugeModule(30));
      // Minutes on a loaded machine: the parse runs until the WebAssembly is out of memory.
      await client.waitFor('window/logMessage', (p) => /trapped and was restarted/.test(p.message), 400000);
      await probe(client, 'file:///tmp/audit-events-hostile/probe3.py');
      // Re-checking every open document must not parse it again (which aborted again, forever).
      client.notify('workspace/didChangeConfiguration', { settings: {} });
      await probe(client, 'file:///tmp/audit-events-hostile/probe4.py');
      client.notify('workspace/didChangeConfiguration', { settings: {} });
      await probe(client, 'file:///tmp/audit-events-hostile/probe5.py');
      const restarts = client.notifications.filter((n) => n.method === 'window/logMessage' && /trapped and was restarted/.test(n.params.message));
      assert.equal(restarts.length, 1);
      assert.equal(told(client, 'abort.py').length, 1, told(client, 'abort.py').join('\n'));
      assert.ok(!client.notifications.some((n) => n.method === 'window/logMessage' && /uncaught|unhandled/.test(n.params.message)));
    }, { settings: { maxFileSize: 64 * 1024 * 1024 } });
  });
});

describe('a broken stream: the server says why and exits non-zero, so that the client restarts it', () => {
  const cases: [string, string | Buffer][] = [
    ['no Content-Length', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}'],
    ['a Content-Length that is not a number', 'Content-Length: twelve\r\n\r\n{}'],
    ['a stray header', 'Content-Length: 2\r\nX-Whatever: 1\r\n\r\n{}'],
    ['LF-only separators', 'Content-Length: 2\n\n{}'],
    ['NUL bytes', Buffer.from([0, 0, 0, 0x43, 0x6f, 0x6e, 0x74, 0x65, 0x6e, 0x74, 0x0d, 0x0a, 0x0d, 0x0a])],
    ['garbage', 'GET / HTTP/1.1\r\nHost: localhost\r\n\r\n'],
  ];
  for (const [name, bytes] of cases) {
    test(name, async () => {
      await withServer(async (client) => {
        await probe(client, 'file:///tmp/audit-events-hostile/before-garbage.py');
        client.sendRaw(bytes);
        const code = await client.exited(15000);
        assert.notEqual(code, null, 'the server is still running, deaf');
        assert.notEqual(code, 0);
        const stderr = client.stderr.join('');
        assert.match(stderr, /\[audit-events\] framing error on stdin: .+; exiting/);
        assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
      });
    });
  }

  test('a well-framed body that is not JSON is answered with a parse error, and the server goes on', async () => {
    await withServer(async (client) => {
      client.sendRaw('Content-Length: 9\r\n\r\n{"jsonrpc');
      client.sendRaw('Content-Length: 4\r\n\r\n[1,2');
      await probe(client, 'file:///tmp/audit-events-hostile/after-bad-json.py');
      assert.match(client.stderr.join(''), /ignored a message body that is not JSON/);
    });
  });
});

describe('the lifecycle', () => {
  test('requests before initialize, a second initialize, requests after shutdown, exit codes', async () => {
    const client = new LspClient();
    try {
      const early = await client.response('textDocument/hover', { textDocument: { uri: 'file:///x.py' }, position: { line: 0, character: 0 } });
      assert.equal(early.error?.code, -32002);
      client.open('file:///tmp/audit-events-hostile/early.py', 'import sys\nsys.audit(b"x")\n');
      await client.initialize();
      const again = await client.response('initialize', { processId: null, rootUri: null, capabilities: {} });
      assert.equal(again.error?.code, -32600);
      await probe(client, 'file:///tmp/audit-events-hostile/lifecycle.py');
      const bye = await client.response('shutdown', null);
      assert.equal(bye.error, undefined);
      assert.equal(bye.result, null);
      const late = await client.response('textDocument/hover', { textDocument: { uri: 'file:///x.py' }, position: { line: 0, character: 0 } });
      assert.equal(late.error?.code, -32600);
      client.notify('exit', null);
      assert.equal(await client.exited(10000), 0);
    } finally {
      await client.shutdown();
    }
  });

  test('exit without shutdown: status 1', async () => {
    await withServer(async (client) => {
      client.notify('exit', null);
      assert.equal(await client.exited(10000), 1);
    });
  });

  test('shutdown is answered at once while the workspace is indexed', async () => {
    const root = tempDir('hostile-ws');
    for (let i = 0; i < 3000; i++) writeFileSync(join(root, `m${i}.py`), `import sys\nsys.audit("myapp.e${i}", ${i})\n`);
    await withServer(async (client) => {
      const bye = await client.response('shutdown', null, 5000);
      assert.equal(bye.result, null);
      client.notify('exit', null);
      assert.equal(await client.exited(10000), 0);
    }, { rootPath: root });
  });

  test('a client that stops reading: the server ends quietly', async () => {
    await withServer(async (client) => {
      client.proc.stdout.destroy();
      // Answers and diagnostics for a closed pipe.
      for (let i = 0; i < 50; i++) client.open(`file:///tmp/audit-events-hostile/unread${i}.py`, 'import sys\nsys.audit("open", 1)\n'.repeat(200));
      for (let i = 0; i < 50; i++) void client.response('textDocument/documentSymbol', { textDocument: { uri: `file:///tmp/audit-events-hostile/unread${i}.py` } }).catch(() => {});
      const code = await client.exited(15000);
      assert.notEqual(code, null, 'still running with no one reading');
      assert.doesNotMatch(client.stderr.join(''), /\n\s+at |Connection is closed/, client.stderr.join(''));
    });
  });
});

describe('malformed parameters', () => {
  test('one line naming the method and the field, no stack trace, and the server goes on', async () => {
    await withServer(async (client) => {
      client.notify('textDocument/didOpen', { textDocument: { uri: 'file:///tmp/audit-events-hostile/notext.py', languageId: 'python', version: 1 } });
      client.notify('textDocument/didChange', { textDocument: { uri: 'file:///tmp/audit-events-hostile/notext.py', version: 2 }, contentChanges: [{ range: { start: { line: 0 } }, text: 'x' }] });
      const bad = await client.response('textDocument/hover', { textDocument: { uri: 'file:///tmp/audit-events-hostile/notext.py' } });
      assert.equal(bad.error?.code, -32602);
      assert.match(bad.error!.message, /params\.position is missing/);
      client.notify('workspace/didChangeConfiguration', { settings: {} });
      await probe(client, 'file:///tmp/audit-events-hostile/after-malformed.py');
      const stderr = client.stderr.join('');
      assert.match(stderr, /^\[audit-events\] textDocument\/didOpen: params\.textDocument\.text is missing; ignored$/m);
      assert.match(stderr, /^\[audit-events\] textDocument\/didChange: params\.contentChanges\[0\]\.range\.start\.character is missing; ignored$/m);
      assert.match(stderr, /^\[audit-events\] textDocument\/hover: params\.position is missing; refused$/m);
      const logged = client.notifications.filter((n) => n.method === 'window/logMessage').map((n) => n.params.message as string);
      assert.ok(!logged.some((l) => /\n\s+at /.test(l)), logged.join('\n'));
      assert.doesNotMatch(stderr, /\n\s+at /);
    });
  });
});

describe('100,000 custom events in the settings', () => {
  const customEvents: Record<string, string[]> = {};
  for (let i = 0; i < 100000; i++) customEvents[`myapp.event${i}`] = ['user', 'ip'];
  let client: LspClient;
  before(async () => {
    client = new LspClient({ settings: { customEvents } });
    await client.initialize();
  });
  after(() => client.shutdown());

  test('diagnostics of a hook that compares 300 unknown names, each a near miss', async () => {
    const uri = 'file:///tmp/audit-events-hostile/many-custom.py';
    const names = Array.from({ length: 300 }, (_, i) => `myapp.evnt${i * 7}`);
    const text = 'import sys\ndef hook(event, args):\n' + names.map((n) => `    if event == "${n}":\n        user, ip = args\n`).join('') + 'sys.addaudithook(hook)\nsys.audit("myapp.event5", 1)\n';
    client.open(uri, text);
    const diags = await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri, 120000).then((p) => p.diagnostics);
    const unknown = diags.filter((d: any) => d.code === 'unknown-event');
    assert.equal(unknown.length, 300);
    assert.match(unknown[1].message, /^'myapp\.evnt7' is not an audit event that CPython or this workspace raises; this comparison never matches\. Did you mean 'myapp\.event7'/);
    assert.deepEqual(
      diags.filter((d: any) => d.code === 'arity').map((d: any) => d.message),
      ["'myapp.event5' takes 2 arguments (user, ip); this call passes 1"],
    );
  });

  test('completion: at most 1000 items, those that start with what is typed, and incomplete', async () => {
    const uri = 'file:///tmp/audit-events-hostile/complete-custom.py';
    const text = 'import sys\nsys.audit("myapp.event12")\nsys.audit("")\n';
    client.open(uri, text);
    await client.diagnostics(uri, 1);
    const list = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 24 } }, 60000);
    assert.equal(list.isIncomplete, true);
    assert.ok(list.items.length > 0 && list.items.length <= 1000, `${list.items.length} items`);
    assert.ok(list.items.every((i: any) => i.label.startsWith('myapp.event12')));
    assert.ok(list.items.some((i: any) => i.label === 'myapp.event12'));
    assert.equal(list.items.find((i: any) => i.label === 'myapp.event12').detail, '(user, ip)');
    const empty = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 11 } }, 60000);
    assert.equal(empty.isIncomplete, true);
    assert.equal(empty.items.length, 1000);
  });
});
