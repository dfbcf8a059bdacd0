import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Analyzer } from '../src/engine/analyzer';
import type { FeatureContext } from '../src/features/context';
import { codeActions } from '../src/features/codeActions';
import { completion } from '../src/features/completion';
import { computeDiagnostics, findings } from '../src/features/diagnostics';
import { hover } from '../src/features/hover';
import { inlayHints } from '../src/features/inlayHints';
import { definition, documentLinks, documentSymbols, references } from '../src/features/navigation';
import { signatureHelp } from '../src/features/signatureHelp';
import type { Position } from '../src/model';
import { seededRandom, workspace } from './helpers/engine';
import { repoRoot } from './helpers/repo';

function deepIfs(depth: number): string {
  let text = 'import sys\ndef hook(event, args):\n';
  for (let d = 1; d <= depth; d++) text += ' '.repeat(d) + `if event == "e${d}":\n`;
  return text + ' '.repeat(depth + 1) + 'a, b = args\nsys.addaudithook(hook)\n';
}

/** Every feature at a few places of a context: none may throw, whatever the text. */
function everyFeature(ctx: FeatureContext, text: string): void {
  const diagnostics = computeDiagnostics(ctx);
  const lines = text.split(/\r\n|\r|\n/);
  const places: Position[] = [
    ...ctx.model.mentions.slice(0, 3).map((m) => m.name.range.start),
    ...ctx.model.raiseSites.slice(0, 2).map((r) => r.argumentsRange.end),
    { line: 0, character: 0 },
    { line: lines.length - 1, character: lines[lines.length - 1].length },
  ];
  for (const pos of places) {
    completion(ctx, pos);
    hover(ctx, pos);
    signatureHelp(ctx, pos);
    definition(ctx, pos);
    references(ctx, pos, true);
  }
  const whole = { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } };
  inlayHints(ctx, whole);
  codeActions(ctx, whole, diagnostics);
  documentLinks(ctx);
  documentSymbols(ctx);
}

/**
 * The editor's path: an open document, analyzed whole, then edited incrementally; every feature
 * on both versions; the edited model must equal a fresh analysis of the edited text.
 */
async function runEngine(text: string, random?: () => number): Promise<void> {
  const ws = workspace();
  const analyzer = await ws.ready;
  const uri = 'file:///fuzz.py';
  const doc = ws.documents.configuration.create(uri, 'python', 1, text);
  const ctx = ws.context(uri, ws.documents.model(doc), ws.defaultSettings());
  everyFeature(ctx, text);
  if (!random) return;
  const at = Math.floor(random() * (text.length + 1));
  const cut = Math.floor(random() * 4);
  const insert = ['x', '\n', '"', '    ', 'é'][Math.floor(random() * 5)];
  const start = doc.positionAt(at);
  const end = doc.positionAt(at + cut);
  ws.documents.configuration.update(doc, [{ range: { start, end }, text: insert }], 2);
  const edited = ws.documents.model(doc);
  everyFeature(ws.context(uri, edited, ws.defaultSettings()), doc.getText());
  const tree = analyzer.parse('python', doc.getText());
  try {
    assert.deepEqual(plain(edited), plain(analyzer.analyze('python', doc.getText(), tree)), `incremental != fresh after editing ${JSON.stringify(text.slice(0, 80))}`);
  } finally {
    analyzer.release(tree);
  }
}

const plain = (x: unknown) => JSON.parse(JSON.stringify(x));

