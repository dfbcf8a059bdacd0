import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { repoRoot } from './helpers/repo';
import { tempDir } from './helpers/tempDir';

// The .vsix as vsce packs it from the bundles already built (`npm run package` builds them
// minified first; rebuilding here would pull server/out from under the protocol tests).
describe('the .vsix', () => {
  test('holds the bundles, the grammars and the catalog, and no sources, under 3 MB', { timeout: 120000 }, () => {
    const root = repoRoot();
    const vsix = join(tempDir('vsix'), 'audit-events.vsix');
    const r = spawnSync(join(root, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--no-rewrite-relative-links', '--out', vsix], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.ok(statSync(vsix).size < 3 * 1024 * 1024, `${statSync(vsix).size} bytes`);
    const files = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const f of [
      'extension/server/out/server.js',
      'extension/client/out/extension.js',
      'extension/server/out/catalog.json',
      'extension/server/out/tree-sitter-python.wasm',
      'extension/server/out/tree-sitter-c.wasm',
      'extension/server/out/web-tree-sitter.wasm',
      'extension/server/out/web-tree-sitter.cjs',
      'extension/syntaxes/audit-events.injection.json',
      'extension/snippets/python.json',
    ]) {
      assert.ok(files.includes(f), `${f} missing`);
    }
    assert.deepEqual(files.filter((f) => /\/(src|node_modules|test)\//.test(f) || f.endsWith('.ts') || f.endsWith('.map')), []);
  });
});
