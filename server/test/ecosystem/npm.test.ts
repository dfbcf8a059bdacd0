import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { LspClient } from '../helpers/lsp';
import { BAD_HOOK, BAD_HOOK_FINDING, GOOD_HOOK, makeTempDir, offlineNpmEnv, packTarball, readmeBlock, run, type Tarball, type TempDir } from './support';

/** What the package ships: the CLI and server bundles with what they read, and the VS Code parts. */
const SHIPPED = [
  'CHANGELOG.md',
  'LICENSE',
  'README.md',
  'client/out/extension.js',
  'docs/completion.png',
  'docs/hover.png',
  'docs/problems.png',
  'images/icon.png',
  'package.json',
  'server/out/analysisWorker.js',
  'server/out/catalog.json',
  'server/out/cli.js',
  'server/out/server.js',
  'server/out/tree-sitter-c.wasm',
  'server/out/tree-sitter-python.wasm',
  'server/out/web-tree-sitter.cjs',
  'server/out/web-tree-sitter.wasm',
  'snippets/python.json',
  'syntaxes/audit-events.injection.json',
];

/** A README snippet's lines with the package name replaced by the packed tarball. */
function snippetLines(block: string, tarball: string): string[] {
  return block
    .split('\n')
    .filter((l) => l.trim() && !l.trim().startsWith('#'))
    .map((l) => l.replace(/(?<=\s)python-audit-events(?=\s|$)/g, tarball));
}

describe('the npm package', () => {
  let work: TempDir;
  let tarball: Tarball;

  before(() => {
    work = makeTempDir('npm');
    tarball = packTarball(work.path);
  });
  after(() => work?.remove());

  test('npm pack holds what runs and nothing else: no sources, tests, maps or private flag', () => {
    assert.deepEqual(tarball.files, SHIPPED);
    const manifest = JSON.parse(execFileSync('tar', ['-xzOf', tarball.path, 'package/package.json'], { encoding: 'utf8' }));
    assert.equal(manifest.private, undefined);
    assert.equal(manifest.dependencies, undefined, 'the bundles carry what they need: no runtime dependencies');
    assert.deepEqual(manifest.bin, { 'audit-events-language-server': 'server/out/server.js', 'audit-events': 'server/out/cli.js' });
  });

  test("the README's npx lines run the tarball offline in an empty folder: exit 1 with the finding, 0 once fixed", { timeout: 180000 }, () => {
    const lines = snippetLines(readmeBlock('sh', 'npx --package python-audit-events'), tarball.path);
    assert.equal(lines.length, 2, lines.join('\n'));
    const project = join(work.path, 'project');
    mkdirSync(join(project, 'src'), { recursive: true });
    writeFileSync(join(project, 'src', 'hooks.py'), BAD_HOOK);
    // npm_config_yes: the answer a user gives npx's "Ok to proceed?" (an npmrc may say `yes=false`).
    const env = offlineNpmEnv(join(work.path, 'cache-cli'), { npm_config_yes: 'true' });

    for (const line of lines) {
      const r = run('bash', ['-c', line], { cwd: project, env, timeout: 150000 });
      assert.equal(r.code, 1, `${line}\n${r.stdout}${r.stderr}`);
      assert.ok(r.stdout.includes(`src/hooks.py:${BAD_HOOK_FINDING}`), `${line}\n${r.stdout}${r.stderr}`);
    }
    assert.ok(existsSync(join(project, 'node_modules', 'python-audit-events', 'server', 'out', 'cli.js')), 'installed as a dev dependency');

    writeFileSync(join(project, 'src', 'hooks.py'), GOOD_HOOK);
    const fixed = run('bash', ['-c', lines[1]], { cwd: project, env, timeout: 150000 });
    assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
  });

  test("the README's `npm install -g` line gives an audit-events-language-server that speaks LSP over stdio", { timeout: 180000 }, async () => {
    const [install, serve] = snippetLines(readmeBlock('sh', 'audit-events-language-server --stdio'), tarball.path);
    const prefix = join(work.path, 'global');
    const env = offlineNpmEnv(join(work.path, 'cache-global'), { npm_config_prefix: prefix });
    const r = run('bash', ['-c', install], { cwd: work.path, env, timeout: 150000 });
    assert.equal(r.code, 0, r.stdout + r.stderr);

    const [bin, ...args] = serve.split(/\s+/);
    const client = new LspClient({ command: [join(prefix, 'bin', bin), ...args] });
    try {
      const init = await client.initialize();
      const version = JSON.parse(execFileSync('tar', ['-xzOf', tarball.path, 'package/package.json'], { encoding: 'utf8' })).version;
      assert.deepEqual(init.serverInfo, { name: 'audit-events-language-server', version });
      assert.ok(init.capabilities.hoverProvider && init.capabilities.completionProvider);
      const uri = pathToFileURL(join(work.path, 'hooks.py')).href;
      client.open(uri, BAD_HOOK);
      const diagnostics = await client.diagnostics(uri, 1);
      assert.deepEqual(
        diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1}:${d.code}`),
        ['6:9:unpack-arity'],
      );
    } finally {
      await client.shutdown();
    }
  });
});
