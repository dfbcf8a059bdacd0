import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { auditDiagnostics, openFixture, positionOf, waitFor } from './helpers';

describe('diagnostics and quick fixes', () => {
  it('an arity diagnostic on the event string of a raise site', async () => {
    const editor = await openFixture('raise_sites.py');
    const diags = await waitFor('an arity diagnostic', () =>
      auditDiagnostics(editor.document.uri).filter((d) => d.code === 'arity' && d.message.startsWith("'open'")),
    );
    const start = positionOf(editor.document, '"open"');
    assert.strictEqual(diags.length, 1);
    assert.ok(diags[0].range.isEqual(new vscode.Range(start, start.translate(0, 6))));
    assert.strictEqual(diags[0].severity, vscode.DiagnosticSeverity.Warning);
    assert.match(diags[0].message, /'open' takes 3 arguments \(path, mode, flags\); this call passes 1/);
  });

  it('an unpack-arity diagnostic on the unpacking target of a hook', async () => {
    const editor = await openFixture('hooks.py');
    const diags = await waitFor('an unpack-arity diagnostic', () => auditDiagnostics(editor.document.uri).filter((d) => d.code === 'unpack-arity'));
    const start = positionOf(editor.document, 'path, mode =');
    assert.ok(diags[0].range.isEqual(new vscode.Range(start, start.translate(0, 'path, mode'.length))));
  });

  it('a quick fix applied makes its diagnostic go away', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'python',
      content: 'import sys\ndef h(event, args):\n    if event == "subprocess.popen":\n        pass\nsys.addaudithook(h)\n',
    });
    await vscode.window.showTextDocument(doc);
    const [diag] = await waitFor('the unknown-event diagnostic', () => auditDiagnostics(doc.uri).filter((d) => d.code === 'unknown-event'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === "Change to 'subprocess.Popen'");
    assert.ok(fix?.edit, `no fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix!.edit!));
    assert.match(doc.getText(), /"subprocess\.Popen"/);
    await waitFor('the diagnostic to go away', () => auditDiagnostics(doc.uri).length === 0);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('changing auditEvents.pythonVersion changes the results', async () => {
    const editor = await openFixture('hooks.py');
    await waitFor('a version diagnostic under 3.11', () => auditDiagnostics(editor.document.uri).some((d) => d.code === 'version'));
    const config = vscode.workspace.getConfiguration('auditEvents');
    await config.update('pythonVersion', '3.13', vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('no version diagnostic under 3.13', () => !auditDiagnostics(editor.document.uri).some((d) => d.code === 'version'));
    } finally {
      await config.update('pythonVersion', '3.11', vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('the version diagnostic back', () => auditDiagnostics(editor.document.uri).some((d) => d.code === 'version'));
  });
});
