import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { repoRoot } from '../helpers/repo';
import { cleanEnv, makeTempDir, run, type TempDir } from './support';

// The categories the Marketplace and Open VSX accept (vsce rejects others).
const CATEGORIES = new Set([
  'AI', 'Azure', 'Chat', 'Data Science', 'Debuggers', 'Education', 'Extension Packs', 'Formatters', 'Keymaps',
  'Language Packs', 'Linters', 'Machine Learning', 'Notebooks', 'Other', 'Programming Languages', 'SCM Providers',
  'Snippets', 'Testing', 'Themes', 'Visualization',
]);

function vsce(args: string[], cwd = repoRoot()) {
  return run(join(repoRoot(), 'node_modules', '.bin', 'vsce'), args, { cwd, env: cleanEnv() });
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): [number, number] {
  assert.equal(bytes.subarray(1, 4).toString('ascii'), 'PNG', 'not a PNG');
  assert.equal(bytes.subarray(12, 16).toString('ascii'), 'IHDR');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('the .vsix for the Marketplace and Open VSX', () => {
  const manifest = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8'));
  let work: TempDir;
  let vsixManifest: string;

  before(() => {
    work = makeTempDir('vsix');
    const vsix = join(work.path, 'audit-events.vsix');
    const r = vsce(['package', '--no-dependencies', '--no-rewrite-relative-links', '--out', vsix]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    vsixManifest = execFileSync('unzip', ['-p', vsix, 'extension.vsixmanifest'], { encoding: 'utf8' });
  });
  after(() => work?.remove());

  test('vsce ls lists the bundles, grammars, snippets, icon and docs: no sources, tests, CI or benchmarks', () => {
    const r = vsce(['ls']);
    assert.equal(r.code, 0, r.stderr);
    const files = r.stdout.split('\n').filter(Boolean).sort();
    assert.deepEqual(files.filter((f) => /(^|\/)(src|test|node_modules|\.ci|bench|out\/test)\//.test(f) || /\.(ts|map|mjs|vsix|tgz)$/.test(f)), []);
    for (const f of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', manifest.icon, manifest.main.replace(/^\.\//, ''), 'server/out/server.js']) {
      assert.ok(files.includes(f), `${f} missing from:\n${files.join('\n')}`);
    }
  });

  test('package.json has what vsce and ovsx publish with: publisher, license, repository, icon, categories, engines', () => {
    assert.match(manifest.name, /^[a-z0-9][a-z0-9-]*$/);
    assert.match(manifest.publisher, /^[a-z0-9][a-z0-9-]*$/);
    assert.match(manifest.version, /^\d+\.\d+\.\d+$/);
    assert.ok(manifest.displayName && manifest.description);
    assert.equal(manifest.private, undefined, 'ovsx and npm refuse a private package');
    assert.equal(manifest.license, 'MIT');
    assert.match(readFileSync(join(repoRoot(), 'LICENSE'), 'utf8'), /^MIT License/);
    assert.match(manifest.repository.url, /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/);
    assert.equal(manifest.bugs.url, manifest.repository.url.replace(/\.git$/, '/issues'));
    assert.equal(manifest.homepage, manifest.repository.url.replace(/\.git$/, '#readme'));
    assert.ok(manifest.categories.length > 0 && manifest.categories.every((c: string) => CATEGORIES.has(c)), manifest.categories.join());
    assert.match(manifest.engines.vscode, /^\^1\.\d+\.\d+$/);
    assert.deepEqual(pngSize(readFileSync(join(repoRoot(), manifest.icon))), [128, 128]);
  });

  test('the packed manifest carries the icon, the license and the source, issues and homepage links', () => {
    assert.ok(vsixManifest.includes(`<Asset Type="Microsoft.VisualStudio.Services.Icons.Default" Path="extension/${manifest.icon}"`), vsixManifest);
    assert.match(vsixManifest, /<Asset Type="Microsoft\.VisualStudio\.Services\.Content\.License" Path="extension\/LICENSE(\.txt)?"/);
    assert.match(vsixManifest, /<Asset Type="Microsoft\.VisualStudio\.Services\.Content\.Changelog" Path="extension\/changelog\.md"/i);
    for (const [id, value] of [
      ['Microsoft.VisualStudio.Services.Links.Source', manifest.repository.url],
      ['Microsoft.VisualStudio.Services.Links.Support', manifest.bugs.url],
      ['Microsoft.VisualStudio.Services.Links.Learn', manifest.homepage],
    ]) {
      assert.ok(vsixManifest.includes(`<Property Id="${id}" Value="${value}"`), `${id} ${value} not in:\n${vsixManifest}`);
    }
    assert.ok(vsixManifest.includes(`<Identity Language="en-US" Id="${manifest.name}" Version="${manifest.version}" Publisher="${manifest.publisher}"`));
  });

  test('the CHANGELOG has a section for the current version', () => {
    const changelog = readFileSync(join(repoRoot(), 'CHANGELOG.md'), 'utf8');
    assert.ok(changelog.includes(`\n## [${manifest.version}]`), `no '## [${manifest.version}]' in CHANGELOG.md`);
  });
});
