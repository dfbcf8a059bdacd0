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

describe('snippets', () => {
  it('one hook snippet, with if/elif (runs on 3.8+), under one prefix', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'import sys\n\naudithoo' });
    await vscode.window.showTextDocument(doc);
    const end = doc.positionAt(doc.getText().length);
    const snippets = await waitFor('the snippet completions', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, end);
      const found = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet);
      return found.length ? found : undefined;
    });
    const body = (i: vscode.CompletionItem) => (i.insertText instanceof vscode.SnippetString ? i.insertText.value : String(i.insertText ?? ''));
    const hooks = snippets.filter((i) => body(i).includes('addaudithook'));
    assert.deepStrictEqual(
      hooks.map((i) => (typeof i.label === 'string' ? i.label : i.label.label)),
      ['audithook'],
    );
    assert.match(body(hooks[0]), /\tif event == "\$\{2:open\}":/);
    assert.doesNotMatch(body(hooks[0]), /match event/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
