import { StatusBarAlignment, window, workspace, type Disposable, type StatusBarItem } from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { TARGET_VERSION_REQUEST, type TargetVersionResult } from '../../server/src/protocol';

const SOURCES: Record<TargetVersionResult['source'], string> = {
  setting: 'the auditEvents.pythonVersion setting',
  pyproject: 'pyproject.toml [tool.audit-events]',
  'requires-python': 'pyproject.toml requires-python',
  newest: 'the newest version in the catalog',
};

/** "Audit: Python 3.9–3.15" for the active Python or C editor; a click picks another target. */
export class TargetVersionStatus implements Disposable {
  private readonly item: StatusBarItem;
  private readonly subscriptions: Disposable[] = [];
  last: TargetVersionResult | null = null;
  /** Bumped by every refresh: an answer to an older one (say, cut off by a restart) is dropped. */
  private generation = 0;

  constructor(private readonly client: LanguageClient) {
    this.item = window.createStatusBarItem('auditEvents.targetVersion', StatusBarAlignment.Right, 100);
    this.item.name = 'Audit Events: target Python version';
    this.item.command = 'auditEvents.selectPythonVersion';
    this.subscriptions.push(
      // The item follows the server: gone while it is stopped, back once a restart (the command,
      // or after a crash) has it running, without waiting for the user to switch editors.
      client.onDidChangeState((e) => {
        if (e.newState === State.Running) void this.refresh();
        else if (e.newState === State.Stopped) this.item.hide();
      }),
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
    const generation = ++this.generation;
    const doc = window.activeTextEditor?.document;
    if (!doc || (doc.languageId !== 'python' && doc.languageId !== 'c')) {
      this.item.hide();
      return;
    }
    // Stopping or starting: the state change to Running refreshes again.
    if (!this.client.isRunning()) return;
    try {
      const result = await this.client.sendRequest<TargetVersionResult | null>(TARGET_VERSION_REQUEST, { uri: doc.uri.toString() });
      if (generation !== this.generation || !result) return;
      this.last = result;
      this.item.text = `$(shield) Audit: Python ${result.label}`;
      this.item.tooltip = `Audit events are checked against Python ${result.label}${result.target.length > 1 ? ' (every version of the range)' : ''}, from ${SOURCES[result.source]}. Click to pick another target.`;
      this.item.show();
    } catch {
      // A request cut off by a restart: the refresh after it decides.
      if (generation === this.generation && this.client.isRunning()) this.item.hide();
    }
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
