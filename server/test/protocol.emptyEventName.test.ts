import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LspClient } from './helpers/lsp';

// Auto-closing quotes leave `event == ""` on screen while the user types the name: an empty
// name is a normal state of the buffer, not an event.
describe('an empty event name, as auto-closing quotes leave it (bundled server)', () => {
  let client: LspClient;
  const text = 'import sys\n\ndef hook(event, args):\n    if event == "":\n        pass\n    elif event == "open":\n        pass\n\nsys.addaudithook(hook)\n';
  const uri = 'file:///tmp/audit-events-empty/hook.py';
  // Opened here, not in the first test, so that each test also runs alone under a name filter.
  before(async () => {
    client = new LspClient({ settings: { pythonVersion: '3.11' } });
    await client.initialize();
    client.open(uri, text);
    await client.diagnostics(uri, 1);
  });
  after(() => client.shutdown());

  test('no document symbol or workspace symbol has an empty name (VS Code rejects the whole outline)', async () => {
    const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(
      symbols.map((s: any) => [s.name, s.children.map((c: any) => c.name)]),
      [['hook', ['open']]],
    );
    const ws = await client.request('workspace/symbol', { query: '' });
    assert.deepEqual(ws.filter((s: any) => !s.name.trim()), []);
  });

  test('the comparison is reported as never matching, with no did-you-mean and no quick fix', async () => {
    const diags = await client.diagnostics(uri, 1);
    const unknown = diags.filter((d: any) => d.code === 'unknown-event');
    assert.equal(unknown.length, 1, JSON.stringify(diags));
    assert.equal(unknown[0].range.start.line, 3);
    assert.equal(unknown[0].message, 'An empty string is not an audit event name; this comparison never matches');
    assert.ok(!diags.some((d: any) => /did you mean/i.test(d.message)), JSON.stringify(diags));
    const actions = await client.request('textDocument/codeAction', { textDocument: { uri }, range: unknown[0].range, context: { diagnostics: unknown, only: ['quickfix'] } });
    // The one quick fix is the suppression comment (issue 14): no name to change to.
    assert.deepEqual(actions.map((a: any) => a.title), ["Ignore 'unknown-event' on this line"]);
  });

  test('sys.audit("") gets no did-you-mean either', async () => {
    // A client of its own: a raise of "" in the workspace would make the name known to the hook above.
    const other = new LspClient({ settings: { pythonVersion: '3.11' } });
    try {
      await other.initialize();
      const raiseUri = 'file:///tmp/audit-events-empty/raise.py';
      other.open(raiseUri, 'import sys\nsys.audit("")\n');
      assert.deepEqual(await other.diagnostics(raiseUri, 1), []);
    } finally {
      await other.shutdown();
    }
  });
});
