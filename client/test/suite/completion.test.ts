import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { openFixture, positionOf, waitFor } from './helpers';

describe('completion in VS Code', () => {
  it('offers event names with their arguments inside sys.audit("|")', async () => {
    const editor = await openFixture('raise_sites.py');
    const pos = positionOf(editor.document, 'sys.audit("os.re', 'sys.audit("os.re'.length);
    const list = await waitFor('completion items', async () => {
      const l = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, pos);
      return l.items.some((i) => i.label === 'os.remove') ? l : undefined;
    });
    const item = list.items.find((i) => i.label === 'os.remove')!;
    assert.strictEqual(item.kind, vscode.CompletionItemKind.Event);
    assert.strictEqual(item.detail, '(path, dir_fd)');
    const range = item.range as vscode.Range;
    const replaced = editor.document.getText(range instanceof vscode.Range ? range : (item.range as { replacing: vscode.Range }).replacing);
    assert.strictEqual(replaced, 'os.re', 'the edit replaces the whole string content');
  });
});
