import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, codes, positionOf } from '../helpers/engine';

const c = (text: string) => analyze(text, 'c');

describe('C raise sites (SPEC §9)', () => {
  test('a string macro concatenated with a literal names the event (issue 12 §7)', async () => {
    const src = [
      '#include <Python.h>',
      '#ifndef EXT_H',
      '#define MODULE_NAME "pamx"',
      '#endif',
      '#define OTHER some_call()',
      'static PyObject *f(PyObject *u, PyObject *op) {',
      '    if (PySys_Audit(MODULE_NAME ".setcred", "OO", u, op) < 0) return NULL;',
      '    if (PySys_Audit(OTHER ".x", "O", u) < 0) return NULL;',
      '    if (PySys_Audit(UNDEFINED ".y", "O", u) < 0) return NULL;',
      '    return NULL;',
      '}',
    ].join('\n');
    const m = await c(src);
    assert.deepEqual(m.raiseSites.map((r) => r.event?.value ?? null), ['pamx.setcred', null, null]);
  });

  test('PySys_Audit, _PySys_Audit and PySys_AuditTuple, with their arities', async () => {
    const src = [
      '#include <Python.h>',
      'static PyObject *f(PyObject *self, PyObject *a) {',
      '    if (PySys_Audit("open", "OOi", path, mode, flags) < 0) return NULL;',
      '    if (_PySys_Audit(tstate, "os.remove", "(On)", p, fd) < 0) return NULL;',
      '    if (PySys_Audit("os.listdir", "O", p) < 0) return NULL;',
      '    if (PySys_Audit("cpython.PyInterpreterState_New", NULL) < 0) return NULL;',
      '    if (PySys_AuditTuple("myext.event", args) < 0) return NULL;',
      '    if (PySys_AuditTuple("myext.empty", NULL) < 0) return NULL;',
      '    return PySys_Audit(name, "O", x);',
      '}',
    ].join('\n');
    const m = await c(src);
    assert.deepEqual(
      m.raiseSites.map((r) => [r.api, r.event?.value ?? null, r.arity?.count ?? null]),
      [
        ['PySys_Audit', 'open', 3],
        ['_PySys_Audit', 'os.remove', 2],
        ['PySys_Audit', 'os.listdir', null],
        ['PySys_Audit', 'cpython.PyInterpreterState_New', 0],
        ['PySys_AuditTuple', 'myext.event', null],
        ['PySys_AuditTuple', 'myext.empty', 0],
        ['PySys_Audit', null, null],
      ],
    );
    assert.deepEqual(m.raiseSites[0].event!.contentRange, { start: positionOf(src, 'open"'), end: positionOf(src, 'open"', 4) });
  });

  test('formats built with a macro or a conditional are unknown', async () => {
    const src = [
      'void g(void) {',
      '    PySys_Audit("mmap.__new__", "ini" _Py_PARSE_PID, a, b, c, d);',
      '    PySys_Audit("ctypes.dlsym", ((uintptr_t)name & ~0xFFFF) ? "Os" : "On", dll, name);',
      '    PySys_Audit("x.y", FORMAT, a);',
      '    PySys_Audit("x.z", "O" "s", a, b);',
      '}',
    ].join('\n');
    assert.deepEqual((await c(src)).raiseSites.map((r) => r.arity?.count ?? null), [null, null, null, 2]);
  });

  test('not raise sites: comments, strings, declarations, other functions', async () => {
    const src = '// PySys_Audit("a", "O", x);\nconst char *s = "PySys_Audit(\\"b\\")";\nint PySys_Audit(const char *event, const char *format, ...);\nvoid f(void) { MyPySys_Audit("c", "O", x); }\n';
    assert.deepEqual((await c(src)).raiseSites, []);
  });
});

