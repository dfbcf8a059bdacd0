import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { openFixture, positionOf, waitFor } from './helpers';

const text = (h: vscode.Hover) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)).join('\n');

describe('hover and signature help', () => {
  it('hover on an event string shows its arguments per version', async () => {
    const editor = await openFixture('raise_sites.py');
    const pos = positionOf(editor.document, 'shutil.rmtree', 3);
    const hovers = await waitFor('a hover', async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, pos);
      return h.length ? h : undefined;
    });
    const md = hovers.map(text).join('\n');
    assert.match(md, /shutil\.rmtree\(path, dir_fd\)/);
    assert.match(md, /3\.8, 3\.9, 3\.10: shutil\.rmtree\(path\)/);
  });

  it('hover on a name unpacked from args says which argument it is', async () => {
    const editor = await openFixture('hooks.py');
    const pos = positionOf(editor.document, 'mode = args', 1);
    const hovers = await waitFor('a hover', async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, pos);
      return h.length ? h : undefined;
    });
    assert.match(hovers.map(text).join('\n'), /mode.*argument 2 of 3 of `open`/);
  });

  it('signature help inside sys.audit("shutil.rmtree", path, |)', async () => {
    const editor = await openFixture('raise_sites.py');
    const pos = positionOf(editor.document, 'path, )', 'path, '.length);
    const help = await waitFor('signature help', () =>
      vscode.commands.executeCommand<vscode.SignatureHelp>('vscode.executeSignatureHelpProvider', editor.document.uri, pos),
    );
    assert.strictEqual(help.signatures[0].label, 'shutil.rmtree(path, dir_fd)');
    assert.strictEqual(help.activeParameter, 1);
  });

  it('inlay hints name the arguments', async () => {
    const editor = await openFixture('raise_sites.py');
    const range = new vscode.Range(0, 0, editor.document.lineCount, 0);
    const hints = await waitFor('inlay hints', async () => {
      const h = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', editor.document.uri, range);
      return h.length ? h : undefined;
    });
    const labels = hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
    assert.ok(labels.includes('path:'), labels.join(', '));
  });
});
