import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LspClient } from './helpers/lsp';
import { positionOf } from './helpers/engine';

const URI = 'file:///tmp/audit-events-test/app.py';

/** The text after one edit that replaces a range on a single line. */
function applyLineEdit(text: string, edit: { range: any; newText: string }): string {
  const lines = text.split('\n');
  const { start, end } = edit.range;
  assert.equal(start.line, end.line);
  const line = lines[start.line];
  lines[start.line] = line.slice(0, start.character) + edit.newText + line.slice(end.character);
  return lines.join('\n');
}

describe('completion over stdio (bundled server)', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient({ settings: { pythonVersion: '3.9' } });
    const init = await client.initialize();
    assert.deepEqual(init.capabilities.completionProvider.triggerCharacters.sort(), ['"', "'", '.', '/'].sort());
    assert.equal(init.capabilities.completionProvider.resolveProvider, true);
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
    for (const item of list.items) assert.ok(item.detail, `${item.label} has no detail`);
    assert.ok(list.items.length > 150);
  });

  test('the list is lazy: no documentation in it, completionItem/resolve brings it for the target version', async () => {
    const uri = URI.replace('app', 'lazy');
    const text = 'import sys\nsys.audit("os.re")\n';
    client.open(uri, text);
    const list = await complete(uri, text, 'os.re"', 5);
    for (const item of list.items) assert.equal(item.documentation, undefined, `${item.label} carries its documentation`);
    const open = list.items.find((i: any) => i.label === 'open');
    assert.deepEqual(open.data, { uri }, 'data names the document, nothing more');
    const resolved = await client.request('completionItem/resolve', open);
    assert.equal(resolved.documentation.kind, 'markdown');
    assert.match(resolved.documentation.value, /open\(file, mode, flags\)/);
    assert.match(resolved.documentation.value, /Python 3\.9: 3 arguments/);
    for (const key of ['label', 'kind', 'detail', 'sortText', 'filterText', 'textEdit', 'data'] as const) assert.deepEqual(resolved[key], open[key], key);

    const remove = list.items.find((i: any) => i.label === 'os.remove');
    assert.equal(remove.filterText, 'os.remove');
    assert.deepEqual(remove.textEdit.range, { start: positionOf(text, 'os.re"'), end: positionOf(text, 'os.re"', 5) });
    assert.equal(applyLineEdit(text, remove.textEdit), 'import sys\nsys.audit("os.remove")\n', 'the edit replaces the whole string content');
  });

  test('resolve follows the document: custom events from its settings, raise sites from the workspace', async () => {
    const uri = URI.replace('app', 'custom');
    const text = 'import sys\nsys.audit("myapp.login", user, ip)\ndef h(event, args):\n    if event == "": pass\nsys.addaudithook(h)\n';
    client.settings = { pythonVersion: '3.9', customEvents: { 'myapp.declared': ['who'] } };
    client.notify('workspace/didChangeConfiguration', { settings: { auditEvents: client.settings } });
    client.open(uri, text);
    const list = await complete(uri, text, '== ""', 4);
    const declared = await client.request('completionItem/resolve', list.items.find((i: any) => i.label === 'myapp.declared'));
    assert.match(declared.documentation.value, /Custom event declared in settings: takes 1 argument \(who\)/);
    const raised = await client.request('completionItem/resolve', list.items.find((i: any) => i.label === 'myapp.login'));
    assert.match(raised.documentation.value, /Raised in this workspace/);
    client.settings = { pythonVersion: '3.9' };
    client.notify('workspace/didChangeConfiguration', { settings: { auditEvents: client.settings } });
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

  test('a hook typed top-down, never registered: completion, hover and diagnostics at once (issue 16 item 1)', async () => {
    const uri = URI.replace('app', 'topdown');
    // As the editor sees it while typing: the def, then `if event == "` with the closing quote
    // the editor inserted, and no sys.addaudithook line anywhere.
    let text = 'def hook(event, args):\n    if event == ""\n';
    client.open(uri, text);
    const list = await complete(uri, text, '== ""', 4);
    assert.ok(list, 'no completion inside the first comparison of a hook-shaped function');
    assert.ok(list.items.some((i: any) => i.label === 'socket.connect'));
    // The user picks an event and goes on to read its arguments, wrongly.
    text = 'def hook(event, args):\n    if event == "socket.connect":\n        sock, address, port = args\n';
    client.change(uri, 2, [{ text }]);
    const diags = await client.diagnostics(uri, 2);
    assert.deepEqual(diags.map((d: any) => d.code), ['unpack-arity']);
    assert.match(diags[0].message, /'socket\.connect' takes 2 arguments/);
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'socket.connect', 2) });
    assert.match(hover.contents.value, /socket\.connect/);
    // A generic handler of the same shape, whose names are not audit events, stays quiet.
    const generic = URI.replace('app', 'generic');
    const genericText = 'def handle(name, data):\n    if name == "click":\n        x, y, z = data\n';
    client.open(generic, genericText);
    assert.deepEqual(await client.diagnostics(generic, 1), []);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: generic }, position: positionOf(genericText, 'click', 1) }), null);
  });

  test('items resolve returns as they came when they are not ours or their document is gone', async () => {
    const strange = [
      { label: 'open' },
      { label: 'open', kind: 23, data: null },
      { label: 'open', kind: 23, data: 'file:///x.py' },
      { label: 'open', kind: 23, data: { uri: 42 } },
      { label: 'open', kind: 23, data: { uri: 'file:///never/opened.py' } },
      { label: 'open', kind: 23, data: { uri: '::not a uri::' } },
      { label: 'os.', kind: 9, data: { uri: URI } },
    ];
    for (const item of strange) assert.deepEqual(await client.request('completionItem/resolve', item), item);
    const text = 'import sys\nsys.audit("")\n';
    const list = await complete(URI, text, '("")', 2);
    assert.ok(list.items.length > 150, 'still answering');
  });
});

