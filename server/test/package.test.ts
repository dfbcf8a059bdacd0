import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
      'extension/server/out/analysisWorker.js',
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

// A fresh clone has no server/out: `npm install -g .` links the package's bins to files that a
// `prepare` script must build first.
describe('npm install -g . on an unbuilt clone', () => {
  test('builds, and the linked bins run', { timeout: 120000 }, async () => {
    const root = repoRoot();
    const clone = join(tempDir('clone'), 'clone');
    // What a clone of this working tree would hold (new files too, ignored ones not).
    const tracked = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
    for (const f of tracked) {
      if (!existsSync(join(root, f))) continue; // deleted in the working tree
      mkdirSync(dirname(join(clone, f)), { recursive: true });
      copyFileSync(join(root, f), join(clone, f));
    }
    // The dependencies a clone gets from `npm ci`, without installing them again.
    symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'));
    assert.ok(!existsSync(join(clone, 'server', 'out')));
    const prefix = join(clone, '..', 'global');
    const r = spawnSync('npm', ['install', '-g', '.', '--prefix', prefix, '--offline', '--no-audit', '--no-fund'], { cwd: clone, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const version = spawnSync(join(prefix, 'bin', 'audit-events'), ['--version'], { encoding: 'utf8' });
    assert.equal(version.status, 0, version.stderr);
    assert.match(version.stdout, /^audit-events \d+\.\d+\.\d+/);
    // The server answers `initialize` over stdio from where the bin link points.
    const server = spawn(join(prefix, 'bin', 'audit-events-language-server'), ['--stdio']);
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    let out = '';
    const answered = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 20000);
      server.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('"serverInfo"')) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      server.on('exit', () => resolve(false));
    });
    server.kill();
    assert.ok(answered, out);
    assert.match(out, /"serverInfo":\{"name":"audit-events-language-server"/);
  });
});

// npm 11 skips dependencies' install scripts unless package.json's allowScripts approves them,
// and `npm ci` lists every one it skipped: none is needed (the grammars ship as .wasm, esbuild
// runs from its platform package), so each is declared denied and `npm ci` says nothing.
describe('allowScripts in package.json', () => {
  test('covers every installed dependency with an install script', () => {
    const r = spawnSync('npm', ['install-scripts', 'ls'], { cwd: repoRoot(), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'No packages with unreviewed install scripts.', r.stdout);
  });
});
