import * as path from 'node:path';
import { commands, workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('server', 'out', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
      { scheme: 'file', language: 'c' },
      { notebook: '*', language: 'python' },
    ],
    synchronize: {
      configurationSection: 'auditEvents',
      fileEvents: workspace.createFileSystemWatcher('**/{*.py,*.pyi,*.c,*.h,pyproject.toml}'),
    },
  };
  client = new LanguageClient('auditEvents', 'Audit Events', serverOptions, clientOptions);
  context.subscriptions.push(
    commands.registerCommand('auditEvents.restartServer', async () => {
      await client?.restart();
    }),
  );
  await client.start();
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
