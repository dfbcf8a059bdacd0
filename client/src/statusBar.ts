import { StatusBarAlignment, window, workspace, type Disposable, type StatusBarItem } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { TARGET_VERSION_REQUEST, type TargetVersionResult } from '../../server/src/protocol';

const SOURCES: Record<TargetVersionResult['source'], string> = {
  setting: 'the auditEvents.pythonVersion setting',
  pyproject: 'pyproject.toml [tool.audit-events]',
  'requires-python': 'pyproject.toml requires-python',
  newest: 'the newest version in the catalog',
};

/** "Audit: Python 3.11" for the active Python or C editor; a click picks another version. */
export class TargetVersionStatus implements Disposable {
  private readonly item: StatusBarItem;
  private readonly subscriptions: Disposable[] = [];
  last: TargetVersionResult | null = null;

  constructor(private readonly client: LanguageClient) {
    this.item = window.createStatusBarItem('auditEvents.targetVersion', StatusBarAlignment.Right, 100);
    this.item.name = 'Audit Events: target Python version';
    this.item.command = 'auditEvents.selectPythonVersion';
    this.subscriptions.push(
      window.onDidChangeActiveTextEditor(() => void this.refresh()),
      workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('auditEvents')) setTimeout(() => void this.refresh(), 200);
      }),
      workspace.onDidSaveTextDocument((d) => {
        if (d.fileName.endsWith('pyproject.toml')) setTimeout(() => void this.refresh(), 200);
      }),
    );
  }

  async refresh(): Promise<void> {
    const doc = window.activeTextEditor?.document;
    if (!doc || (doc.languageId !== 'python' && doc.languageId !== 'c') || !this.client.isRunning()) {
      this.item.hide();
      return;
    }
    try {
      const result = await this.client.sendRequest<TargetVersionResult | null>(TARGET_VERSION_REQUEST, { uri: doc.uri.toString() });
      if (!result) return;
      this.last = result;
      this.item.text = `$(shield) Audit: Python ${result.version}`;
      this.item.tooltip = `Audit events are checked against Python ${result.version}, from ${SOURCES[result.source]}. Click to pick another version.`;
      this.item.show();
    } catch {
      this.item.hide();
    }
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
