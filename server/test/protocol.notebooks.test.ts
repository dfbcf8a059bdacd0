import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LspClient } from './helpers/lsp';
import { positionOf } from './helpers/engine';

// A hook defined in one cell and registered in another (SPEC §5: cells get a file's features).
// Alone, the first cell's function is an inferred hook that stays quiet: it compares `open`
// among names no audit event has (issue 12 §2). Registered, its wrong unpack is a finding.
const HOOK_CELL = [
  'import sys',
  '# 😀 a notebook',
  'def hook(event, args):',
  '    if event == "open":',
  '        x = "😀"; path, mode = args',
  '    elif event in ("close", "save"):',
  '        pass',
  '',
].join('\n');
const REGISTER_CELL = 'sys.addaudithook(hook)\n';

let n = 0;
function notebook() {
  const nb = `file:///tmp/audit-events-notebooks/${++n}_analysis.ipynb`;
  const cell = (i: number) => `vscode-notebook-cell:/tmp/audit-events-notebooks/${n}_analysis.ipynb#W${i}sZmlsZQ%3D%3D`;
  return { nb, cell };
}

describe('notebooks: the Python cells are one module (LSP 3.17 notebook sync)', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient({ settings: { pythonVersion: '3.11' } });
    await client.initialize();
  });
  after(() => client.shutdown());

  function open(nb: string, cells: { uri: string; text: string; language?: string; kind?: number }[]): void {
    client.notify('notebookDocument/didOpen', {
      notebookDocument: { uri: nb, notebookType: 'jupyter-notebook', version: 1, cells: cells.map((c) => ({ kind: c.kind ?? 2, document: c.uri })) },
      cellTextDocuments: cells.map((c) => ({ uri: c.uri, languageId: c.language ?? 'python', version: 1, text: c.text })),
    });
  }

  /** A notebook of the hook's cell and the cell registering it, once its unpack-arity finding is published. */
  async function openHookAndRegistration(nb: string, cell: (i: number) => string): Promise<void> {
    const first = client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === cell(1) && p.diagnostics.some((d: any) => d.code === 'unpack-arity'));
    open(nb, [
      { uri: cell(1), text: HOOK_CELL },
      { uri: cell(2), text: REGISTER_CELL },
    ]);
    await first;
  }

  test('a hook registered in a later cell is checked, and its finding is on its own cell at its UTF-16 range', async () => {
    const { nb, cell } = notebook();
    const published = client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === cell(1) && p.diagnostics.some((d: any) => d.code === 'unpack-arity'));
    open(nb, [
      { uri: cell(0), text: '# Some notes\n', kind: 1, language: 'markdown' },
      // A cell before the hook's: the hook's lines are not the module's.
      { uri: cell(9), text: 'import os\r\nprint(os.sep)' },
      { uri: cell(1), text: HOOK_CELL },
      { uri: cell(2), text: REGISTER_CELL },
    ]);
    const diags = (await published).diagnostics;
    const unpack = diags.find((d: any) => d.code === 'unpack-arity');
    const start = positionOf(HOOK_CELL, 'path, mode');
    assert.deepEqual(start, { line: 4, character: 18 }, 'the emoji counts two UTF-16 code units');
    assert.deepEqual(unpack.range.start, start);
    assert.deepEqual(unpack.range.end, positionOf(HOOK_CELL, 'path, mode', 'path, mode'.length));
    assert.match(unpack.message, /'open' takes 3 arguments \(path, mode, flags\); this unpacks 2 \(path, mode\)/);
    // Every finding of the module is on the cell that holds it, inside that cell.
    const registerDiags = await client.diagnostics(cell(2));
    assert.deepEqual(registerDiags, []);
    for (const d of diags) assert.ok(d.range.start.line < HOOK_CELL.split('\n').length, JSON.stringify(d));
    // A quick fix for it edits this cell, in this cell's coordinates.
    const actions = await client.request('textDocument/codeAction', { textDocument: { uri: cell(1) }, range: unpack.range, context: { diagnostics: [unpack] } });
    const edits = actions.flatMap((a: any) => Object.entries(a.edit?.changes ?? {}));
    assert.ok(edits.length > 0, JSON.stringify(actions));
    for (const [uri, list] of edits as [string, any[]][]) {
      assert.equal(uri, cell(1));
      for (const e of list) assert.equal(e.range.start.line, start.line, JSON.stringify(e));
    }
  });

  test('hover and completion in a cell answer from the module', async () => {
    const { nb, cell } = notebook();
    const published = client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === cell(1) && p.diagnostics.length > 0);
    open(nb, [
      { uri: cell(0), text: 'x = 1\n\n' },
      { uri: cell(1), text: HOOK_CELL },
      { uri: cell(2), text: REGISTER_CELL + 'sys.audit("myapp.ready", 1)\n' },
    ]);
    await published;
    // Hover on the event a registered hook compares: the event's card, with the cell's range.
    const at = positionOf(HOOK_CELL, '"open"', 2);
    const h = await client.request('textDocument/hover', { textDocument: { uri: cell(1) }, position: at });
    assert.ok(h, 'hover in the hook cell');
    assert.match(h.contents.value, /open\(path, mode, flags\)/);
    assert.equal(h.range.start.line, at.line);
    // Completion in the hook's comparison offers the event raised in the other cell, with an edit in this cell.
    const probe = HOOK_CELL.replace('"close", "save"', '"close", "save", "myapp.');
    client.notify('notebookDocument/didChange', {
      notebookDocument: { uri: nb, version: 2 },
      change: { cells: { textContent: [{ document: { uri: cell(1), version: 2 }, changes: [{ text: probe }] }] } },
    });
    const pos = positionOf(probe, '"myapp.', '"myapp.'.length);
    const list = await client.request('textDocument/completion', { textDocument: { uri: cell(1) }, position: pos });
    const item = list.items.find((i: any) => i.label === 'myapp.ready');
    assert.ok(item, JSON.stringify(list.items.slice(0, 5).map((i: any) => i.label)));
    if (item.textEdit) assert.equal((item.textEdit.range ?? item.textEdit.replace).start.line, pos.line);
    // Its documentation, resolved later, is the module's (the event is raised in the other cell).
    const resolved = await client.request('completionItem/resolve', item);
    assert.match(resolved.documentation?.value ?? '', /myapp\.ready/);
  });

  test('editing a cell updates its findings; moving the registration away clears them; closing the notebook clears every cell', async () => {
    const { nb, cell } = notebook();
    await openHookAndRegistration(nb, cell);
    // Fix the unpack in cell 1: its report clears.
    const fixed = HOOK_CELL.replace('path, mode = args', 'path, mode, flags = args');
    const cleared = client.next('textDocument/publishDiagnostics', (p) => p.uri === cell(1) && !p.diagnostics.some((d: any) => d.code === 'unpack-arity'));
    client.notify('notebookDocument/didChange', {
      notebookDocument: { uri: nb, version: 2 },
      change: { cells: { textContent: [{ document: { uri: cell(1), version: 2 }, changes: [{ text: fixed }] }] } },
    });
    await cleared;
    // Break it again, then remove the registering cell: the hook is unregistered and quiet again.
    const again = client.next('textDocument/publishDiagnostics', (p) => p.uri === cell(1) && p.diagnostics.some((d: any) => d.code === 'unpack-arity'));
    client.notify('notebookDocument/didChange', {
      notebookDocument: { uri: nb, version: 3 },
      change: { cells: { textContent: [{ document: { uri: cell(1), version: 3 }, changes: [{ text: HOOK_CELL }] }] } },
    });
    await again;
    const quiet = client.next('textDocument/publishDiagnostics', (p) => p.uri === cell(1) && p.diagnostics.length === 0);
    client.notify('notebookDocument/didChange', {
      notebookDocument: { uri: nb, version: 4 },
      change: { cells: { structure: { array: { start: 1, deleteCount: 1 }, didClose: [{ uri: cell(2) }] } } },
    });
    await quiet;
    const again2 = client.next('textDocument/publishDiagnostics', (p) => p.uri === cell(1) && p.diagnostics.length > 0);
    client.notify('notebookDocument/didChange', {
      notebookDocument: { uri: nb, version: 5 },
      change: { cells: { structure: { array: { start: 1, deleteCount: 0, cells: [{ kind: 2, document: cell(3) }] }, didOpen: [{ uri: cell(3), languageId: 'python', version: 1, text: REGISTER_CELL }] } } },
    });
    await again2;
    // Closing the notebook clears its cells' reports.
    const closed = client.next('textDocument/publishDiagnostics', (p) => p.uri === cell(1) && p.diagnostics.length === 0);
    client.notify('notebookDocument/didClose', { notebookDocument: { uri: nb }, cellTextDocuments: [{ uri: cell(1) }, { uri: cell(3) }] });
    await closed;
    // The closed notebook's module is gone: a request on its cells answers nothing, and nothing failed.
    const h = await client.request('textDocument/hover', { textDocument: { uri: cell(1) }, position: positionOf(HOOK_CELL, '"open"', 2) });
    assert.equal(h, null);
    assert.doesNotMatch(client.stderr.join(''), /failed|uncaught/);
  });

  test('a cell reopened under its URI with the same version (its language changed back) is read anew', async () => {
    const { nb, cell } = notebook();
    await openHookAndRegistration(nb, cell);
    const quiet = client.next('textDocument/publishDiagnostics', (p) => p.uri === cell(1) && p.diagnostics.length === 0);
    // The reopened cell's own new text is analyzed too (vscode-languageserver opens a change's
    // cells before it closes them: without transport/notebookSync.ts the cell ends up closed).
    const reread = client.next('textDocument/publishDiagnostics', (p) => p.uri === cell(2) && p.diagnostics.some((d: any) => d.code === 'arity' && /os\.remove/.test(d.message)));
    client.notify('notebookDocument/didChange', {
      notebookDocument: { uri: nb, version: 2 },
      change: {
        cells: {
          structure: {
            array: { start: 1, deleteCount: 1, cells: [{ kind: 2, document: cell(2) }] },
            didClose: [{ uri: cell(2) }],
            didOpen: [{ uri: cell(2), languageId: 'python', version: 1, text: '# not registered any more\nsys.audit("os.remove", 1)\n' }],
          },
        },
      },
    });
    await Promise.all([quiet, reread]);
  });

  test('cells opened as plain documents (no notebook sync) are still analyzed alone', async () => {
    const { cell } = notebook();
    client.open(cell(1), HOOK_CELL + REGISTER_CELL);
    const diags = await client.diagnostics(cell(1));
    assert.deepEqual(diags.map((d: any) => d.code).sort(), ['unknown-event', 'unknown-event', 'unpack-arity']);
  });

  test('IPython magics do not break the module or move a position', async () => {
    const { nb, cell } = notebook();
    // Read as Python, each magic's open quote would swallow every line after it.
    const magic = '!echo """\n' + HOOK_CELL;
    const published = client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === cell(2) && p.diagnostics.some((d: any) => d.code === 'unpack-arity'));
    open(nb, [
      // Read as Python, the shell's open quote would swallow every cell after it.
      { uri: cell(1), text: '%%bash\nif [ -f x ]; then echo "hi\nfi\n' },
      { uri: cell(2), text: magic },
      { uri: cell(3), text: REGISTER_CELL },
    ]);
    const unpack = (await published).diagnostics.find((d: any) => d.code === 'unpack-arity');
    assert.deepEqual(unpack.range.start, positionOf(magic, 'path, mode'));
  });
});

