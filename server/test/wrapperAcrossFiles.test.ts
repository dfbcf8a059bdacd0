// Issue 12 §2: `def install(cb): sys.addaudithook(cb)` in one module of the workspace, called from
// another: the argument is a registered hook there, found without the hookRegistrars setting,
// whatever order the files are read in.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { findings } from '../src/features/diagnostics';
import { workspace } from './helpers/engine';
import { LspClient } from './helpers/lsp';
import { tempTree } from './helpers/tempDir';

const PYPROJECT = '[tool.audit-events]\npython-version = "3.13"\n';
const INSTALLER = 'import sys\n\ndef install(callback):\n    sys.addaudithook(callback)\n';
// Neither function is shaped like a hook (one parameter; nothing compared): only the wrapper makes `only_name` one.
const APP = 'from installer import install\n\ndef only_name(event):\n    print(event)\n\ndef helper(value):\n    return value\n\ninstall(only_name)\nhelper(only_name)\n';

async function codesIn(dir: string, file: string): Promise<string[]> {
  const checked = await workspace().checkPaths([dir]);
  const ctx = checked.contexts.find((c) => c.uri.endsWith(`/${file}`));
  return ctx ? findings(ctx).map((f) => `${f.code}:${f.range.start.line}`) : [];
}

describe('a wrapper of addaudithook in another workspace file (engine: the CLI path)', () => {
  test("a function passed to it is a hook: its signature is checked (the wrapper's file is read after the caller's)", async () => {
    const dir = tempTree('wrapper-across', { 'pyproject.toml': PYPROJECT, 'installer.py': INSTALLER, 'app.py': APP });
    assert.deepEqual(await codesIn(dir, 'app.py'), ['hook-signature:2']);
  });

  test('through `import pkg.installer` and a package path as well', async () => {
    const app = 'import pkg.installer\n\ndef only_name(event):\n    print(event)\n\npkg.installer.install(only_name)\n';
    const dir = tempTree('wrapper-across-pkg', { 'pyproject.toml': PYPROJECT, 'pkg/__init__.py': '', 'pkg/installer.py': INSTALLER, 'app.py': app });
    assert.deepEqual(await codesIn(dir, 'app.py'), ['hook-signature:2']);
  });

  test('without the wrapper (the same call to a function that does not register) nothing is said', async () => {
    const dir = tempTree('wrapper-across-none', { 'pyproject.toml': PYPROJECT, 'installer.py': 'def install(callback):\n    return callback\n', 'app.py': APP });
    assert.deepEqual(await codesIn(dir, 'app.py'), []);
  });
});

describe('a wrapper of addaudithook in another workspace file (bundled server over stdio)', () => {
  let client: LspClient;
  const root = tempTree('wrapper-across-lsp', { 'pyproject.toml': PYPROJECT, 'installer.py': INSTALLER, 'app.py': APP });
  before(async () => {
    client = new LspClient({ rootPath: root, settings: {} });
    await client.initialize();
  });
  after(() => client.shutdown());

  test('the open caller gets hook-signature once the index knows the wrapper', async () => {
    const uri = pathToFileURL(join(root, 'app.py')).href;
    client.open(uri, APP);
    const p = await client.waitFor('textDocument/publishDiagnostics', (x) => x.uri === uri && x.diagnostics.length > 0);
    assert.deepEqual(p.diagnostics.map((d: any) => [d.code, d.range.start.line]), [['hook-signature', 2]]);
  });
});
