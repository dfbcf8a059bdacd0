// The README's code examples that show findings in their comments (`# warning[code] message` at the
// end of the line it is reported on) are run through the CLI binary as a user would copy them:
// the findings it prints must be exactly those the comments show (line, severity, code, message).
// The target version is the `--python-version` the README names in the text before the block.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CLI_JS, repoRoot } from './helpers/repo';
import { tempDir } from './helpers/tempDir';

interface Example {
  language: 'python' | 'c';
  /** 1-based line of README.md where the code starts. */
  readmeLine: number;
  code: string;
  pythonVersion: string | null;
  /** "line: severity[code] message", one per finding comment, in line order. */
  shown: string[];
}

const SHOWN_FINDING = /(?:#|\/\/|\/\*)\s*(error|warning|information|hint)\[([a-z-]+)\]\s+(.*?)\s*(?:\*\/)?\s*$/;

function readmeExamples(markdown: string): Example[] {
  const examples: Example[] = [];
  const fence = /^```(python|c)\n([\s\S]*?)^```$/gm;
  let previousEnd = 0;
  for (const m of markdown.matchAll(fence)) {
    const before = markdown.slice(previousEnd, m.index);
    previousEnd = m.index! + m[0].length;
    const code = m[2];
    const shown = code.split('\n').flatMap((line, i) => {
      const f = SHOWN_FINDING.exec(line);
      return f ? [`${i + 1}: ${f[1]}[${f[2]}] ${f[3]}`] : [];
    });
    if (shown.length === 0) continue;
    examples.push({
      language: m[1] as Example['language'],
      readmeLine: markdown.slice(0, m.index).split('\n').length + 1,
      code,
      pythonVersion: /--python-version[ =]([^\s`]+)/.exec(before)?.[1] ?? null,
      shown,
    });
  }
  return examples;
}

function printed(example: Example, dir: string): string[] {
  const file = join(dir, example.language === 'python' ? 'example.py' : 'example.c');
  writeFileSync(file, example.code);
  const args = ['check', file, '--format', 'json', '--exit-zero', ...(example.pythonVersion ? ['--python-version', example.pythonVersion] : [])];
  const r = spawnSync(process.execPath, [CLI_JS(), ...args], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout) as { line: number; severity: string; code: string; message: string }[]).map(
    (f) => `${f.line}: ${f.severity}[${f.code}] ${f.message}`,
  );
}

describe("the README's examples", () => {
  const examples = readmeExamples(readFileSync(join(repoRoot(), 'README.md'), 'utf8'));

  test('the README has examples showing findings, the headline one among them', () => {
    assert.ok(examples.length >= 1, 'no ```python or ```c block in README.md shows a finding in a comment');
    assert.ok(examples[0].readmeLine < 30, `the first example showing findings starts at README.md:${examples[0].readmeLine}, not near the top`);
  });

  for (const example of examples) {
    test(`README.md:${example.readmeLine} (${example.language}${example.pythonVersion ? `, --python-version ${example.pythonVersion}` : ''}): the CLI prints exactly the findings its comments show`, () => {
      const dir = tempDir('readme');
      assert.deepEqual(printed(example, dir), example.shown);
    });
  }
});

describe('reading the README', () => {
  test('finds the shown findings, the version named before the block, and skips blocks that show none', () => {
    const md = [
      'Text.',
      '```python',
      'x = 1',
      '```',
      'Checked with `audit-events check --python-version 3.9`:',
      '```python',
      'import sys',
      'sys.audit("open", p)  # warning[arity] it says so',
      '```',
      '```c',
      'PySys_Audit("open", "O", p); /* error[arity] in C */',
      '```',
    ].join('\n');
    const got = readmeExamples(md);
    assert.deepEqual(
      got.map((e) => [e.language, e.readmeLine, e.pythonVersion, e.shown]),
      [
        ['python', 7, '3.9', ['2: warning[arity] it says so']],
        ['c', 11, null, ['1: error[arity] in C']],
      ],
    );
  });
});
