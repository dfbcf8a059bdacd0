// Issue 10's assembly bugs, through the bundled server over stdio (and the CLI binary).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { LspClient, withServer } from './helpers/lsp';
import { tempTree } from './helpers/tempDir';
import { CLI_JS } from './helpers/repo';

const tree = (files: Record<string, string | Buffer>): string => tempTree('ws', files);

const watcher = (event: string) => `import sys\ndef w(event, args):\n    if event == "${event}":\n        a, b = args\nsys.addaudithook(w)\n`;
const codes = (p: any) => p.diagnostics.map((d: any) => d.code);

describe('the workspace, assembled once (bundled server)', () => {
  test('changing auditEvents.exclude while the server runs takes effect without a restart', async () => {
    const root = tree({ 'ignored/emitter.py': 'import sys\nsys.audit("myapp.secret", 1)\n', 'watcher.py': watcher('myapp.secret') });
    await withServer(async (client) => {
      const uri = pathToFileURL(join(root, 'watcher.py')).href;
      client.open(uri, watcher('myapp.secret'));
      // Indexed: the event is known and takes one argument.
      await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri && codes(p).join() === 'unpack-arity');
      client.settings = { exclude: ['**/ignored/**'] };
      const after = client.next('textDocument/publishDiagnostics', (p) => p.uri === uri && codes(p).join() === 'unknown-event');
      client.notify('workspace/didChangeConfiguration', { settings: {} });
      assert.match((await after).diagnostics[0].message, /myapp\.secret/);
    }, { rootPath: root, settings: {} });
  });

  test('each workspace folder is indexed with its own settings', async () => {
    const a = tree({ 'pyproject.toml': '[tool.audit-events]\nexclude = ["**/gen/**"]\n', 'gen/emit.py': 'import sys\nsys.audit("alpha.ev", 1)\n', 'hook.py': watcher('alpha.ev') });
    const b = tree({ 'gen/emit.py': 'import sys\nsys.audit("beta.ev", 1)\n', 'hook.py': watcher('beta.ev') });
    await withServer(async (client) => {
      const ua = pathToFileURL(join(a, 'hook.py')).href;
      const ub = pathToFileURL(join(b, 'hook.py')).href;
      await client.waitFor('$/progress', (p) => p.value?.kind === 'end', 60000);
      client.open(ua, watcher('alpha.ev'));
      client.open(ub, watcher('beta.ev'));
      // a's gen/ is excluded by a's pyproject.toml: alpha.ev is raised nowhere it looks.
      assert.deepEqual((await client.diagnostics(ua, 1)).map((d: any) => d.code), ['unknown-event']);
      // b has no such exclude: beta.ev is indexed, with one argument.
      assert.deepEqual((await client.diagnostics(ub, 1)).map((d: any) => d.code), ['unpack-arity']);
    }, { settings: {} }, [a, b]);
  });

  test('a custom event raised in another file is never called unknown while the first index runs', async () => {
    // Many files before it in the walk, so that the editor asks long before the index is done.
    const files: Record<string, string> = { 'a_emitter.py': 'import sys\nsys.audit("myapp.late", 1, 2)\n', 'zz_hook.py': watcher('myapp.late') };
    for (let i = 0; i < 1500; i++) files[`pkg${i % 30}/m${i}.py`] = `import sys\ndef f(x):\n    sys.audit("filler.e${i}", x)\n`;
    const root = tree(files);
    const client = new LspClient({ rootPath: root, settings: {} });
    try {
      const uri = pathToFileURL(join(root, 'zz_hook.py')).href;
      await client.initialize();
      client.open(uri, watcher('myapp.late'));
      await client.waitFor('$/progress', (p) => p.value?.kind === 'end', 60000);
      await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri);
      const published = client.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri);
      for (const p of published) assert.ok(!codes(p.params).includes('unknown-event'), `published before the index was complete: ${JSON.stringify(p.params.diagnostics)}`);
    } finally {
      await client.shutdown();
    }
  });

  test('the server and the CLI find the same pyproject.toml for the same file', async () => {
    // The project's pyproject.toml sits above the folder opened in the editor, inside the repository.
    const text = 'import sys\ndef s(event, args):\n    if event == "time.sleep": pass\nsys.addaudithook(s)\n';
    const repo = tree({ '.git/HEAD': 'ref: refs/heads/main\n', 'pyproject.toml': '[tool.audit-events]\npython-version = "3.11"\n', 'ws/sub/hook.py': text });
    const file = join(repo, 'ws', 'sub', 'hook.py');
    const cli = spawnSync(process.execPath, [CLI_JS(), 'check', file, '--format', 'json'], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(cli.stdout).map((r: any) => r.code), ['version'], cli.stderr);
    await withServer(async (client) => {
      const uri = pathToFileURL(file).href;
      client.open(uri, text);
      const p = await client.waitFor('textDocument/publishDiagnostics', (x) => x.uri === uri && x.diagnostics.length > 0);
      assert.deepEqual(codes(p), ['version']);
    }, { rootPath: join(repo, 'ws'), settings: {} });
  });

  test('a pyproject.toml with an unknown key or a bad version gets warnings on its own lines', async () => {
    const root = tree({ 'pyproject.toml': '[project]\nname = "x"\n[tool.audit-events]\npython-version = "2.7"\nseverty = { arity = "off" }\n', 'a.py': 'import sys\nsys.audit("open", 1)\n' });
    await withServer(async (client) => {
      client.open(pathToFileURL(join(root, 'a.py')).href, 'import sys\nsys.audit("open", 1)\n');
      const uri = pathToFileURL(join(root, 'pyproject.toml')).href;
      const p = await client.waitFor('textDocument/publishDiagnostics', (x) => x.uri === uri);
      assert.deepEqual(
        p.diagnostics.map((d: any) => [d.range.start.line, d.severity, d.message.slice(0, 30)]),
        [
          [4, 2, "unknown key 'severty' in [tool"],
          [3, 2, "python-version '2.7' is not a "],
        ],
      );
    }, { rootPath: root, settings: {} });
  });

  test('one file under two spellings of its URI is one entry of the index', async () => {
    // VS Code encodes @ ( ) and spaces that Node's file URLs leave as they are.
    const root = tree({ 'a@b (1).py': 'import sys\nsys.audit("myapp.twice", 1)\n' });
    await withServer(async (client) => {
      await client.waitFor('$/progress', (p) => p.value?.kind === 'end', 60000);
      const encoded = `${pathToFileURL(root).href}/a%40b%20%281%29.py`;
      client.open(encoded, 'import sys\nsys.audit("myapp.twice", 1, 2)\n');
      const p = await client.waitFor('textDocument/publishDiagnostics', (x) => x.uri === encoded);
      assert.deepEqual(codes(p), [], 'no inconsistent-arity against its own disk copy');
      const refs = await client.request('textDocument/references', { textDocument: { uri: encoded }, position: { line: 1, character: 12 }, context: { includeDeclaration: true } });
      assert.equal(refs.length, 1, JSON.stringify(refs));
    }, { rootPath: root, settings: {} });
  });
});
