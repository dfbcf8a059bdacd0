import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { openFixture, positionOf, waitFor } from './helpers';

async function completionsAt(doc: vscode.TextDocument, pos: vscode.Position, want: string): Promise<vscode.CompletionList> {
  return waitFor(`completion of ${want}`, async () => {
    const l = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos);
    return l.items.some((i) => i.label === want) ? l : undefined;
  });
}

describe('completion', () => {
  it('offers event names with their arguments inside sys.audit("|"), replacing the whole string content', async () => {
    const editor = await openFixture('raise_sites.py');
    const pos = positionOf(editor.document, 'sys.audit("os.re', 'sys.audit("os.re'.length);
    const list = await completionsAt(editor.document, pos, 'os.remove');
    const item = list.items.find((i) => i.label === 'os.remove')!;
    assert.strictEqual(item.kind, vscode.CompletionItemKind.Event);
    assert.strictEqual(item.detail, '(path, dir_fd)');
    const range = item.range instanceof vscode.Range ? item.range : (item.range as { replacing: vscode.Range }).replacing;
    assert.strictEqual(editor.document.getText(range), 'os.re');
  });

  it('offers event names in a hook comparison', async () => {
    const editor = await openFixture('hooks.py');
    const pos = positionOf(editor.document, '"sock"', 5);
    const list = await completionsAt(editor.document, pos, 'socket.connect');
    assert.ok(list.items.some((i) => i.label === 'socket.bind'));
    assert.ok(!list.items.some((i) => i.label === 'time.sleep'), 'not raised by 3.11, the fixture\'s target');
  });
});
