// Activation: start the language client, then the few things only an editor can show.
import type { ExtensionContext } from 'vscode';
import { createClient } from './client';
import { registerCommands } from './commands';
import { TargetVersionStatus } from './statusBar';

let stop: (() => Thenable<void>) | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const client = createClient(context);
  const status = new TargetVersionStatus(client);
  context.subscriptions.push(status, ...registerCommands(client, status));
  stop = () => client.stop();
  await client.start();
  await status.refresh();
}

export function deactivate(): Thenable<void> | undefined {
  return stop?.();
}
