import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LspClient } from './helpers/lsp';
import { positionOf } from './helpers/engine';

// Sorted by name, `_winapi.*` (internal, Windows only) came first: what a user of the target
// version most likely wants comes first now, and what sets the rest apart is marked.
describe('completion and the catalog list by relevance (bundled server)', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient({ settings: { pythonVersion: '3.11' } });
    await client.initialize();
  });
  after(() => client.shutdown());

  const text = 'import sys\nsys.audit("myapp.login", user)\nsys.audit("")\n';
  const uri = 'file:///tmp/audit-events-relevance/app.py';
  const group = (marks: string | undefined) => (!marks ? 'public' : marks.includes('Windows only') ? 'platform' : 'internal');

  test('completion: public events, then internal, then Windows-only, each marked', async () => {
    client.open(uri, text);
    await client.diagnostics(uri, 1);
    const list = await client.request('textDocument/completion', { textDocument: { uri }, position: positionOf(text, '("")', 2) });
    const sorted = [...list.items].sort((a: any, b: any) => (a.sortText < b.sortText ? -1 : a.sortText > b.sortText ? 1 : 0));
    const labels = sorted.map((i: any) => i.label);
    const marks = new Map<string, string | undefined>(sorted.map((i: any) => [i.label, i.labelDetails?.description]));
    assert.equal(labels[0], 'myapp.login', 'the workspace\'s own event first');
    assert.equal(marks.get('open'), undefined);
    assert.equal(marks.get('ctypes.PyObj_FromPtr'), 'internal');
    assert.equal(marks.get('winreg.OpenKey'), 'Windows only');
    assert.equal(marks.get('_winapi.CreateFile'), 'internal, Windows only');
    const idx = (n: string) => labels.indexOf(n);
    assert.ok(idx('open') < idx('ctypes.PyObj_FromPtr') && idx('zlib.decompress') < idx('ctypes.PyObj_FromPtr'), labels.slice(0, 10).join(', '));
    assert.ok(idx('ctypes.PyObj_FromPtr') < idx('_winapi.CreateFile') && idx('ctypes.PyObj_FromPtr') < idx('msvcrt.locking'));
    const groups = sorted.filter((i: any) => i.kind === 23 && i.label !== 'myapp.login').map((i: any) => group(i.labelDetails?.description));
    const order = ['public', 'internal', 'platform'];
    for (let i = 1; i < groups.length; i++) assert.ok(order.indexOf(groups[i - 1]) <= order.indexOf(groups[i]), `${labels[i]}: ${groups[i - 1]} before ${groups[i]}`);
  });

  test('the catalog quick pick\'s list: the same order, with the flags to mark it', async () => {
    const result = await client.request('auditEvents/catalog', { uri });
    assert.equal(result.version, '3.11');
    const names = result.events.map((e: any) => e.name);
    assert.equal(names[0], 'myapp.login');
    assert.ok(!result.events[1].internal && !result.events[1].windowsOnly, names.slice(0, 5).join(', '));
    const internal = result.events.find((e: any) => e.name === 'ctypes.PyObj_FromPtr');
    assert.deepEqual([internal.internal, internal.windowsOnly], [true, false]);
    const groups = result.events.filter((e: any) => !e.custom).map((e: any) => (e.windowsOnly ? 2 : e.internal ? 1 : 0));
    assert.deepEqual(groups, [...groups].sort((a, b) => a - b));
    assert.ok(names.indexOf('open') < names.indexOf('ctypes.PyObj_FromPtr'));
    assert.ok(names.indexOf('ctypes.PyObj_FromPtr') < names.indexOf('msvcrt.locking'));
  });
});