describe("completion for a client that takes item defaults (as VS Code's client does)", () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient({
      settings: { pythonVersion: '3.11' },
      capabilities: {
        workspace: { configuration: true },
        textDocument: {
          completion: {
            completionItem: { documentationFormat: ['markdown'], tagSupport: { valueSet: [1] }, resolveSupport: { properties: ['documentation'] } },
            completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
          },
        },
      },
    });
    await client.initialize();
  });
  after(() => client.shutdown());

  test('the edit range and the data are sent once; the items stay resolvable', async () => {
    const uri = 'file:///tmp/audit-events-test/defaults.py';
    const text = 'import sys\n\tx = "é😀"; sys.audit("os.re")\n';
    client.open(uri, text);
    const list = await client.request('textDocument/completion', { textDocument: { uri }, position: positionOf(text, 'os.re"', 5) });
    assert.deepEqual(list.itemDefaults, { editRange: { start: positionOf(text, 'os.re"'), end: positionOf(text, 'os.re"', 5) }, data: { uri } });
    assert.equal(list.itemDefaults.editRange.start.character, 23, 'tab, é and 😀 (2 UTF-16 units) before it');
    for (const item of list.items) {
      assert.equal(item.textEdit, undefined, item.label);
      assert.equal(item.data, undefined, item.label);
      assert.equal(item.documentation, undefined, item.label);
    }
    const remove = list.items.find((i: any) => i.label === 'os.remove');
    // With a default edit range and no textEditText, the client inserts the label over that range.
    assert.equal(applyLineEdit(text, { range: list.itemDefaults.editRange, newText: remove.textEditText ?? remove.label }), 'import sys\n\tx = "é😀"; sys.audit("os.remove")\n');
    const nntp = list.items.find((i: any) => i.label === 'nntplib.connect');
    assert.deepEqual(nntp.tags, [1], 'raised by 3.11, gone in 3.13');
    // The client fills in the default data before it asks to resolve.
    const resolved = await client.request('completionItem/resolve', { ...remove, data: list.itemDefaults.data });
    assert.match(resolved.documentation.value, /os\.remove\(path, dir_fd\)/);
  });
});
