import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LspClient } from './helpers/lsp';
import { positionOf } from './helpers/engine';

const URI = 'file:///tmp/audit-events-test/app.py';

describe('completion over stdio (bundled server)', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient({ settings: { pythonVersion: '3.9' } });
    const init = await client.initialize();
    assert.deepEqual(init.capabilities.completionProvider.triggerCharacters.sort(), ['"', "'", '.', '/'].sort());
  });
  after(() => client.shutdown());

  const complete = (uri: string, text: string, marker: string, offset: number) =>
    client.request('textDocument/completion', { textDocument: { uri }, position: positionOf(text, marker, offset) });

  test('inside sys.audit("|"): every event of the target version, argument lists in detail', async () => {
    const text = 'import sys\nsys.audit("")\n';
    client.settings = { pythonVersion: '3.9' };
    client.open(URI, text);
    const list = await complete(URI, text, '("")', 2);
    const byName = new Map<string, any>(list.items.map((i: any) => [i.label, i]));
    assert.ok(byName.has('nntplib.connect'), '3.9 raises nntplib.connect');
    assert.ok(!byName.has('time.sleep'), '3.9 does not raise time.sleep');
    assert.equal(byName.get('open').detail, '(file, mode, flags)');
    assert.equal(byName.get('open').kind, 23 /* Event */);
    assert.match(byName.get('open').documentation.value, /open\(file, mode, flags\)/);
    for (const item of list.items) assert.ok(item.detail, `${item.label} has no detail`);
    assert.ok(list.items.length > 150);
  });

  test('with pythonVersion 3.13 the reverse: time.sleep, no nntplib.connect', async () => {
    const uri = URI.replace('app', 'app313');
    const text = 'import sys\nsys.audit("")\n';
    client.settings = { pythonVersion: '3.13' };
    client.notify('workspace/didChangeConfiguration', { settings: { auditEvents: client.settings } });
    client.open(uri, text);
    const list = await complete(uri, text, '("")', 2);
    const names = new Set(list.items.map((i: any) => i.label));
    assert.ok(names.has('time.sleep'));
    assert.ok(!names.has('nntplib.connect'));
    assert.equal(list.items.find((i: any) => i.label === 'time.sleep').detail, '(seconds)');
  });

  test('nothing is offered in an ordinary string or a comment', async () => {
    const uri = URI.replace('app', 'plain');
    const text = 'import sys\nx = "os."\n# sys.audit("os.")\nlogger.audit("os.")\n';
    client.open(uri, text);
    for (const [marker, offset] of [['"os."', 3], ['# sys.audit("os.', 16], ['logger.audit("os.', 17]] as const) {
      const list = await complete(uri, text, marker, offset);
      assert.equal(list, null, `offered at ${marker}`);
    }
  });
});
