import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { catalog, positionOf } from './helpers/engine';
import { LspClient } from './helpers/lsp';

const version = catalog.newest;
const SANDBOX = [
  'import sys',
  '',
  '',
  'def no_processes(event, args):',
  '    if event in ("os.system", "subprocess.Popen"):',
  '        raise PermissionError(event)',
  '    elif event == "open":',
  '        print(args[0])',
  '',
  '',
  'sys.addaudithook(no_processes)',
  '',
].join('\n');

/** Applies one document's LSP text edits to the text. */
function applyEdits(text: string, edits: { range: any; newText: string }[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((a, l) => a + l.length + 1, 0) + p.character;
  return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)).reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

describe('hook coverage over stdio (bundled server)', () => {
  let client: LspClient;
  let n = 0;
  const open = async (text: string) => {
    const uri = `file:///tmp/audit-events-coverage/${++n}_sandbox.py`;
    client.open(uri, text);
    return { uri, diagnostics: await client.diagnostics(uri, 1) };
  };

  before(async () => {
    client = new LspClient({ settings: { pythonVersion: version } });
    const init = await client.initialize();
    assert.ok(init.capabilities.codeLensProvider, 'no codeLensProvider');
    assert.deepEqual(init.capabilities.executeCommandProvider?.commands, ['auditEvents.coverage.missing']);
  });
  after(() => client.shutdown());

  test('a code lens above the hook counts handled events per capability; its command lists what is missing', async () => {
    const { uri } = await open(SANDBOX);
    const lenses = await client.request('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(lenses.length, 1);
    const [lens] = lenses;
    assert.deepEqual(lens.range.start, positionOf(SANDBOX, 'no_processes(event'));
    const total = catalog.eventsOf('process-creation', version).length;
    assert.match(lens.command.title, new RegExp(`^handles 2 of ${total} process-creation events · 1 of \\d+ file-read · 1 of \\d+ file-write$`));
    assert.equal(lens.command.command, 'auditEvents.coverage.missing');

    const shown = client.next('window/showMessage');
    const result = await client.request('workspace/executeCommand', { command: lens.command.command, arguments: lens.command.arguments });
    assert.equal(result.hook, 'no_processes');
    const process = result.capabilities.find((c: any) => c.capability === 'process-creation');
    assert.equal(process.targeted, true);
    assert.ok(process.missing.includes('os.posix_spawn(path, argv, env)'), process.missing.join(', '));
    assert.equal(process.missing.length, total - 2);
    const message = await shown;
    assert.equal(message.message, result.text);
    assert.match(message.message, /^'no_processes' misses, for Python [\d.]+: process-creation: .*os\.exec\(path, args, env\)/);
  });

  test('hover on the hook name: the table of handled and missing events, the ways around, the argument pitfalls', async () => {
    const { uri } = await open(SANDBOX);
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: positionOf(SANDBOX, 'no_processes(event', 3) });
    const md: string = hover.contents.value;
    assert.match(md, /\| capability \| handled \| missing \|/);
    assert.match(md, /^\| process-creation \(targeted\) \| 2 of \d+: `os\.system`, `subprocess\.Popen` \| .*`os\.posix_spawn`/m);
    assert.match(md, /^\| file-write \| 1 of \d+: `open` \|/m);
    assert.match(md, /`open`'s mode is `NoneType` via [^\n]*`os\.open`/, 'the open-mode pitfall');
    const silent = catalog.notAudited('file-read', version).concat(catalog.notAudited('file-write', version), catalog.notAudited('process-creation', version));
    if (silent.length) assert.match(md, /not audited \(seen raising no event\): /);
  });

  test('the incomplete-coverage quick fix adds the missing events; after it the finding is gone', async () => {
    const { uri, diagnostics } = await open(SANDBOX);
    const finding = diagnostics.filter((d: any) => d.code === 'incomplete-coverage');
    assert.equal(finding.length, 1);
    assert.deepEqual(finding[0].range.start, positionOf(SANDBOX, '"os.system"'));
    const actions = await client.request('textDocument/codeAction', { textDocument: { uri }, range: finding[0].range, context: { diagnostics: finding } });
    const fix = actions.find((a: any) => a.diagnostics?.[0]?.code === 'incomplete-coverage');
    assert.ok(fix, JSON.stringify(actions));
    const after = applyEdits(SANDBOX, fix.edit.changes[uri]);
    assert.match(after, /if event in \("os\.system", "subprocess\.Popen", [^\n]*"os\.posix_spawn"/);
    const again = await open(after);
    assert.deepEqual(again.diagnostics.filter((d: any) => d.code === 'incomplete-coverage'), []);
  });
});
