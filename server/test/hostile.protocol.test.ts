// The bundled server over stdio against hostile documents and hostile peers (issue 17).
import assert from 'node:assert/strict';
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
