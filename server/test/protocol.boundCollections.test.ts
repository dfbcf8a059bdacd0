import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LspClient } from './helpers/lsp';

// A set bound inside the hook (issue 12 §3), on lines whose text before the name is not ASCII:
// the bundled server must place the diagnostic in UTF-16 code units, as LSP counts them (a
// name of CJK characters, one of them outside the BMP, takes 6 bytes of UTF-8 but 2 units each
// for the first two and 2 for the last).
describe('an event set local to the hook, over stdio (bundled server)', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient({ settings: { pythonVersion: '3.12' } });
    await client.initialize();
  });
  after(() => client.shutdown());

  const lines = [
    'import sys',
    '',
    'def hook(event, args):',
    '    禁止𠀀 = {"os.sytem", "subprocess.Popen"}',
    '    names = "ünï😀 x;os.remvoe".split(";")',
    '    if event in 禁止𠀀 or event in names:',
    '        raise PermissionError(event)',
    '',
    'sys.addaudithook(hook)',
    '',
  ];
  const uri = 'file:///tmp/audit-events-bound-sets/hook.py';

  /** The LSP range of a substring of one line: UTF-16 offsets, which JavaScript strings index. */
  const rangeOf = (line: number, text: string) => {
    const start = lines[line].indexOf(text);
    assert.ok(start >= 0);
    return { start: { line, character: start }, end: { line, character: start + text.length } };
  };

  test('the misspelt member of the local set is reported at its UTF-16 range', async () => {
    client.open(uri, lines.join('\n'));
    const diags = (await client.diagnostics(uri, 1)).filter((d: any) => d.code === 'unknown-event');
    const sytem = diags.find((d: any) => d.message.includes("'os.sytem'"));
    assert.ok(sytem, JSON.stringify(diags));
    assert.deepEqual(sytem.range, rangeOf(3, '"os.sytem"'));
    assert.match(sytem.message, /Did you mean 'os\.system'\?/);
    // The split string: the piece after a surrogate pair, at its own place inside the literal.
    const remvoe = diags.find((d: any) => d.message.includes("'os.remvoe'"));
    assert.ok(remvoe, JSON.stringify(diags));
    assert.deepEqual(remvoe.range, rangeOf(4, 'os.remvoe'));
    // The right member is quiet.
    assert.ok(!diags.some((d: any) => d.message.includes("'subprocess.Popen'")), JSON.stringify(diags));
  });

  test('its quick fix replaces just the piece', async () => {
    const diags = (await client.diagnostics(uri, 1)).filter((d: any) => d.message.includes("'os.remvoe'"));
    const actions = await client.request('textDocument/codeAction', { textDocument: { uri }, range: diags[0].range, context: { diagnostics: diags, only: ['quickfix'] } });
    const change = actions.find((a: any) => a.title === "Change to 'os.remove'");
    assert.ok(change, JSON.stringify(actions.map((a: any) => a.title)));
    assert.deepEqual(change.edit.changes[uri], [{ range: rangeOf(4, 'os.remvoe'), newText: 'os.remove' }]);
  });
});