describe('robustness: the engine never throws', () => {
  const seeds = ['examples/hooks.py', 'examples/app.py'].map((f) => readFileSync(join(repoRoot(), f), 'utf8'));

  test('thousands of mutated and truncated versions of real hook code', async () => {
    const random = seededRandom(578);
    const pieces = ['(', ')', '[', ']', '{', '}', ':', '"', "'", '"""', '\n', '    ', '\t', 'if ', 'event', 'args', '==', ',', '*', 'sys.audit(', 'match ', 'case ', 'lambda', 'def ', '\\', '#', 'é', '😀', '\0', '\r'];
    for (let i = 0; i < 2500; i++) {
      const base = seeds[i % seeds.length];
      let text = base;
      const edits = 1 + Math.floor(random() * 6);
      for (let k = 0; k < edits; k++) {
        const at = Math.floor(random() * text.length);
        const op = random();
        if (op < 0.4) text = text.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + text.slice(at);
        else if (op < 0.7) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 20));
        else text = text.slice(0, at); // truncated, as while typing
      }
      await runEngine(text, random);
    }
  });

  const tmp = mkdtempSync(join(tmpdir(), 'audit-events-robust-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  test('random bytes, through the editor and through the files the CLI reads', async () => {
    const random = seededRandom(3120);
    const files: string[] = [];
    for (let i = 0; i < 300; i++) {
      const bytes = Buffer.from(Array.from({ length: 1 + Math.floor(random() * 2000) }, () => Math.floor(random() * 256)));
      const withAudit = Buffer.concat([bytes, Buffer.from('\nimport sys\nsys.audit("open", 1)\n')]);
      await runEngine(bytes.toString('utf8'));
      await runEngine(withAudit.toString('latin1'));
      const file = join(tmp, `bytes${i}.py`);
      writeFileSync(file, withAudit);
      files.push(file);
    }
    // The CLI's path: read, pre-filter and decode the bytes, then analyze what decodes.
    const ws = workspace();
    const { files: checked, errors, contexts } = await ws.checkPaths(files);
    assert.equal(checked.length, files.length);
    assert.equal(contexts.length + errors.length, files.length, 'every file is either analyzed or reported');
    for (const ctx of contexts) findings(ctx);
  });

  test('broken files large enough for the excerpt path: the CLI may only miss, never add', async () => {
    // The rule (engine/analyzer.ts): the CLI analyzes a large file from its excerpt when that
    // parses cleanly, else the whole text, as the editor always does. On a broken file the two
    // may differ, but only by the CLI reporting less: every CLI finding is an editor finding.
    const random = seededRandom(9);
    const filler = Array.from({ length: 400 }, (_, i) => `def f${i}(x):\n    return x + ${i}\n`).join('');
    const hooks = readFileSync(join(repoRoot(), 'examples/hooks.py'), 'utf8');
    for (let i = 0; i < 20; i++) {
      let text = filler + hooks;
      const at = filler.length + Math.floor(random() * hooks.length);
      text = text.slice(0, at) + ['(', '"', ':', '\n    ]'][i % 4] + text.slice(at);
      const file = join(tmp, `broken${i}.py`);
      writeFileSync(file, text);
      const cli = workspace();
      const { contexts } = await cli.checkPaths([file]);
      const cliFindings = contexts.flatMap((c) => findings(c)).map((f) => `${f.code}@${f.range.start.line}:${f.range.start.character}`);
      const editor = workspace();
      const doc = editor.documents.configuration.create('file:///broken.py', 'python', 1, text);
      await editor.ready;
      const editorFindings = new Set(findings(editor.context('file:///broken.py', editor.documents.model(doc), editor.defaultSettings())).map((f) => `${f.code}@${f.range.start.line}:${f.range.start.character}`));
      for (const f of cliFindings) assert.ok(editorFindings.has(f), `CLI-only finding ${f} in broken file ${i}`);
    }
  });

  test('a 1 MB single line', async () => {
    const line = 'x = [' + Array.from({ length: 120000 }, (_, i) => `sys.audit("e${i % 7}")`).join(',').slice(0, 1_000_000) + ']';
    await runEngine('import sys\n' + line + '\n');
  });

  test('escapes Python rejects in event names: a short \\u, a \\U past U+10FFFF', async () => {
    for (const name of ['\\u', '\\u12', '\\U', '\\U00110000', 'os.\\u']) {
      const text = `import sys\ndef h(event, args):\n    match event:\n        case "${name}": pass\n    if event == "${name}": pass\nsys.addaudithook(h)\nsys.audit("${name}")\n`;
      await runEngine(text);
    }
  });

  test('5,000-deep nesting, in expressions and in blocks', async () => {
    const parens = 'import sys\ndef hook(event, args):\n    x = ' + '('.repeat(5000) + 'args[0]' + ')'.repeat(5000) + '\nsys.addaudithook(hook)\n';
    await runEngine(parens);
    const unbalanced = 'import sys\nsys.audit(' + '['.repeat(5000) + '\n';
    await runEngine(unbalanced);
    await runEngine(deepIfs(5000));
    // Past CPython's own limit of 100 indentation levels the file is not parsed, and says why.
    const model = (await workspace().ready).analyzeText('python', deepIfs(5000));
    assert.match(model.skipped ?? '', /more than 100 levels of indentation/);
    // Within it, it is analyzed.
    assert.equal((await workspace().ready).analyzeText('python', deepIfs(90)).hooks.length, 1);
    const lambdas = 'import sys\nsys.addaudithook(' + 'lambda e, a: '.repeat(5000) + 'None)\n';
    await runEngine(lambdas);
  });

  test('if the parser\'s WebAssembly traps anyway, a new instance takes over', async () => {
    const unguarded = await Analyzer.create({ maxIndentLevels: Infinity });
    // Whether the first deep parse traps depends on what the instance parsed before (the first
    // one can get through on a fresh instance and leave it to trap on the next): try a few times.
    let model = unguarded.analyzeText('python', deepIfs(3000));
    for (let attempt = 0; attempt < 5 && !model.skipped; attempt++) model = unguarded.analyzeText('python', deepIfs(3000));
    assert.match(model.skipped ?? '', /failed on this file .* restarted/);
    await unguarded.whenReady();
    const after = unguarded.analyzeText('python', 'import sys\nsys.audit("open", 1)\n');
    assert.equal(after.raiseSites.length, 1);
    assert.equal(after.skipped, null);
  });

  test('100k lines', async () => {
    const text = 'import sys\n' + Array.from({ length: 100000 }, (_, i) => (i % 100 === 0 ? `sys.audit("open", ${i})` : `x${i} = ${i}`)).join('\n');
    await runEngine(text);
  });
});
