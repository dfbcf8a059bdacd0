import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AnalyzedDocuments } from '../src/engine/documents';
import { parser, seededRandom } from './helpers/engine';

/** A model as plain JSON, for comparing the incremental path with a fresh analysis. */
const plain = (x: unknown) => JSON.parse(JSON.stringify(x));

const SOURCE = [
  'import sys',
  'IGNORED = {"open", "os.remove"}',
  '',
  'def helper(a, b):',
  '    """Plain code: typing here cannot change the model."""',
  '    total = a + b  # é😀',
  '    for k in range(3):',
  '        total += k',
  '    return total',
  '',
  'class Model:',
  '    def score(self, xs):',
  '        return sum(xs)',
  '',
  'def hook(event, args):',
  '    if event in IGNORED:',
  '        return',
  '    if event == "shutil.rmtree":',
  '        (path,) = args',
  '',
  'def other(x):',
  '    return x * 2',
  '',
  'sys.addaudithook(hook)',
  'sys.audit("myapp.x", 1)',
  '',
].join('\n');

describe('incremental analysis: a reused model equals a fresh analysis', () => {
  test('after each of 400 random one-character edits (typed, then undone), anywhere in the file', async () => {
    const p = await parser();
    const docs = new AnalyzedDocuments(() => p);
    const uri = 'file:///work/test/incremental.py';
    let doc = docs.configuration.create(uri, 'python', 1, SOURCE);
    docs.model(doc);
    const random = seededRandom(42);
    const check = (what: string) => {
      const fresh = p.analyzeText('python', doc.getText());
      assert.deepEqual(plain(docs.model(doc)), plain(fresh), what);
    };
    let v = 1;
    for (let i = 0; i < 200; i++) {
      const text = doc.getText();
      // Mostly inside helper, Model and other (where the model can be reused), else anywhere.
      const anchors = ['total = a', 'return sum', 'return x', 'for k in', 'if event', 'IGNORED', 'sys.audit', '(path,)'];
      const anchor = text.indexOf(anchors[Math.floor(random() * anchors.length)]);
      const at = random() < 0.85 ? anchor + Math.floor(random() * 8) : Math.floor(random() * text.length);
      const chars = ['x', ' ', '(', ')', '"', '\n', ':', 'a', '=', '#', 'audit', '\n    y = 2'];
      const inserted = chars[Math.floor(random() * chars.length)];
      const pos = doc.positionAt(at);
      doc = docs.configuration.update(doc, [{ range: { start: pos, end: pos }, text: inserted }], ++v);
      check(`typed ${JSON.stringify(inserted)} at ${at}`);
      doc = docs.configuration.update(doc, [{ range: { start: pos, end: doc.positionAt(at + inserted.length) }, text: '' }], ++v);
      check(`undid ${JSON.stringify(inserted)} at ${at}`);
    }
    assert.equal(doc.getText(), SOURCE);
    assert.ok(docs.stats.reused > 50, `only ${docs.stats.reused} of 400 models reused`);
    assert.ok(docs.stats.analyzed > 50, 'edits in hooks and at module level are analyzed again');
  });

  test('typing in a helper function reuses the model, moved', async () => {
    const p = await parser();
    const docs = new AnalyzedDocuments(() => p);
    const uri = 'file:///work/test/reuse.py';
    let doc = docs.configuration.create(uri, 'python', 1, SOURCE);
    const first = docs.model(doc);
    const at = doc.positionAt(SOURCE.indexOf('total = a'));
    doc = docs.configuration.update(doc, [{ range: { start: at, end: at }, text: 'x = 1\n    ' }], 2);
    const second = docs.model(doc);
    assert.equal(docs.stats.reused, 1);
    assert.equal(second.hooks[0].range.start.line, first.hooks[0].range.start.line + 1, 'moved down one line');
    assert.deepEqual(plain(second), plain(p.analyzeText('python', doc.getText())));
  });
});
