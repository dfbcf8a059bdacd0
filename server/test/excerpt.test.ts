import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { excerptOf, splitStatements, type Statement } from '../src/python/excerpt';
import { isJsSpace, scanLine, START_OF_FILE, startsLogicalLine } from '../src/python/lines';
import type { Analyzer } from '../src/engine/analyzer';
import { parser, seededRandom } from './helpers/engine';
import { repoRoot } from './helpers/repo';

const plain = (x: unknown) => JSON.parse(JSON.stringify(x));

function full(p: Analyzer, text: string, externalHooks?: Set<string>) {
  const tree = p.parse('python', text);
  try {
    return p.analyze('python', text, tree, { externalHooks });
  } finally {
    p.release(tree);
  }
}

function filler(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(`def helper_${i}(a, b=${i}):`, `    """Doc ${i}."""`, `    return [x + b for x in a if x]  # ü ${i}`, '', `class C${i}:`, `    limit = ${i}`, '', `VALUES_${i} = {"k": (${i}, ${i + 1})}`, '');
  }
  return out.join('\n');
}

describe('excerpts of large files give the model of the whole file', () => {
  const examples = ['hooks.py', 'app.py'].map((f) => readFileSync(join(repoRoot(), 'examples', f), 'utf8'));

  test('examples buried in filler code, at the start, middle and end', async () => {
    const p = await parser();
    for (const ex of examples) {
      for (const text of [ex + filler(100), filler(50) + ex + filler(50), filler(100) + ex]) {
        assert.ok(excerptOf(text), 'an excerpt is taken');
        assert.deepEqual(plain(p.analyzeText('python', text)), plain(full(p, text)));
      }
    }
  });

  test('constants, collections, classes and hooks defined far from where they are used', async () => {
    const p = await parser();
    const text = [
      'import sys',
      filler(30),
      'EV = "open"',
      'WATCH = frozenset({"os.remove", "os.rmdir"})',
      filler(30),
      'class Auditor:',
      '    def __call__(self, event, args):',
      '        if event in WATCH:',
      '            a, b, c = args',
      filler(30),
      '@decorated',
      'def hook(event, args):',
      '    if event == EV:',
      '        a, b = args',
      filler(30),
      'if True:',
      '    sys.addaudithook(hook)',
      'sys.addaudithook(Auditor())',
      'sys.audit(EV, 1)',
      'def rebind():',
      '    global EV',
      '    EV = "x"',
    ].join('\n');
    const model = p.analyzeText('python', text);
    assert.deepEqual(plain(model), plain(full(p, text)));
    assert.equal(model.hooks.length, 2);
  });

  test('hooks registered from another file, and 300 random edits of a large file', async () => {
    const p = await parser();
    const withExternal = filler(60) + '\ndef imported_hook(event, args):\n    if event == "open":\n        p, m = args\n' + filler(60) + '\nimport os\n';
    const external = new Set(['imported_hook']);
    assert.deepEqual(plain(p.analyzeText('python', withExternal, { externalHooks: external })), plain(full(p, withExternal, external)));
    const random = seededRandom(7);
    const base = filler(40) + examples[0] + filler(40);
    let compared = 0;
    for (let i = 0; i < 300; i++) {
      const at = Math.floor(random() * base.length);
      const pieces = ['x', '(', ')', '"', '\n', ':', '=', 'audit', '\nsys.audit("open", 1)\n', '    ', '#'];
      const text = base.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + base.slice(at + Math.floor(random() * 3));
      // Code with a syntax error anywhere is read best-effort, whole or in part; the promise
      // is for code that parses.
      const tree = p.parse('python', text);
      const broken = tree.rootNode.hasError;
      p.release(tree);
      if (broken) continue;
      compared++;
      assert.deepEqual(plain(p.analyzeText('python', text)), plain(full(p, text)), `edit ${i} at ${at}`);
    }
    assert.ok(compared > 100, `only ${compared} edits left valid code`);
  });
});

/** The top-level statements found line by line with python/lines.ts's scanner: what splitStatements must find. */
function statementsByLines(text: string): { statements: Statement[]; lineCount: number } {
  const lines = text.split('\n');
  const out: Statement[] = [];
  let state = START_OF_FILE;
  let current: { first: number; offset: number } | null = null;
  let decorated = false;
  let offset = 0;
  const close = (end: number, endOffset: number) => {
    if (current) out.push({ first: current.first, end, offset: current.offset, text: text.slice(current.offset, endOffset - 1) });
  };
  lines.forEach((line, r) => {
    const topLevel = line.length > 0 && line[0] !== '#' && !isJsSpace(line.charCodeAt(0)) && startsLogicalLine(state);
    if (topLevel && !/^(?:else|elif|except|finally)\b/.test(line) && !decorated) {
      close(r, offset);
      current = { first: r, offset };
    } else if (!current) current = { first: r, offset };
    if (topLevel) decorated = line[0] === '@';
    state = scanLine(line, state);
    offset += line.length + 1;
  });
  close(lines.length, offset);
  return { statements: out, lineCount: lines.length };
}

describe('the statements of a file', () => {
  test('are those the line scanner finds, on every fixture and on texts full of strings, brackets and continuations', () => {
    const fixtures = join(repoRoot(), 'server', 'test', 'fixtures');
    const texts: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (e.name.endsWith('.py')) texts.push(readFileSync(join(dir, e.name), 'utf8'));
      }
    };
    walk(fixtures);
    const random = seededRandom(3120);
    const pieces = ['x = 1\n', '(', ')', '[', ']', '{', '}', '"', "'", '"""', "'''", '\\', '\\\n', '\\ \n', '\n', '#', '# c\n', 'else:\n', 'elif x:\n', 'except:\n', 'finally:\n', '@d\n', 'def f(event, args):\n    if event == "open":\n        a, b = args\n', '    ', '\t', '\r\n', '\u00a0', '\u3000x\n', 'if x:\n', 'class A:\n'];
    for (let i = 0; i < 2000; i++) {
      let text = '';
      for (let k = Math.floor(random() * 60); k >= 0; k--) text += pieces[Math.floor(random() * pieces.length)];
      texts.push(text);
    }
    let statements = 0;
    for (const text of texts) {
      const expected = statementsByLines(text);
      assert.deepEqual(splitStatements(text), expected, JSON.stringify(text.slice(0, 200)));
      statements += expected.statements.length;
    }
    assert.ok(statements > 5000, `only ${statements} statements`);
  });
});
