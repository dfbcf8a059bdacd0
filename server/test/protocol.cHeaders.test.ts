// Issue 12 item 7, in the editor: an open C document's `MODULE_NAME ".op"` raise sites are
// resolved from the quoted headers beside it on disk, as the CLI and the index resolve them, and
// again when a header changes on disk.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { LspClient } from './helpers/lsp';
import { positionOf } from './helpers/engine';
import { tempTree } from './helpers/tempDir';

const HEADER = '#ifndef PAMX_H\n#define PAMX_H\n#define MODULE_NAME "pamx"\n#endif\n';
const SESSION = [
  '#include <Python.h>',
  '#include "pamx.h"',
  'static PyObject *session_setcred(PyObject *user, PyObject *op) {',
  '    if (PySys_Audit(MODULE_NAME ".setcred", "OO", user, op) < 0) return NULL;',
  '    Py_RETURN_NONE;',
  '}',
  '',
].join('\n');
const HOOK = 'import sys\n\ndef pam_hook(event, args):\n    if event == "pamx.setcred":\n        user, op, flags = args\n\nsys.addaudithook(pam_hook)\n';

describe('C headers of an open document', () => {
  let client: LspClient;
  // Made here, not in `before`: tempTree's folder is removed when the block that made it ends.
  const root = tempTree('c-headers', { 'pyproject.toml': '[tool.audit-events]\npython-version = "3.13"\n', 'ext/pamx.h': HEADER });
  before(async () => {
    client = new LspClient({ rootPath: root, settings: {} });
    await client.initialize();
  });
  after(() => client.shutdown());

  test('MODULE_NAME from a header beside the file: the event is the workspace\'s, hover names it, a hook is checked against it', async () => {
    const c = pathToFileURL(join(root, 'ext', 'session.c')).href;
    const py = pathToFileURL(join(root, 'hook.py')).href;
    client.open(c, SESSION, 'c');
    assert.deepEqual(await client.diagnostics(c, 1), []);
    const hover = await client.request('textDocument/hover', { textDocument: { uri: c }, position: positionOf(SESSION, '".setcred"', 2) });
    assert.match(hover?.contents?.value ?? '', /pamx\.setcred/, JSON.stringify(hover));
    // The hook's comparison is known (no unknown-event hint) and its unpack is checked against the C call's arguments.
    client.open(py, HOOK);
    const diags = await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === py && p.diagnostics.length > 0);
    assert.deepEqual(
      diags.diagnostics.map((d: any) => [d.code, d.range.start]),
      [['unpack-arity', positionOf(HOOK, 'user, op, flags')]],
      JSON.stringify(diags.diagnostics.map((d: any) => d.message)),
    );
    assert.match(diags.diagnostics[0].message, /'pamx\.setcred' takes 2 arguments/);

    // The header changes on disk: the open C file is read again, and the hook's name is no longer raised.
    writeFileSync(join(root, 'ext', 'pamx.h'), HEADER.replace('"pamx"', '"pamy"'));
    const renamed = client.next('textDocument/publishDiagnostics', (p) => p.uri === py && p.diagnostics.some((d: any) => d.code === 'unknown-event'));
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(root, 'ext', 'pamx.h')).href, type: 2 }] });
    await renamed;
    const after = await client.request('textDocument/hover', { textDocument: { uri: c }, position: positionOf(SESSION, '".setcred"', 2) });
    assert.match(after?.contents?.value ?? '', /pamy\.setcred/);
  });

  test('a closed C file on disk is indexed again when its header changes', async () => {
    mkdirSync(join(root, 'lib'));
    writeFileSync(join(root, 'lib', 'pamx.h'), HEADER);
    writeFileSync(join(root, 'lib', 'session.c'), SESSION);
    const py = pathToFileURL(join(root, 'lib_hook.py')).href;
    // The index read lib/session.c with its header when the folder was indexed: here, on the change below.
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(root, 'lib', 'session.c')).href, type: 1 }] });
    client.open(py, HOOK);
    await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === py && p.diagnostics.map((d: any) => d.code).join() === 'unpack-arity');
    writeFileSync(join(root, 'lib', 'pamx.h'), HEADER.replace('"pamx"', '"pamz"'));
    const renamed = client.next('textDocument/publishDiagnostics', (p) => p.uri === py && p.diagnostics.some((d: any) => d.code === 'unknown-event'));
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(root, 'lib', 'pamx.h')).href, type: 2 }] });
    await renamed;
  });
});
