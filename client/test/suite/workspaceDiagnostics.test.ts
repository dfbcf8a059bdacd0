import * as assert from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { auditDiagnostics, fixtureRoot, openFixture, waitFor } from './helpers';

// The Problems panel shows what `vscode.languages.getDiagnostics()` holds. workspace_mode/ has
// four files with one finding each, Python and C, and two without; the suite opens one of them.
const FOLDER = 'workspace_mode';
const WITH_FINDINGS = ['cleanup.py', 'ext.c', 'opened.py', 'sandbox.py'];
const CLEAN = ['clean.py', 'plain.py'];

/** The files of workspace_mode/ the Problems panel lists (audit-events findings), sorted. */
function listed(): string[] {
  const prefix = path.join(fixtureRoot(), FOLDER) + path.sep;
  return vscode.languages
    .getDiagnostics()
    .filter(([uri, diags]) => uri.fsPath.startsWith(prefix) && diags.some((d) => d.source === 'audit-events'))
    .map(([uri]) => path.basename(uri.fsPath))
    .sort();
}

const same = (a: string[], b: string[]) => a.join() === b.join();

describe('auditEvents.diagnosticMode: the Problems panel', () => {
  const config = () => vscode.workspace.getConfiguration('auditEvents');

  after(async () => {
    await config().update('diagnosticMode', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('"workspace" lists every file of the workspace with a finding, open or not, and no file without one', async () => {
    const editor = await openFixture(`${FOLDER}/opened.py`);
    await waitFor('the open file\'s finding', () => auditDiagnostics(editor.document.uri).some((d) => d.code === 'unpack-arity'));
    await config().update('diagnosticMode', 'workspace', vscode.ConfigurationTarget.Workspace);
    await waitFor(`findings in ${WITH_FINDINGS.join(', ')}`, () => WITH_FINDINGS.every((f) => listed().includes(f)), 45000);
    assert.deepStrictEqual(listed(), WITH_FINDINGS, `listed: ${listed().join(', ')}; never: ${CLEAN.join(', ')}`);
    // Files outside the folder too: the fixture's top-level hooks and raise sites.
    const top = new Set(vscode.languages.getDiagnostics().filter(([, d]) => d.some((x) => x.source === 'audit-events')).map(([u]) => path.basename(u.fsPath)));
    for (const f of ['hooks.py', 'raise_sites.py']) assert.ok(top.has(f), `${f} is not listed`);
    // A file never opened gets the finding the CLI reports for it, where the CLI reports it.
    const sandbox = vscode.Uri.file(path.join(fixtureRoot(), FOLDER, 'sandbox.py'));
    const [finding] = auditDiagnostics(sandbox);
    assert.strictEqual(finding.code, 'unpack-arity');
    assert.strictEqual(finding.range.start.line, 6);
    assert.match(finding.message, /'socket\.connect' takes 2 arguments \(self, address\); this unpacks 3 \(sock, address, extra\)/);
    const c = auditDiagnostics(vscode.Uri.file(path.join(fixtureRoot(), FOLDER, 'ext.c')));
    assert.deepStrictEqual(c.map((d) => [d.code, d.range.start.line]), [['arity', 6]]);
  });

  it('"workspace" keeps a file listed that the editor holds open without a tab, across a server restart', async () => {
    // VS Code pulls only documents shown in a tab, and keeps a document open a while after its tab
    // is closed: the workspace report is all that lists it then.
    const uri = vscode.Uri.file(path.join(fixtureRoot(), FOLDER, 'cleanup.py'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    await waitFor('cleanup.py\'s finding', () => auditDiagnostics(uri).some((d) => d.code === 'arity'));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await openFixture(`${FOLDER}/opened.py`);
    assert.ok(!vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString())), 'cleanup.py still has a tab');
    assert.ok(vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'the editor no longer holds cleanup.py open: the case is not built');
    await vscode.commands.executeCommand('auditEvents.restartServer');
    await waitFor('cleanup.py listed after the restart', () => auditDiagnostics(uri).some((d) => d.code === 'arity'), 45000);
    await waitFor(`findings in ${WITH_FINDINGS.join(', ')} after the restart`, () => same(listed(), WITH_FINDINGS), 45000);
  });

  it('"openFiles" lists only the open file', async () => {
    await config().update('diagnosticMode', 'openFiles', vscode.ConfigurationTarget.Workspace);
    await waitFor('only opened.py listed', () => same(listed(), ['opened.py']), 45000);
  });

  it('back to "workspace": the files that are not open are listed again', async () => {
    await config().update('diagnosticMode', 'workspace', vscode.ConfigurationTarget.Workspace);
    await waitFor(`findings in ${WITH_FINDINGS.join(', ')} again`, () => same(listed(), WITH_FINDINGS), 45000);
  });
});
