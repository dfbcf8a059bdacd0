// Issue 15: a large open document lives on the analysis thread with its tree. Edits cross as the
// editor's changes and are reparsed there incrementally; a model that is only the last one moved
// does not cross back. Whatever path a version takes, its diagnostics are those of the same text
// opened fresh.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ThreadDocuments, type DocumentStep, type DocumentStepReply } from '../src/engine/threadDocuments';
import { parser, positionOf } from './helpers/engine';
import { withServer } from './helpers/lsp';

/** A hook with a wrong unpacking, ~`fillers` functions no hook involves (with non-ASCII comments and tabs), and a wrong raise at the end. */
function largeSource(fillers: number): string {
  const out = [
    'import sys',
    '',
    'def hook(event, args):',
    '    if event == "open":',
    '        path, mode = args',
    '    elif event == "os.remove":',
    '        path, dir_fd = args',
    '',
    'sys.addaudithook(hook)',
    '',
  ];
  for (let i = 0; i < fillers; i++) out.push(`def filler_${i}(a):`, `\tb = a + ${i}  # café 😀 naïve`, `\treturn b`, '');
  out.push('sys.audit("os.remove", 1)', '');
  return out.join('\n');
}

const step = (s: Partial<DocumentStep> & Pick<DocumentStep, 'version'>): DocumentStep => ({ key: 'file:///big.py', language: 'python', externalHooks: [], hookRegistrars: [], ...s });
const lineage = (r: DocumentStepReply) => ('lineage' in r ? r.lineage : assert.fail('out of step'));

describe('the analysis thread keeps open documents (issue 15)', () => {
  test('an edit inside code no hook involves comes back as moved; one inside a hook as a new model', async () => {
    const docs = new ThreadDocuments(await parser());
    const text = largeSource(50);
    const first = docs.step(step({ version: 1, text }));
    assert.ok('model' in first && first.model.hooks.length === 1);
    const inFiller = positionOf(text, 'return b', 'return '.length);
    const moved = docs.step(step({ version: 2, base: 1, changes: [{ range: { start: inFiller, end: inFiller }, text: '2 * ' }], heldLineage: lineage(first) }));
    assert.deepEqual(moved, { moved: true, lineage: lineage(first) });
    const inHook = positionOf(text, 'mode = args');
    const analyzed = docs.step(step({ version: 3, base: 2, changes: [{ range: { start: inHook, end: { line: inHook.line, character: inHook.character + 4 } }, text: 'mode, flags' }], heldLineage: lineage(first) }));
    assert.ok('model' in analyzed, 'an edit in the hook is analyzed again');
    assert.notEqual(analyzed.lineage, lineage(first));
    // Without the asker's lineage, the model crosses whole even when it was only moved.
    const sent = docs.step(step({ version: 4, base: 3, changes: [{ range: { start: inFiller, end: inFiller }, text: '3 * ' }] }));
    assert.ok('model' in sent && sent.lineage === analyzed.lineage);
  });

  test('a reversed range (a client bug) edits the tree as the text: the same model as the range in order', async () => {
    const docs = new ThreadDocuments(await parser());
    const text = largeSource(30);
    // Inside a filler's body: the model is moved, by the edit the tree was given.
    const from = positionOf(text, 'a + 3 ', 4);
    const to = positionOf(text, 'a + 3 ', 5);
    const models = [true, false].map((reversed) => {
      const key = `file:///${reversed ? 'reversed' : 'ordered'}.py`;
      const first = docs.step(step({ key, version: 1, text }));
      const range = reversed ? { start: to, end: from } : { start: from, end: to };
      // Without the asker's lineage the moved model crosses whole; the same lineage says it was moved.
      const reply = docs.step(step({ key, version: 2, base: 1, changes: [{ range, text: '30\n\tc = 1\n\td = 2' }] }));
      assert.equal(lineage(reply), lineage(first), 'moved, not analyzed again');
      return reply;
    });
    const last = (r: DocumentStepReply) => ('model' in r ? r.model.raiseSites.at(-1)!.range : assert.fail('no model'));
    assert.deepEqual(last(models[0]), last(models[1]));
    assert.equal(last(models[1]).start.line, text.split('\n').length - 2 + 2);
  });

  test('changes from a version the thread does not hold are refused, not applied to another text', async () => {
    const docs = new ThreadDocuments(await parser());
    docs.step(step({ version: 1, text: largeSource(2) }));
    const at = { line: 0, character: 0 };
    assert.deepEqual(docs.step(step({ version: 3, base: 2, changes: [{ range: { start: at, end: at }, text: '#' }] })), { outOfStep: true });
    docs.forget(['file:///big.py']);
    assert.deepEqual(docs.step(step({ version: 2, base: 1, changes: [] })), { outOfStep: true });
  });
});

