import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { catalog } from './helpers/engine';
import { withServer } from './helpers/lsp';

// What the server logs (VS Code's "Audit Events" output channel, Neovim's :LspLog) is read by
// users wondering what it checks against: it says that, and how to change it.
describe('the server\'s log (bundled server)', () => {
  test('once ready, it says which versions it knows and where a file\'s target version comes from', async () => {
    await withServer(async (client) => {
      const ready = await client.waitFor('window/logMessage', (p) => /\bready\b/.test(p.message));
      assert.ok(ready.message.includes(`audit events of Python ${catalog.versions[0]} to ${catalog.newest}`), ready.message);
      assert.match(ready.message, /auditEvents\.pythonVersion/);
      assert.match(ready.message, /python-version/);
      assert.match(ready.message, /requires-python/);
      assert.deepEqual(client.notifications.filter((n) => n.method === 'window/logMessage' && /warm-up|rounds/.test(n.params.message)), []);
    }, { settings: {} });
  });
});
