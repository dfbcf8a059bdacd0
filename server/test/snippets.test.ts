import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { catalog } from './helpers/engine';
import { CLI_JS, readJson } from './helpers/repo';
import { tempDir } from './helpers/tempDir';

interface Snippet {
  prefix: string | string[];
  body: string[];
}

/** The text VS Code inserts when every placeholder keeps its default. */
function expand(body: string[]): string {
  return body.join('\n').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, 'pass').replace(/\t/g, '    ') + '\n';
}

describe('snippets/python.json', () => {
  const snippets = readJson<Record<string, Snippet>>('snippets', 'python.json');

  test('each snippet has one prefix: VS Code lists a snippet once per prefix', () => {
    for (const [name, s] of Object.entries(snippets)) assert.equal(typeof s.prefix, 'string', `${name}: ${JSON.stringify(s.prefix)}`);
  });

  test('one hook snippet, with no match statement (a syntax error before 3.10), that the CLI checks clean on every version', () => {
    const hooks = Object.values(snippets).filter((s) => s.body.some((l) => l.includes('addaudithook')));
    assert.equal(hooks.length, 1);
    const source = 'import sys\n\n\n' + expand(hooks[0].body);
    assert.doesNotMatch(source, /^\s*match\b/m);
    const dir = tempDir('snippet');
    writeFileSync(join(dir, 'hook.py'), source);
    // The same hook with one name too few: proves the CLI sees the snippet as a hook at all.
    writeFileSync(join(dir, 'short.py'), source.replace('path, mode, flags = args', 'path, mode = args'));
    for (const version of catalog.versions) {
      const r = spawnSync(process.execPath, [CLI_JS(), 'check', dir, '--python-version', version, '--format', 'json'], { encoding: 'utf8' });
      const rows = JSON.parse(r.stdout);
      assert.deepEqual(rows.map((x: any) => `${x.file.split('/').pop()}:${x.code}`), ['short.py:unpack-arity'], `${version}: ${r.stdout}${r.stderr}`);
    }
  });
});
