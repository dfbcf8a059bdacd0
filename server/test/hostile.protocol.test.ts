// The bundled server over stdio against hostile documents and hostile peers (issue 17).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { LspClient } from './helpers/lsp';

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
    const client = new LspClient();
    try {
      await client.initialize();
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
    } finally {
      await client.shutdown();
    }
  });

  test('a document that makes the parser abort is not parsed again in that version', async () => {
    // The limit raised past the document, so that the parser's WebAssembly runs out of memory.
    const client = new LspClient({ settings: { maxFileSize: 64 * 1024 * 1024 } });
    try {
      await client.initialize();
      const uri = 'file:///tmp/audit-events-hostile/abort.py';
      client.open(uri, hugeModule(30));
      await client.waitFor('window/logMessage', (p) => /trapped and was restarted/.test(p.message), 60000);
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
    } finally {
      await client.shutdown();
    }
  });
});