describe('notebooks in an editor that pulls diagnostics', () => {
  test("a cell's pulled report is its part of the module's", async () => {
    const client = new LspClient({
      settings: { pythonVersion: '3.11' },
      capabilities: { workspace: { configuration: true }, textDocument: { diagnostic: { dynamicRegistration: false } } },
    });
    try {
      await client.initialize();
      const { nb, cell } = notebook();
      client.notify('notebookDocument/didOpen', {
        notebookDocument: { uri: nb, notebookType: 'jupyter-notebook', version: 1, cells: [{ kind: 2, document: cell(1) }, { kind: 2, document: cell(2) }] },
        cellTextDocuments: [
          { uri: cell(1), languageId: 'python', version: 1, text: HOOK_CELL },
          { uri: cell(2), languageId: 'python', version: 1, text: REGISTER_CELL },
        ],
      });
      const hookReport = await client.request('textDocument/diagnostic', { textDocument: { uri: cell(1) } });
      assert.equal(hookReport.kind, 'full');
      const unpack = hookReport.items.find((d: any) => d.code === 'unpack-arity');
      assert.deepEqual(unpack?.range.start, positionOf(HOOK_CELL, 'path, mode'));
      const registerReport = await client.request('textDocument/diagnostic', { textDocument: { uri: cell(2) } });
      assert.deepEqual(registerReport.items, []);
    } finally {
      await client.shutdown();
    }
  });
});
