import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LspClient } from './helpers/lsp';
import { positionOf } from './helpers/engine';

const base = 'file:///tmp/audit-events-features/';
let n = 0;
const freshUri = (name: string) => `${base}${++n}_${name}`;

/** Applies LSP text edits to a text (edits of one document, non-overlapping). */
function applyEdits(text: string, edits: { range: any; newText: string }[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) =>
    p.line >= lines.length ? text.length : lines.slice(0, p.line).reduce((a, l) => a + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

describe('editor features over stdio (bundled server)', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient({ settings: { pythonVersion: '3.11' } });
    const init = await client.initialize();
    const caps = init.capabilities;
    for (const cap of ['hoverProvider', 'signatureHelpProvider', 'inlayHintProvider', 'codeActionProvider', 'definitionProvider', 'referencesProvider', 'documentLinkProvider', 'documentSymbolProvider', 'workspaceSymbolProvider', 'notebookDocumentSync']) {
      assert.ok(caps[cap], `missing ${cap}`);
    }
  });
  after(() => client.shutdown());

  const open = async (name: string, text: string) => {
    const uri = freshUri(name);
    client.open(uri, text);
    await client.diagnostics(uri, 1);
    return uri;
  };
  const at = (uri: string, text: string, marker: string, offset = 0) => ({ textDocument: { uri }, position: positionOf(text, marker, offset) });

  describe('completion', () => {
    test('sys.audit("os.re|") offers os.remove, whose edit replaces os.re, on a line with non-ASCII text and tabs', async () => {
      const text = 'import sys\n\tx = "é😀"; sys.audit("os.re")\n';
      const uri = await open('c1.py', text);
      const list = await client.request('textDocument/completion', at(uri, text, 'os.re")', 5));
      const item = list.items.find((i: any) => i.label === 'os.remove');
      assert.ok(item);
      assert.deepEqual(item.textEdit.range, { start: positionOf(text, 'os.re"'), end: positionOf(text, 'os.re"', 5) });
      assert.equal(item.textEdit.range.start.character, 23, 'tab, é and 😀 (2 UTF-16 units) before it');
      assert.equal(item.textEdit.newText, 'os.remove');
      assert.equal(applyEdits(text, [item.textEdit]), 'import sys\n\tx = "é😀"; sys.audit("os.remove")\n');
      assert.equal(item.detail, '(path, dir_fd)');
      assert.equal((await client.request('completionItem/resolve', item)).documentation.kind, 'markdown');
    });

    test('in every hook context: ==, in (...), case, a collection, startswith (with module prefixes)', async () => {
      const text = [
        'import sys',
        'WATCH = {"open", "sock"}',
        'def hook(event, args):',
        '    if event == "shut": pass',
        '    if event in ("os.", "x"): pass',
        '    if event in WATCH: pass',
        '    if event.startswith("sub"): pass',
        '    match event:',
        '        case "exe": pass',
        'sys.addaudithook(hook)',
      ].join('\n');
      const uri = await open('c2.py', text);
      const labels = async (marker: string, offset: number) =>
        ((await client.request('textDocument/completion', at(uri, text, marker, offset))) ?? { items: [] }).items.map((i: any) => i.label);
      assert.ok((await labels('"shut"', 5)).includes('shutil.rmtree'));
      assert.ok((await labels('"os."', 4)).includes('os.remove'));
      assert.ok((await labels('"sock"', 5)).includes('socket.connect'));
      const prefix = await labels('"sub"', 4);
      assert.ok(prefix.includes('subprocess.') && prefix.includes('subprocess.Popen'), 'module prefixes in startswith');
      assert.ok((await labels('"exe"', 4)).includes('exec'));
    });

    test('removed events are tagged deprecated; custom events raised in the workspace are offered', async () => {
      await open('raiser.py', 'import sys\nsys.audit("myapp.custom_event", 1)\n');
      const text = 'import sys\ndef h(event, args):\n    if event == "": pass\nsys.addaudithook(h)\n';
      const uri = await open('c3.py', text);
      const list = await client.request('textDocument/completion', at(uri, text, '""', 1));
      const nntp = list.items.find((i: any) => i.label === 'nntplib.connect');
      assert.deepEqual(nntp.tags, [1], 'raised by 3.11, gone in 3.13');
      assert.ok(!list.items.find((i: any) => i.label === 'open').tags);
      assert.ok(list.items.some((i: any) => i.label === 'myapp.custom_event'));
      assert.ok(!list.items.some((i: any) => i.label === 'time.sleep'), 'not raised by 3.11: not offered');
    });
  });

  describe('hover', () => {
    test('"shutil.rmtree" with 3.11: path, dir_fd, and that 3.9 raised it with path only', async () => {
      const text = 'import sys\nsys.audit("shutil.rmtree", p, fd)\n';
      const uri = await open('h1.py', text);
      const h = await client.request('textDocument/hover', at(uri, text, 'shutil', 2));
      const md: string = h.contents.value;
      assert.match(md, /shutil\.rmtree\(path, dir_fd\)/);
      assert.match(md, /Python 3\.11: 2 arguments \(path, dir_fd\)/);
      assert.match(md, /3\.8, 3\.9, 3\.10: shutil\.rmtree\(path\)/);
      assert.match(md, /\(https:\/\/docs\.python\.org\/3\.11\/library\/shutil\.html#shutil\.rmtree\)/);
      assert.deepEqual(h.range.start, positionOf(text, '"shutil'));
    });

    test('errata, Windows-only events, custom events', async () => {
      const text = 'import sys\ndef h(event, args):\n    if event in ("sys.set_asyncgen_hooks_firstiter", "winreg.OpenKey", "myapp.login"): pass\nsys.addaudithook(h)\nsys.audit("myapp.login", user, ip)\n';
      const uri = await open('h2.py', text);
      const hv = async (marker: string) => (await client.request('textDocument/hover', at(uri, text, marker, 2))).contents.value as string;
      assert.match(await hv('"sys.set_asyncgen_hooks_firstiter"'), /Never raised.*sys\.set_asyncgen_hook_firstiter/s);
      assert.match(await hv('"winreg.OpenKey"'), /Windows only/);
      assert.match(await hv('"myapp.login"'), /Raised in this workspace:\n- line 5 \(2 arguments\)/);
    });

    test('on a name unpacked from args and on args[i]: which argument it is', async () => {
      const text = 'import sys\ndef h(event, args):\n\tif event == "open":  # ü\n\t\tf, m, fl = args\n\t\tx = args[-1]\nsys.addaudithook(h)\n';
      const uri = await open('h3.py', text);
      const onName = await client.request('textDocument/hover', at(uri, text, 'm, fl', 0));
      assert.match(onName.contents.value, /\*\*mode\*\*: argument 2 of 3 of `open` \(path, mode, flags\)/);
      assert.deepEqual(onName.range.start, positionOf(text, 'm, fl'));
      const onIndex = await client.request('textDocument/hover', at(uri, text, 'args[-1]', 2));
      assert.match(onIndex.contents.value, /\*\*flags\*\*: argument 3 of 3/);
    });

    test('on args[0] of socket.connect: the socket, with its observed type; the arg-type finding beside it', async () => {
      const text = 'import sys\ndef h(event, args):\n\tif event == "socket.connect":  # ü\n\t\tprint("é😀", args[0][0])\nsys.addaudithook(h)\n';
      const uri = freshUri('h4.py');
      client.open(uri, text);
      const diags = await client.diagnostics(uri, 1);
      const hover = await client.request('textDocument/hover', at(uri, text, 'args[0][0]', 1));
      assert.equal(hover.contents.value, '**self**: argument 1 of 2 of `socket.connect` (self, address) — `self: socket.socket` (the types seen on real interpreters)');
      assert.deepEqual(hover.range, { start: positionOf(text, 'args[0][0]'), end: positionOf(text, 'args[0][0]', 7) });
      assert.equal(hover.range.start.character, 15, 'two tabs, print(", é, 😀 as 2 UTF-16 units, ", ", a space');
      const finding = diags.find((d: any) => d.code === 'arg-type');
      assert.ok(finding, JSON.stringify(diags));
      assert.equal(finding.severity, 2);
      assert.deepEqual(finding.range, { start: positionOf(text, 'args[0][0]'), end: positionOf(text, 'args[0][0]', 10) });
      assert.match(finding.message, /^'socket\.connect' args\[0\] is 'self' \(socket\.socket\); subscripting it \(args\[0\]\[0\]\) fails/);
    });
  });

  describe('signature help', () => {
    test('inside sys.audit("open", |): the signature, with the active parameter', async () => {
      const text = 'import sys\nsys.audit("open", p, )\n';
      const uri = await open('s1.py', text);
      const first = await client.request('textDocument/signatureHelp', at(uri, text, ', p', 1));
      assert.equal(first.signatures[0].label, 'open(path, mode, flags)');
      assert.equal(first.activeParameter, 0);
      assert.deepEqual(first.signatures[0].parameters.map((p: any) => first.signatures[0].label.slice(...p.label)), ['path', 'mode', 'flags']);
      const second = await client.request('textDocument/signatureHelp', at(uri, text, 'p, )', 3));
      assert.equal(second.activeParameter, 1);
      assert.equal(await client.request('textDocument/signatureHelp', at(uri, text, 'import', 2)), null);
    });

    test('past the event\'s last argument no parameter is active', async () => {
      const text = 'import sys\nsys.audit("os.remove", p, fd, )\n';
      const uri = await open('s3.py', text);
      const last = await client.request('textDocument/signatureHelp', at(uri, text, 'fd, )', 1));
      assert.equal(last.activeParameter, 1);
      const past = await client.request('textDocument/signatureHelp', at(uri, text, 'fd, )', 4));
      assert.equal(past.signatures[0].label, 'os.remove(path, dir_fd)');
      assert.equal(past.activeParameter, 2, 'one past the last of 2 parameters: none highlighted');
      assert.equal(past.signatures[0].activeParameter, 2);
    });

    test('inside a subaudit listener call: what its callback receives', async () => {
      const text = 'import subaudit\nwith subaudit.listening("os.remove", cb): pass\n';
      const uri = await open('s2.py', text);
      const h = await client.request('textDocument/signatureHelp', at(uri, text, ', cb', 2));
      assert.equal(h.signatures[0].label, 'listening callback: os.remove(path, dir_fd)');
    });
  });

  describe('inlay hints', () => {
    test('argument names at raise sites and after unpacked names, unless written the same', async () => {
      const text = 'import sys\nsys.audit("open", f, mode, 0)\ndef h(event, args):\n    if event == "os.remove":\n        p, fd = args\nsys.addaudithook(h)\n';
      const uri = await open('i1.py', text);
      const hints = await client.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } } });
      const labels = hints.map((h: any) => `${h.position.line}:${h.position.character}:${h.label}`);
      assert.deepEqual(labels, ['1:18:path:', '1:27:flags:', '4:9:: path (bytes | str)', '4:13:: dir_fd (int)']);
    });

    test('after args[i]: the argument and its observed types, at UTF-16 positions past non-ASCII text', async () => {
      const text = 'import sys\ndef h(event, args):\n\tif event == "socket.connect":\n\t\tprint("é😀", args[0], args[1])\nsys.addaudithook(h)\n';
      const uri = await open('i3.py', text);
      const hints = await client.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } } });
      const labels = hints.map((h: any) => `${h.position.line}:${h.position.character}:${h.label}`);
      const after = (marker: string) => positionOf(text, marker, marker.length).character;
      assert.equal(after('args[0]'), 22, 'two tabs, print(", é, 😀 as 2 UTF-16 units, ", ", args[0]');
      assert.deepEqual(labels, [`3:${after('args[0]')}:self: socket.socket`, `3:${after('args[1]')}:address: bytes | str | tuple`]);
    });

    test('the inlayHints.enable setting turns them off', async () => {
      const c2 = new LspClient({ settings: { inlayHints: { enable: false } } });
      await c2.initialize();
      const uri = freshUri('i2.py');
      c2.open(uri, 'import sys\nsys.audit("open", f, m, 0)\n');
      await c2.diagnostics(uri, 1);
      const hints = await c2.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } } });
      assert.deepEqual(hints, []);
      await c2.shutdown();
    });
  });

  describe('code actions', () => {
    const actionsFor = async (uri: string, diagnostics: any[]) =>
      client.request('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } });

    test('did-you-mean: the fix replaces the name, and the diagnostic goes away', async () => {
      const text = 'import sys\ndef h(event, args):\n    if event == "subprocess.popen": pass\nsys.addaudithook(h)\n';
      const uri = freshUri('a1.py');
      client.open(uri, text);
      const diags = await client.diagnostics(uri, 1);
      assert.deepEqual(diags.map((d: any) => d.code), ['unknown-event']);
      const actions = await actionsFor(uri, diags);
      const fix = actions.find((a: any) => a.title === "Change to 'subprocess.Popen'");
      assert.equal(fix.kind, 'quickfix');
      assert.equal(fix.isPreferred, true);
      const fixed = applyEdits(text, fix.edit.changes[uri]);
      assert.match(fixed, /event == "subprocess\.Popen"/);
      client.change(uri, 2, [{ text: fixed }]);
      assert.deepEqual(await client.diagnostics(uri, 2), []);
    });

    test('an erratum name is replaced with the raised one; a wrong unpack is rewritten', async () => {
      const text = 'import sys\ndef h(event, args):\n    if event == "sys.set_asyncgen_hooks_finalizer": pass\n    if event == "os.remove":\n        path = args\n    if event == "open":\n        a, b = args\nsys.addaudithook(h)\n';
      const uri = freshUri('a2.py');
      client.open(uri, text);
      const diags = await client.diagnostics(uri, 1);
      const never = diags.find((d: any) => d.code === 'never-raised');
      const [erratum] = await actionsFor(uri, [never]);
      assert.match(applyEdits(text, erratum.edit.changes[uri]), /"sys\.set_asyncgen_hook_finalizer"/);
      const unpack = diags.find((d: any) => d.code === 'unpack-arity');
      const [rewrite] = await actionsFor(uri, [unpack]);
      assert.equal(rewrite.title, 'Unpack as path, mode, flags');
      assert.match(applyEdits(text, rewrite.edit.changes[uri]), /\n {8}path, mode, flags = args\n/);
    });

    test('"Add audit hook skeleton" for the events under the selection: match from 3.10, if/elif before', async () => {
      const text = 'import sys\nsys.audit("open", p, "r", 0)\nsys.audit("module-event", 1)\nsys.audit("cpython.run_module", m)\n';
      const uri = await open('a3.py', text);
      const range = { start: { line: 1, character: 0 }, end: { line: 3, character: 20 } };
      const actions = await client.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: ['refactor'] } });
      const skeleton = actions.find((a: any) => a.kind === 'refactor.auditHookSkeleton');
      assert.equal(skeleton.title, "Add audit hook skeleton for 'open', 'module-event', 'cpython.run_module'");
      const result = applyEdits(text, skeleton.edit.changes[uri]);
      assert.ok(result.startsWith(text));
      const added = result.slice(text.length);
      assert.equal(
        added,
        '\n\ndef audit_hook(event: str, args: tuple) -> None:\n    match event:\n        case "open":\n            path, mode, flags = args\n        case "module-event":\n            (arg1,) = args\n        case "cpython.run_module":\n            (module_name,) = args\n        case _:\n            pass\n\n\nsys.addaudithook(audit_hook)\n',
      );
      const c39 = new LspClient({ settings: { pythonVersion: '3.9' } });
      await c39.initialize();
      const uri39 = freshUri('a4.py');
      c39.open(uri39, 'sys.audit("open", p, "r", 0)\n');
      await c39.diagnostics(uri39, 1);
      const [s39] = await c39.request('textDocument/codeAction', { textDocument: { uri: uri39 }, range: { start: { line: 0, character: 12 }, end: { line: 0, character: 12 } }, context: { diagnostics: [] } });
      assert.match(s39.edit.changes[uri39][0].newText, /import sys\n\n\ndef audit_hook\(event: str, args: tuple\) -> None:\n    if event == "open":\n        file, mode, flags = args\n/);
      await c39.shutdown();
    });
    test('the skeleton starts two blank lines below the code, however the document ends (PEP 8)', async () => {
      const skeletonFor = async (name: string, text: string) => {
        const uri = await open(name, text);
        const range = { start: positionOf(text, '"open"', 2), end: positionOf(text, '"open"', 2) };
        const actions = await client.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: ['refactor'] } });
        return applyEdits(text, actions.find((a: any) => a.kind === 'refactor.auditHookSkeleton').edit.changes[uri]);
      };
      const code = 'import sys\nsys.audit("open", p, "r", 0)';
      for (const [name, ending] of [['no final newline', ''], ['one newline', '\n'], ['blank lines', '\n\n\n\n'], ['trailing spaces', '\n  \n']]) {
        const result = await skeletonFor(`a5_${name.replace(/ /g, '_')}.py`, code + ending);
        assert.ok(result.startsWith(`${code}\n\n\ndef audit_hook(`), `${name}: ${JSON.stringify(result.slice(0, 80))}`);
        assert.ok(result.endsWith('\n\n\nsys.addaudithook(audit_hook)\n'), name);
      }
      const crlf = await skeletonFor('a6_crlf.py', 'import sys\r\nsys.audit("open", p, "r", 0)\r\n');
      assert.ok(crlf.startsWith('import sys\r\nsys.audit("open", p, "r", 0)\r\n\r\n\r\ndef audit_hook('), JSON.stringify(crlf));
      assert.ok(!/[^\r]\n/.test(crlf), `a line ending other than CRLF: ${JSON.stringify(crlf)}`);
      const empty = await skeletonFor('a7_only.py', 'sys.audit("open", p, "r", 0)\n');
      assert.ok(empty.includes('0)\n\n\nimport sys\n\n\ndef audit_hook('), JSON.stringify(empty));
    });
  });

  describe('navigation', () => {
    test('definition and references of a custom event across open documents', async () => {
      const raiser = 'import sys\n\ndef login(u, ip):\n    sys.audit("myapp.nav_login", u, ip)\n';
      const raiserUri = await open('n_raise.py', raiser);
      const text = 'import sys\ndef h(event, args):\n    if event == "myapp.nav_login": pass\nsys.addaudithook(h)\n';
      const uri = await open('n_hook.py', text);
      const defs = await client.request('textDocument/definition', at(uri, text, 'myapp', 1));
      assert.deepEqual(defs, [{ uri: raiserUri, range: { start: positionOf(raiser, '"myapp'), end: positionOf(raiser, '"myapp', 17) } }]);
      const refs = await client.request('textDocument/references', { ...at(uri, text, 'myapp', 1), context: { includeDeclaration: true } });
      assert.deepEqual(refs.map((r: any) => r.uri).sort(), [raiserUri, uri].sort());
      const noDecl = await client.request('textDocument/references', { ...at(uri, text, 'myapp', 1), context: { includeDeclaration: false } });
      assert.deepEqual(noDecl.map((r: any) => r.uri), [uri]);
    });

    test('document links to the docs page of the target version', async () => {
      const text = 'import sys\nsys.audit("socket.connect", s, addr)\n';
      const uri = await open('n_link.py', text);
      const links = await client.request('textDocument/documentLink', { textDocument: { uri } });
      assert.deepEqual(links.map((l: any) => l.target), ['https://docs.python.org/3.11/library/socket.html#socket.socket.connect']);
      assert.deepEqual(links[0].range.start, positionOf(text, 'socket.connect'));
    });

    test('document symbols for hooks, workspace symbols for events', async () => {
      const text = 'import sys\ndef guard(event, args):\n    if event in ("open", "myapp.sym_event"): pass\nsys.addaudithook(guard)\nsys.audit("myapp.sym_event")\n';
      const uri = await open('n_sym.py', text);
      const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri } });
      assert.equal(symbols[0].name, 'guard');
      assert.deepEqual(symbols[0].children.map((c: any) => c.name), ['open', 'myapp.sym_event']);
      const ws = await client.request('workspace/symbol', { query: 'sym_ev' });
      assert.deepEqual(ws.map((s: any) => [s.name, s.location.uri]), [['myapp.sym_event', uri]]);
    });
  });

  describe('C documents', () => {
    test('completion inside PySys_Audit("|") and an arity diagnostic from the format', async () => {
      const text = '#include <Python.h>\nstatic int f(PyObject *p) {\n    /* é */ return PySys_Audit("os.re", "O", p);\n}\nstatic int g(PyObject *p) {\n\treturn PySys_Audit("open", "Os", p, "r");\n}\n';
      const uri = freshUri('ext.c');
      client.open(uri, text, 'c');
      const diags = await client.diagnostics(uri, 1);
      assert.deepEqual(diags.map((d: any) => [d.code, d.range.start]), [['arity', positionOf(text, '"open"')]]);
      assert.equal(diags[0].message, "'open' takes 3 arguments (path, mode, flags); this call passes 2");
      const list = await client.request('textDocument/completion', at(uri, text, 'os.re"', 5));
      const item = list.items.find((i: any) => i.label === 'os.remove');
      assert.deepEqual(item.textEdit.range, { start: positionOf(text, 'os.re"'), end: positionOf(text, 'os.re"', 5) });
      const h = await client.request('textDocument/hover', at(uri, text, '"open"', 2));
      assert.match(h.contents.value, /open\(path, mode, flags\)/);
      const sig = await client.request('textDocument/signatureHelp', at(uri, text, ', "r"', 2));
      assert.equal(sig.signatures[0].label, 'open(path, mode, flags)');
      assert.equal(sig.activeParameter, 1);
    });
  });

  describe('notebooks', () => {
    test('Python cells of a notebook get diagnostics and completion', async () => {
      const nb = 'file:///tmp/audit-events-features/analysis.ipynb';
      const cell1 = `vscode-notebook-cell:/tmp/audit-events-features/analysis.ipynb#cell1`;
      const cell2 = `vscode-notebook-cell:/tmp/audit-events-features/analysis.ipynb#cell2`;
      const hookCell = 'import sys\ndef hook(event, args):\n    if event == "open":\n        path, mode = args\nsys.addaudithook(hook)\n';
      client.notify('notebookDocument/didOpen', {
        notebookDocument: { uri: nb, notebookType: 'jupyter-notebook', version: 1, cells: [{ kind: 2, document: cell1 }, { kind: 2, document: cell2 }] },
        cellTextDocuments: [
          { uri: cell1, languageId: 'python', version: 1, text: hookCell },
          { uri: cell2, languageId: 'python', version: 1, text: 'sys.audit("os.")\n' },
        ],
      });
      const diags = await client.diagnostics(cell1);
      assert.deepEqual(diags.map((d: any) => d.code), ['unpack-arity']);
      const list = await client.request('textDocument/completion', { textDocument: { uri: cell2 }, position: { line: 0, character: 14 } });
      assert.ok(list.items.some((i: any) => i.label === 'os.remove'));
    });
  });
});
