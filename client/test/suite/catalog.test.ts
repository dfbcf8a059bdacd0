import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { openFixture, waitFor } from './helpers';

describe('the catalog quick pick', () => {
  it('rows by relevance, the API labelled, and an open-docs button that draws an icon', async () => {
    await openFixture('raise_sites.py');
    // The extension's code and this suite share one `vscode` API object (both live in the
    // extension's folder): wrapping createQuickPick here sees the quick pick the command makes.
    const original = vscode.window.createQuickPick;
    let pick: vscode.QuickPick<vscode.QuickPickItem> | undefined;
    vscode.window.createQuickPick = <T extends vscode.QuickPickItem>() => {
      const p = original<T>();
      pick = p as unknown as vscode.QuickPick<vscode.QuickPickItem>;
      return p;
    };
    try {
      await vscode.commands.executeCommand('auditEvents.showCatalog');
      const items = await waitFor('the catalog rows', () => (pick && pick.items.length > 0 ? pick.items : undefined));
      const copyfile = items.find((i) => i.label === 'shutil.copyfile');
      assert.strictEqual(copyfile?.detail, 'raised by shutil.copy');
      const button = copyfile!.buttons![0];
      assert.ok(button.iconPath instanceof vscode.ThemeIcon, `iconPath is ${JSON.stringify(button.iconPath)}`);
      assert.strictEqual((button.iconPath as vscode.ThemeIcon).id, 'link-external');
      const labels = items.map((i) => i.label);
      assert.ok(!labels[0].startsWith('_'), `first row: ${labels[0]}`);
      assert.ok(labels.indexOf('open') < labels.indexOf('ctypes.PyObj_FromPtr') && labels.indexOf('ctypes.PyObj_FromPtr') < labels.indexOf('winreg.OpenKey'));
      assert.match(items.find((i) => i.label === '_winapi.CreateFile')?.detail ?? '', /internal · Windows only/);
    } finally {
      vscode.window.createQuickPick = original;
      pick?.hide();
    }
  });
});
