import * as path from 'node:path';
import * as vscode from 'vscode';

export const fixtureRoot = (): string => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? path.resolve(__dirname, '../../../client/test/fixtures/workspace');

export async function openFixture(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(fixtureRoot(), name)));
  return vscode.window.showTextDocument(doc);
}

/** Polls until the condition holds: the language server answers asynchronously. */
export async function waitFor<T>(
  what: string,
  probe: () => Thenable<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 30000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v && !(Array.isArray(v) && v.length === 0)) return v as T;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function positionOf(doc: vscode.TextDocument, marker: string, offset = 0): vscode.Position {
  const i = doc.getText().indexOf(marker);
  if (i < 0) throw new Error(`marker ${marker} not found in ${doc.uri.fsPath}`);
  return doc.positionAt(i + offset);
}

export function auditDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'audit-events');
}
