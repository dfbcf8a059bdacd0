// `npm run test:vscode`: downloads VS Code with @vscode/test-electron and runs the integration
// suite inside it (needs internet access; here, `npm run test:e2e` runs the same suite inside
// code-server instead).
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..', '..');
  // The suite changes workspace settings: it runs on a copy of the fixture workspace.
  const workspace = path.join(mkdtempSync(path.join(tmpdir(), 'audit-events-vscode-')), 'workspace');
  cpSync(path.join(root, 'client', 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  try {
    await runTests({
      version: '1.100.3',
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'vscode', 'suite', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    });
  } catch (e) {
    console.error('VS Code integration tests failed:', e);
    process.exit(1);
  }
}

void main();
