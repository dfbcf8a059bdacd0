// The language servers the bench speaks to, ours and a peer, through the same client with the
// same capabilities, so that their figures stand side by side.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient } from '../server/test/helpers/lsp';

export interface Server {
  name: string;
  /** Program and arguments; undefined: our bundled server. */
  command?: string[];
  settings: Record<string, unknown>;
}

export const OURS: Server = { name: 'ours', settings: { pythonVersion: '3.13' } };

/**
 * Pyright's language server from the bench's dev dependency. It reads typeshed from its own
 * package and, like any Python tooling, asks the `python` on PATH for its version and search
 * paths; it has no setting that downloads anything, and it is given none of ours.
 */
export function pyright(root: string): Server {
  const pkg = JSON.parse(readFileSync(join(root, 'node_modules', 'pyright', 'package.json'), 'utf8')) as { version: string };
  return { name: `Pyright ${pkg.version}`, command: [process.execPath, join(root, 'node_modules', 'pyright', 'langserver.index.js'), '--stdio'], settings: {} };
}

/** What VS Code's client announces for the requests the bench makes (vscode-languageclient 10). */
const EDITOR_CAPABILITIES = {
  workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
  window: { workDoneProgress: true },
  textDocument: {
    synchronization: { dynamicRegistration: true, didSave: true },
    completion: {
      completionItem: {
        snippetSupport: true,
        documentationFormat: ['markdown', 'plaintext'],
        deprecatedSupport: true,
        tagSupport: { valueSet: [1] },
        insertReplaceSupport: true,
        labelDetailsSupport: true,
        resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] },
      },
      contextSupport: true,
      completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    signatureHelp: { signatureInformation: { documentationFormat: ['markdown', 'plaintext'], parameterInformation: { labelOffsetSupport: true } } },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, tagSupport: { valueSet: [1, 2] } },
  },
};

/** A running server; `editorCapabilities` false: a client that announces little (no item defaults). */
export function connect(server: Server, rootPath?: string, editorCapabilities = true): LspClient {
  const client = new LspClient({
    command: server.command,
    rootPath,
    settings: server.settings,
    ...(editorCapabilities ? { capabilities: EDITOR_CAPABILITIES } : {}),
  });
  running.add(client);
  return client;
}

export function rssMegabytes(client: LspClient): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${client.proc.pid}/status`, 'utf8'))![1]) / 1024;
}

/** Clients still running, so that a failing run does not leave servers behind. */
export const running = new Set<LspClient>();

export async function stop(client: LspClient): Promise<void> {
  await client.shutdown();
  running.delete(client);
}

process.on('exit', () => {
  for (const c of running) c.proc.kill('SIGKILL');
});