describe('C diagnostics: arity, unknown-event, version', () => {
  test('arity from the format against the catalog', async () => {
    const src = 'void f(void) {\n    PySys_Audit("open", "Os", path, mode);\n    PySys_Audit("os.remove", "On", p, fd);\n    PySys_Audit("os.listdir", "O", p);\n}\n';
    const found = await codes(src, 'arity', { language: 'c', uri: 'file:///work/test/mod.c' });
    assert.equal(found.length, 1);
    assert.equal(found[0].message, "'open' takes 3 arguments (path, mode, flags); this call passes 2");
    assert.deepEqual(found[0].range.start, positionOf(src, '"open"'));
  });

  test('a near miss in a CPython namespace is a likely typo; the extension\'s own events are not', async () => {
    const src = 'void f(void) {\n    PySys_Audit("socket.conect", "OO", s, a);\n    PySys_Audit("myext.connect", "OO", s, a);\n}\n';
    const found = await codes(src, 'unknown-event', { language: 'c', uri: 'file:///work/test/mod.c' });
    assert.equal(found.length, 1);
    assert.match(found[0].message, /did you mean 'socket\.connect'/);
  });

  test('a C hook: strcmp narrows, PyTuple_GET_ITEM is checked, names are checked for the version', async () => {
    const src = [
      'static int hook(const char *event, PyObject *args, void *userData) {',
      '    if (strcmp(event, "os.remove") == 0) {',
      '        PyObject *fd = PyTuple_GET_ITEM(args, 2);',
      '    }',
      '    else if (!strcmp(event, "time.sleep")) { return 0; }',
      '    if (strcmp(event, "os.rmove") != 0) return 0;',
      '    return 0;',
      '}',
      'void install(void) { PySys_AddAuditHook(hook, NULL); }',
    ].join('\n');
    const opts = { language: 'c' as const, uri: 'file:///work/test/hook.c', version: '3.11' as const };
    const index = await codes(src, 'index-range', opts);
    assert.equal(index.length, 1);
    assert.match(index[0].message, /'os\.remove' takes 2 arguments \(path, dir_fd\); PyTuple_GET_ITEM\(args, 2\) is out of range/);
    assert.deepEqual((await codes(src, 'version', opts)).map((f) => f.message.split("'")[1]), ['time.sleep']);
    assert.deepEqual((await codes(src, 'unknown-event', opts)).map((f) => f.message.split("'")[1]), ['os.rmove']);
    assert.deepEqual(await codes(src, 'hook-signature', opts), [], 'the C compiler checks the signature');
  });

  test('an args use belongs to the innermost narrowed block that holds it, in C as in Python', async () => {
    const cSrc = [
      'static int hook(const char *event, PyObject *args, void *data) {',
      '    if (strcmp(event, "open") == 0) {',
      '        if (strncmp(event, "sys.", 4) == 0) {',
      '            n++;',
      '        }',
      '        PyObject *mode = PyTuple_GET_ITEM(args, 1);',
      '    }',
      '    return 0;',
      '}',
      'void install(void) { PySys_AddAuditHook(hook, NULL); }',
    ].join('\n');
    const pySrc = [
      'import sys',
      'def hook(event, args):',
      '    if event == "open":',
      '        if event.startswith("sys."):',
      '            pass',
      '        mode = args[1]',
      'sys.addaudithook(hook)',
    ].join('\n');
    const shape = (m: Awaited<ReturnType<typeof c>>) =>
      m.hooks[0].blocks.map((b) => [b.events.map((e) => e.value), b.prefixes.map((p) => p.value), b.argsUses.map((u) => u.range.start.line)]);
    // The use after the nested prefix test is in the outer block, not the later one with the same names.
    const expected = [
      [['open'], [], [5]],
      [['open'], ['sys.'], []],
    ];
    assert.deepEqual(shape(await c(cSrc)), expected);
    assert.deepEqual(shape(await analyze(pySrc)), expected);
  });

  test('custom events raised from C are known to Python hooks of the workspace', async () => {
    const py = 'import sys\ndef h(event, args):\n    if event == "myext.opened":\n        a, b, c = args\nsys.addaudithook(h)\n';
    const others = { 'file:///work/test/ext.c': 'void f(void) { PySys_Audit("myext.opened", "Oi", obj, flags); }\n' };
    assert.deepEqual(await codes(py, 'unknown-event', { others }), []);
    const [f] = await codes(py, 'unpack-arity', { others });
    assert.equal(f.message, "'myext.opened' takes 2 arguments (obj, flags); this unpacks 3 (a, b, c)");
  });
});
