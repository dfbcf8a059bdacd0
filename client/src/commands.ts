import { commands, ConfigurationTarget, env, QuickPickItemKind, Uri, window, workspace, type Disposable, type QuickPickItem } from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { CATALOG_REQUEST, type CatalogResult } from '../../server/src/protocol';
import { catalogItems, type EventItem } from './catalogItems';
import type { TargetVersionStatus } from './statusBar';

export function registerCommands(client: LanguageClient, status: TargetVersionStatus): Disposable[] {
  return [
    // The status item refreshes itself once the new server runs.
    commands.registerCommand('auditEvents.restartServer', async () => {
      try {
        await client.restart();
      } catch (e) {
        // A hung server never answers the shutdown request: the client gives up after 2 s, kills
        // it and rejects without starting another. A hung server is what users restart.
        if (client.state !== State.Stopped) throw e;
        await client.start();
      }
    }),
    commands.registerCommand('auditEvents.selectPythonVersion', () => selectPythonVersion(status)),
    commands.registerCommand('auditEvents.showCatalog', () => showCatalog(client)),
  ];
}

/**
 * Picks the target (one version, or every version from one on) and writes it to the workspace's
 * settings (user settings if none).
 */
async function selectPythonVersion(status: TargetVersionStatus): Promise<void> {
  const versions = status.last?.versions ?? ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14', '3.15'];
  const newest = versions[versions.length - 1];
  const current = workspace.getConfiguration('auditEvents').get<string>('pythonVersion', 'auto');
  const now = status.last?.label;
  const ranges = versions.slice(0, -1).map((v) => `${v}-${newest}`);
  const items: QuickPickItem[] = [
    { label: 'auto', description: 'the requires-python range in pyproject.toml, else the newest', picked: current === 'auto' },
    { label: 'Ranges', kind: QuickPickItemKind.Separator },
    ...ranges.map((r) => ({ label: r, description: r.replace('-', '–') === now ? 'checked now' : undefined, picked: r === current })),
    { label: 'One version', kind: QuickPickItemKind.Separator },
    ...[...versions].reverse().map((v) => ({ label: v, description: v === now ? 'checked now' : undefined, picked: v === current })),
  ];
  const pick = await window.showQuickPick(items, { title: 'Audit Events: target Python versions', placeHolder: `now ${now ?? current}` });
  if (!pick) return;
  const target = workspace.workspaceFolders?.length ? ConfigurationTarget.Workspace : ConfigurationTarget.Global;
  await workspace.getConfiguration('auditEvents').update('pythonVersion', pick.label, target);
}

/** Every event of the target version: insert its name at the cursor, or open its docs. */
async function showCatalog(client: LanguageClient): Promise<void> {
  const editor = window.activeTextEditor;
  const result = await client.sendRequest<CatalogResult | null>(CATALOG_REQUEST, { uri: editor?.document.uri.toString() ?? null });
  if (!result) return;
  const pick = window.createQuickPick<EventItem>();
  pick.title = `Audit events of Python ${result.version}`;
  pick.placeholder = editor ? 'Enter inserts the name at the cursor; the link button opens the docs' : 'Pick an event to open its docs';
  pick.matchOnDescription = true;
  pick.items = catalogItems(result);
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