describe('a large document edited in the server (issue 15)', () => {
  test('each version publishes what the same text opened fresh publishes, through moved and analyzed edits, non-ASCII and tabs', async () => {
    await withServer(async (client) => {
      const uri = 'file:///tmp/audit-events-thread/big.py';
      // 40 KB: analyzed on the thread (16 KB and more), and requests wait for it (under 64 KB).
      let text = largeSource(700);
      assert.ok(text.length > 32 * 1024 && text.length < 60 * 1024);
      const doc = TextDocument.create(uri, 'python', 1, text);
      client.open(uri, text);
      await client.diagnostics(uri, 1);
      const at = (marker: string, offset = 0) => positionOf(doc.getText(), marker, offset);
      const after = (p: { line: number; character: number }, n: number) => ({ line: p.line, character: p.character + n });
      // Each computed on the text as the previous ones left it.
      const versions: (() => unknown[])[] = [
        // A line typed inside a filler's body: moved on the thread, and every line below moves down.
        () => [{ range: { start: at('b = a + 3 ', 9), end: at('b = a + 3 ', 9) }, text: '\n\tc = "ünïcode 😀"' }],
        // After the emoji of a comment (UTF-16 columns): moved.
        () => [{ range: { start: at('😀 naïve\n\treturn b\n\ndef filler_5(', 2), end: at('😀 naïve\n\treturn b\n\ndef filler_5(', 2) }, text: ' ünï' }],
        // Two changes in one message: the hook's unpacking fixed, and a line typed above the last raise.
        () => [
          { range: { start: at('mode = args'), end: after(at('mode = args'), 4) }, text: 'mode, flags' },
          { range: { start: at('sys.audit("os.remove", 1)'), end: at('sys.audit("os.remove", 1)') }, text: 'sys.audit("open", "p")\n' },
        ],
        // A character typed and removed in a filler far down: moved.
        () => [{ range: { start: at('b = a + 500 ', 9), end: at('b = a + 500 ', 9) }, text: '7' }],
        () => [{ range: { start: at('b = a + 5700', 9), end: at('b = a + 5700', 10) }, text: '' }],
        // Lines removed across fillers.
        () => [{ range: { start: at('def filler_10('), end: at('def filler_20(') }, text: '' }],
      ];
      for (const [i, changesOf] of versions.entries()) {
        const version = i + 2;
        const changes = changesOf();
        TextDocument.update(doc, changes as never, version);
        text = doc.getText();
        client.change(uri, version, changes);
        const edited = await client.diagnostics(uri, version);
        const fresh = `${uri}?fresh=${version}`;
        client.open(fresh, text);
        const expected = await client.diagnostics(fresh, 1);
        client.notify('textDocument/didClose', { textDocument: { uri: fresh } });
        assert.deepEqual(edited, expected, `version ${version}`);
        assert.ok(expected.length >= 2, `version ${version} has diagnostics to compare`);
      }
    });
  });

  test('closed and reopened with other text: the thread analyzes the new text, not its old copy', async () => {
    await withServer(async (client) => {
      const uri = 'file:///tmp/audit-events-thread/reopened.py';
      const text = largeSource(700);
      client.open(uri, text);
      assert.ok((await client.diagnostics(uri, 1)).some((d) => d.code === 'unpack-arity'));
      client.notify('textDocument/didClose', { textDocument: { uri } });
      const fixed = text.replace('path, mode = args', 'path, mode, flags = args');
      client.open(uri, fixed, 'python', 1);
      const reopened = await client.next('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 1);
      assert.ok(!reopened.diagnostics.some((d: { code: string }) => d.code === 'unpack-arity'), JSON.stringify(reopened.diagnostics));
      // And an edit after the reopening goes to the new copy.
      const at = positionOf(fixed, 'sys.audit("os.remove", 1)');
      client.change(uri, 2, [{ range: { start: at, end: at }, text: 'sys.audit("open")\n' }]);
      const edited = await client.diagnostics(uri, 2);
      assert.ok(edited.some((d) => d.code === 'arity' && /'open'/.test(d.message) && d.range.start.line === at.line), JSON.stringify(edited));
    });
  });
});
