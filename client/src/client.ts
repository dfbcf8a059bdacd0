import * as path from 'node:path';
import { window, workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** The language client: the bundled server over IPC, for Python and C files and notebook cells. */
export function createClient(context: ExtensionContext): LanguageClient {
  const serverModule = context.asAbsolutePath(path.join('server', 'out', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const outputChannel = window.createOutputChannel('Audit Events', { log: true });
  const clientOptions: LanguageClientOptions = {
    // Any scheme: the server reads only what the editor sends (virtual and untitled documents
    // too); only the workspace index needs files on disk.
    documentSelector: [{ language: 'python' }, { language: 'c' }, { notebook: '*', language: 'python' }],
    synchronize: {
      configurationSection: 'auditEvents',
      fileEvents: workspace.createFileSystemWatcher('**/{*.py,*.pyi,*.c,*.h,pyproject.toml}'),
    },
    outputChannel,
    traceOutputChannel: outputChannel,
  };
  return new LanguageClient('auditEvents', 'Audit Events', serverOptions, clientOptions);
}
