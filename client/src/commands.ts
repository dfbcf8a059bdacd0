import { commands, ConfigurationTarget, env, Uri, window, workspace, type Disposable, type QuickPickItem } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CATALOG_REQUEST, type CatalogEntry, type CatalogResult } from '../../server/src/protocol';
import type { TargetVersionStatus } from './statusBar';

export function registerCommands(client: LanguageClient, status: TargetVersionStatus): Disposable[] {
  return [
    commands.registerCommand('auditEvents.restartServer', async () => {
      await client.restart();
      await status.refresh();
    }),
    commands.registerCommand('auditEvents.selectPythonVersion', () => selectPythonVersion(status)),
    commands.registerCommand('auditEvents.showCatalog', () => showCatalog(client)),
  ];
}

/** Picks the target version and writes it to the workspace's settings (user settings if none). */
async function selectPythonVersion(status: TargetVersionStatus): Promise<void> {
  const versions = status.last?.versions ?? ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14', '3.15'];
  const current = workspace.getConfiguration('auditEvents').get<string>('pythonVersion', 'auto');
  const items: QuickPickItem[] = [
    { label: 'auto', description: 'requires-python in pyproject.toml, else the newest', picked: current === 'auto' },
    ...[...versions].reverse().map((v) => ({ label: v, description: v === status.last?.version ? 'checked now' : undefined, picked: v === current })),
  ];
  const pick = await window.showQuickPick(items, { title: 'Audit Events: target Python version', placeHolder: `now ${status.last?.version ?? current}` });
  if (!pick) return;
  const target = workspace.workspaceFolders?.length ? ConfigurationTarget.Workspace : ConfigurationTarget.Global;
  await workspace.getConfiguration('auditEvents').update('pythonVersion', pick.label, target);
}

interface EventItem extends QuickPickItem {
  entry: CatalogEntry;
}

/** Every event of the target version: insert its name at the cursor, or open its docs. */
async function showCatalog(client: LanguageClient): Promise<void> {
  const editor = window.activeTextEditor;
  const result = await client.sendRequest<CatalogResult | null>(CATALOG_REQUEST, { uri: editor?.document.uri.toString() ?? null });
  if (!result) return;
  const openDocs = { iconPath: { id: 'link-external' } as never, tooltip: 'Open the docs' };
  const pick = window.createQuickPick<EventItem>();
  pick.title = `Audit events of Python ${result.version}`;
  pick.placeholder = editor ? 'Enter inserts the name at the cursor; the link button opens the docs' : 'Pick an event to open its docs';
  pick.matchOnDescription = true;
  pick.items = result.events.map((entry) => ({
    label: entry.name,
    description: entry.args ? `(${entry.args.join(', ')})` : '(arguments unknown)',
    detail: entry.custom ? 'raised in this workspace' : [entry.api, entry.confirmed ? null : `not confirmed for ${result.version}`].filter(Boolean).join(' · ') || undefined,
    buttons: entry.docs ? [openDocs] : [],
    entry,
  }));
  pick.onDidTriggerItemButton((e) => {
    if (e.item.entry.docs) void env.openExternal(Uri.parse(e.item.entry.docs));
    pick.hide();
  });
  pick.onDidAccept(async () => {
    const chosen = pick.selectedItems[0];
    pick.hide();
    if (!chosen) return;
    if (editor) await editor.edit((b) => b.replace(editor.selection, chosen.entry.name));
    else if (chosen.entry.docs) await env.openExternal(Uri.parse(chosen.entry.docs));
  });
  pick.onDidHide(() => pick.dispose());
  pick.show();
}
