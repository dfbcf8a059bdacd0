import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { auditDiagnostics, openFixture, positionOf, waitFor } from './helpers';

describe('notebooks and commands', () => {
  it('a Python cell of a notebook gets diagnostics', async () => {
    const cell = new vscode.NotebookCellData(
      vscode.NotebookCellKind.Code,
      'import sys\ndef hook(event, args):\n    if event == "open":\n        path, mode = args\nsys.addaudithook(hook)\n',
      'python',
    );
    const notebook = await vscode.workspace.openNotebookDocument('jupyter-notebook', new vscode.NotebookData([cell]));
    await vscode.window.showNotebookDocument(notebook);
    const uri = notebook.cellAt(0).document.uri;
    const diags = await waitFor('diagnostics in the cell', () => auditDiagnostics(uri).filter((d) => d.code === 'unpack-arity'));
    assert.strictEqual(diags.length, 1);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('the restart command restarts the server, which answers again', async () => {
    await vscode.commands.executeCommand('auditEvents.restartServer');
    const editor = await openFixture('raise_sites.py');
    const pos = positionOf(editor.document, 'shutil.rmtree', 3);
    await waitFor('a hover after the restart', async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, pos);
      return h.length > 0;
    });
    await waitFor('diagnostics after the restart', () => auditDiagnostics(editor.document.uri).some((d) => d.code === 'arity'));
  });

  it('contributes its commands', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const c of ['auditEvents.restartServer', 'auditEvents.selectPythonVersion', 'auditEvents.showCatalog']) assert.ok(all.includes(c), c);
  });
});
