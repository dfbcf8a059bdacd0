// `npm run test:vscode`: downloads VS Code with @vscode/test-electron and runs the integration
// suite inside it (needs internet access; here, `npm run test:e2e` runs the same suite inside
// code-server instead).
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..', '..');
  try {
    await runTests({
      version: '1.100.3',
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'vscode', 'suite', 'index.js'),
      launchArgs: [path.join(root, 'client', 'test', 'fixtures', 'workspace'), '--disable-extensions', '--disable-workspace-trust'],
    });
  } catch (e) {
    console.error('VS Code integration tests failed:', e);
    process.exit(1);
  }
}

void main();
