// The hook-shape pre-filter (parsing/hookShapeScan.ts) decides which files that name no audit API
// are parsed at all (workspace/files.ts reads the bytes; python/analyze.ts and python/excerpt.ts
// the text). Two promises: the bytes and the decoded text get the same answer, and no def that
// the tree calls hook-shaped (python/hookShape.ts, given every def) is left out by the text test.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { generateTree } from '../../bench/generate';
import { bytesMayHoldHookShape, bytesMentionAudit, hookShapeCandidates, mayHoldHookShape } from '../src/parsing/prefilter';
import type { Node } from '../src/parsing/treeSitter';
import { hookShapedFunctions } from '../src/python/hookShape';
import { parser } from './helpers/engine';
import { repoRoot } from './helpers/repo';
import { tempDir } from './helpers/tempDir';

function pythonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...pythonFiles(p));
    else if (extname(p) === '.py') out.push(p);
  }
  return out;
}

function defStarts(node: Node, out: number[] = []): number[] {
  if (node.type === 'function_definition') out.push(node.startIndex);
  for (const c of node.namedChildren) if (c) defStarts(c, out);
  return out;
}

/** The defs the tree finds hook-shaped when it is shown every def of the text. */
async function shapedByTree(text: string): Promise<number[]> {
  const analyzer = await parser();
  const tree = analyzer.parse('python', text);
  try {
    return hookShapedFunctions(tree.rootNode, defStarts(tree.rootNode), new Set()).map((f) => f.node.startIndex);
  } finally {
    analyzer.release(tree);
  }
}

const FIXTURES = join(repoRoot(), 'server', 'test', 'fixtures');

// Texts no hook can hide in: every one must be turned away without a parse.
const REJECTED: Record<string, string> = {
  'loop variables compared with nothing': 'def scale(a, b=2):\n    for k in range(a):\n        b += k\n    return [x for x in b]\n',
  'a compared name that is no first parameter': 'def f(a, b):\n    return b == "open"\n',
  'one parameter only': 'def on(event):\n    return event == "open"\n',
  'the first parameter is self alone': 'class A:\n    def on(self, event):\n        return event == "open"\n',
  'a method whose only other parameter is cls': 'class A:\n    def on(self, cls):\n        return cls == "open"\n',
  'a longer name that only starts with the parameter': 'def f(ev, args):\n    return events == "open" or ev2 in ("x",)\n',
  'a for loop over the first parameter': 'def f(event, args):\n    for event in args:\n        print(event)\n',
};

// Texts the tree calls hook-shaped: both tests must let them through.
const ACCEPTED: Record<string, string> = {
  'not in, across spaces': 'def f(event, args):\n    if event  not  in ("open",):\n        return args[0]\n',
  'the constant on the left': 'def f(event, args):\n    if "open" == event:\n        return args[0]\n',
  'an annotated first parameter of a method': 'class A:\n    def f(self, event: str, args: tuple):\n        return event.startswith("os.")\n',
  'match': 'def f(event, args):\n    match event:\n        case "open":\n            return args\n',
  'a multi-line parameter list': 'def f(\n    event,\n    args,\n):\n    return event != "open"\n',
  'non-ASCII text before the def': '# café ünïcödé\ndef f(event, args):\n    return event in {"open"}\n',
};

describe('hook-shape pre-filter', () => {
  test('the bytes and the text agree on every fixture and on texts that must be turned away or let through', () => {
    const texts: [string, string][] = [
      ...pythonFiles(FIXTURES).map((p): [string, string] => [relative(FIXTURES, p), readFileSync(p, 'utf8')]),
      ...Object.entries(REJECTED),
      ...Object.entries(ACCEPTED),
    ];
    assert.ok(texts.length > 40, `only ${texts.length} texts`);
    for (const [name, text] of texts) {
      assert.equal(bytesMayHoldHookShape(Buffer.from(text, 'utf8')), mayHoldHookShape(text), name);
    }
    for (const [name, text] of Object.entries(REJECTED)) assert.equal(mayHoldHookShape(text), false, name);
    for (const [name, text] of Object.entries(ACCEPTED)) assert.equal(mayHoldHookShape(text), true, name);
  });

  test('no def the tree calls hook-shaped is left out by the text test', async () => {
    let shaped = 0;
    for (const [name, text] of [...pythonFiles(FIXTURES).map((p): [string, string] => [relative(FIXTURES, p), readFileSync(p, 'utf8')]), ...Object.entries(ACCEPTED)]) {
      const candidates = new Set(hookShapeCandidates(text));
      for (const start of await shapedByTree(text)) {
        shaped++;
        assert.ok(candidates.has(start), `${name}: the def at ${start} is shaped like a hook but the pre-filter left it out`);
      }
    }
    assert.ok(shaped > 20, `only ${shaped} hook-shaped defs in the fixtures`);
    for (const [name, text] of Object.entries(REJECTED)) assert.deepEqual(await shapedByTree(text), [], `${name}: the tree finds a hook the test says cannot be there`);
  });

  test("a Latin-1 file's bytes are tested as its text is", () => {
    const text = '# -*- coding: latin-1 -*-\n# café\ndef f(event, args):\n    return event == "open"\n';
    assert.equal(bytesMayHoldHookShape(Buffer.from(text, 'latin1')), true);
  });

  test("the bench's ordinary files are turned away by the bytes test", () => {
    // The tree of `npm run bench`, 2% of whose files use audit APIs: the others must never be decoded.
    const dir = tempDir('hook-shape');
    generateTree(dir, 60, 20000, 0);
    const ordinary = pythonFiles(dir).filter((p) => !bytesMentionAudit(readFileSync(p)));
    assert.ok(ordinary.length >= 59, `${ordinary.length} files name no audit API`);
    for (const p of ordinary) assert.equal(bytesMayHoldHookShape(readFileSync(p)), false, p);
  });
});
