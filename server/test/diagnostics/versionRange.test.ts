import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { catalog, codes, hook } from '../helpers/engine';

const RANGE = { settings: { pythonVersion: '3.9-3.15' } };
const rmtree = (inner: string[], before: string[] = []) => hook([...before, 'if event == "shutil.rmtree":', ...inner.map((l) => '    ' + l), '    print(path)']);
const messages = async (text: string, code = 'unpack-arity', opts = RANGE) => (await codes(text, code, opts)).map((f) => f.message);

describe('a target range: every check over every version, one finding per place', () => {
  test('unpack-arity names where the code is wrong and where it is right', async () => {
    assert.deepEqual(await messages(rmtree(['(path,) = args'])), [
      "'shutil.rmtree' takes 2 arguments (path, dir_fd) in 3.11–3.15; this unpacks 1 (path), which is right only for 3.9–3.10",
    ]);
    assert.deepEqual(await messages(rmtree(['path, dir_fd = args'])), [
      "'shutil.rmtree' takes 1 argument (path) in 3.9–3.10; this unpacks 2 (path, dir_fd), which is right only for 3.11–3.15",
    ]);
    assert.deepEqual(await messages(rmtree(['path, dir_fd = args']), 'unpack-arity', { settings: { pythonVersion: '3.11+' } }), [], 'right for every version of 3.11+');
  });

  test('wrong everywhere in the range: each arity with its versions, then where the code fits outside it', async () => {
    assert.deepEqual(await messages(rmtree(['a, b, c = args', 'path = a'])), [
      "'shutil.rmtree' takes 1 argument (path) in 3.9–3.10 and 2 arguments (path, dir_fd) in 3.11–3.15; this unpacks 3 (a, b, c)",
    ]);
    assert.deepEqual(await messages(rmtree(['(path,) = args']), 'unpack-arity', { settings: { pythonVersion: '>=3.12' } }), [
      "'shutil.rmtree' takes 2 arguments (path, dir_fd) in 3.12–3.15; this unpacks 1 (path), which is right for 3.8–3.10 (path)",
    ]);
  });

  test('index-range and arity across the range', async () => {
    const index = await messages(rmtree(['path = args[1]']), 'index-range');
    assert.deepEqual(index, ["'shutil.rmtree' takes 1 argument (path) in 3.9–3.10; args[1] is out of range (it exists only in 3.11–3.15)"]);
    const raise = await messages('import sys\nsys.audit("shutil.rmtree", p)\n', 'arity');
    assert.deepEqual(raise, ["'shutil.rmtree' takes 2 arguments (path, dir_fd) in 3.11–3.15; this call passes 1, which is right only for 3.9–3.10"]);
  });

  test('version: a warning when no version of the range raises the event, information when part does', async () => {
    // time.sleep is raised from 3.13 (observed on every interpreter: catalog/sources).
    const sleep = hook(['if event == "time.sleep":', '    pass']);
    const part = await codes(sleep, 'version', RANGE);
    assert.deepEqual(part.map((f) => [f.severity, f.message.split(';')[0]]), [['information', "'time.sleep' is not raised by Python 3.9–3.12, part of the target 3.9–3.15"]]);
    const none = await codes(sleep, 'version', { settings: { pythonVersion: '3.8-3.10' } });
    assert.deepEqual(none.map((f) => [f.severity, f.message.split(';')[0]]), [['warning', "'time.sleep' is not raised by Python 3.8–3.10 (the target versions)"]]);
    assert.deepEqual(await codes(sleep, 'version', { settings: { pythonVersion: '3.13+' } }), []);
    const one = await codes(sleep, 'version', { settings: { pythonVersion: '3.10' } });
    assert.match(one[0].message, /^'time\.sleep' is not raised by Python 3\.10 \(the target version\)/);
  });
});

describe('sys.version_info narrowing', () => {
  const quiet = async (text: string, why: string) => assert.deepEqual(await messages(text), [], why);
  const wrongFor311 = "'shutil.rmtree' takes 2 arguments (path, dir_fd) in 3.11–3.15; this unpacks 1 (path)";

  test('tuple comparisons, each side and each operator, with else', async () => {
    await quiet(rmtree(['if sys.version_info >= (3, 11):', '    path, dir_fd = args', 'else:', '    (path,) = args']), '>= with else');
    await quiet(rmtree(['if sys.version_info < (3, 11):', '    (path,) = args', 'else:', '    path, dir_fd = args']), '< with else');
    await quiet(rmtree(['if (3, 11) <= sys.version_info:', '    path, dir_fd = args', 'else:', '    (path,) = args']), 'the tuple on the left');
    await quiet(rmtree(['if sys.version_info >= (3, 11, 0):', '    path, dir_fd = args', 'else:', '    (path,) = args']), 'a three-number tuple');
    await quiet(rmtree(['if not sys.version_info >= (3, 11):', '    (path,) = args', 'else:', '    path, dir_fd = args']), 'not');
  });

  test('a patch in the tuple: both branches can run on that minor version', async () => {
    // 3.11.0 and 3.11.1 are < (3, 11, 2): the first branch runs on 3.11, where rmtree takes 2.
    const found = await messages(rmtree(['if sys.version_info < (3, 11, 2):', '    (path,) = args', 'else:', '    path, dir_fd = args']));
    assert.deepEqual(found, ["'shutil.rmtree' takes 2 arguments (path, dir_fd) in 3.11; this unpacks 1 (path), which is right only for 3.9–3.10"]);
  });

  test('elif chains narrow each branch by what the earlier ones ruled out', async () => {
    await quiet(rmtree(['if sys.version_info >= (3, 12):', '    path, dir_fd = args', 'elif sys.version_info >= (3, 11):', '    path, dir_fd = args', 'else:', '    (path,) = args']), 'elif');
    const wrong = await messages(rmtree(['if sys.version_info >= (3, 12):', '    path, dir_fd = args', 'elif sys.version_info >= (3, 10):', '    (path,) = args', 'else:', '    (path,) = args']));
    assert.deepEqual(wrong, ["'shutil.rmtree' takes 2 arguments (path, dir_fd) in 3.11; this unpacks 1 (path), which is right only for 3.10"]);
  });

  test('[:2], [1], .major/.minor and hexversion', async () => {
    await quiet(rmtree(['if sys.version_info[:2] >= (3, 11):', '    path, dir_fd = args', 'else:', '    (path,) = args']), '[:2]');
    await quiet(rmtree(['if sys.version_info[1] >= 11:', '    path, dir_fd = args', 'else:', '    (path,) = args']), '[1]');
    await quiet(rmtree(['if sys.version_info.major == 3 and sys.version_info.minor >= 11:', '    path, dir_fd = args', 'else:', '    (path,) = args']), '.major and .minor');
    await quiet(rmtree(['if sys.hexversion >= 0x030B0000:', '    path, dir_fd = args', 'else:', '    (path,) = args']), 'hexversion');
  });

  test('and with the event test, early return, module flags, from sys import version_info', async () => {
    await quiet(hook(['if event == "shutil.rmtree" and sys.version_info >= (3, 11):', '    path, dir_fd = args']), 'and');
    await quiet(rmtree(['path, dir_fd = args'], ['if sys.version_info < (3, 11):', '    return']), 'early return');
    const flag = (test: string) => ['import sys', 'PY311 = sys.version_info >= (3, 11)', rmtree([`if ${test}:`, '    path, dir_fd = args', 'else:', '    (path,) = args']).replace('import sys\n', '')].join('\n');
    await quiet(flag('PY311'), 'a module flag');
    const inverted = await messages(flag('not PY311'));
    assert.equal(inverted.length, 2, 'the inverted flag is wrong in both branches');
    const imported = 'from sys import version_info\n' + rmtree(['if version_info >= (3, 11):', '    path, dir_fd = args', 'else:', '    (path,) = args']);
    await quiet(imported, 'from sys import version_info');
  });

  test('a block narrowed outside the target is not checked at all', async () => {
    const old = rmtree(['if sys.version_info < (3, 9):', '    path, dir_fd, x = args']);
    assert.deepEqual(await messages(old), []);
    assert.equal((await messages(old, 'unpack-arity', { settings: { pythonVersion: '3.8' } })).length, 1, 'under 3.8 the block runs and is checked');
  });

  test('no version test: the whole target; a test of something else narrows nothing', async () => {
    assert.deepEqual(await messages(rmtree(['if len(args) == 1:', '    (path,) = args'])), [`${wrongFor311}, which is right only for 3.9–3.10`]);
    assert.deepEqual(await messages(rmtree(['if sys.platform == "win32":', '    (path,) = args'])), [`${wrongFor311}, which is right only for 3.9–3.10`]);
    assert.ok(catalog.versions.includes('3.15'));
  });

  test('at raise sites: if/elif/else around sys.audit, also at module level', async () => {
    const site = (lines: string[]) => ['import sys', ...lines, ''].join('\n');
    const quietRaise = site(['if sys.version_info >= (3, 11):', '    sys.audit("shutil.rmtree", p, fd)', 'else:', '    sys.audit("shutil.rmtree", p)']);
    assert.deepEqual(await messages(quietRaise, 'arity'), []);
    const inFunction = site(['def remove(p, fd):', '    if sys.version_info < (3, 11):', '        sys.audit("shutil.rmtree", p, fd)']);
    assert.deepEqual(await messages(inFunction, 'arity'), ["'shutil.rmtree' takes 1 argument (path) in 3.9–3.10; this call passes 2, which is right for 3.11–3.15 (path, dir_fd)"]);
    const elif = site(['if sys.version_info >= (3, 12):', '    pass', 'elif sys.version_info >= (3, 11):', '    sys.audit("shutil.rmtree", p)']);
    assert.deepEqual(await messages(elif, 'arity'), ["'shutil.rmtree' takes 2 arguments (path, dir_fd) in 3.11; this call passes 1, which is right for 3.8–3.10 (path)"]);
  });

  test('version: an event compared inside a version test is judged over those versions only', async () => {
    const guarded = hook(['if sys.version_info >= (3, 13):', '    if event == "time.sleep":', '        pass']);
    assert.deepEqual(await codes(guarded, 'version', RANGE), []);
    const early = hook(['if sys.version_info < (3, 13):', '    return', 'if event == "time.sleep":', '    pass']);
    assert.deepEqual(await codes(early, 'version', RANGE), []);
    const unguarded = hook(['if event == "time.sleep":', '    pass']);
    assert.equal((await codes(unguarded, 'version', RANGE)).length, 1);
  });

  test('in C: #if PY_VERSION_HEX blocks, #else, #elif and PY_MINOR_VERSION', async () => {
    const cOpts = { ...RANGE, language: 'c' as const, uri: 'file:///work/test/ext.c' };
    const src = (cond: string) =>
      [
        '#include <Python.h>',
        'static int f(PyObject *p, const char *path, int fd) {',
        `#if ${cond}`,
        '    return PySys_Audit("shutil.rmtree", "Oi", p, fd);',
        '#else',
        // "s": one C string, so one argument ("O" alone could pass a whole tuple).
        '    return PySys_Audit("shutil.rmtree", "s", path);',
        '#endif',
        '}',
      ].join('\n');
    assert.deepEqual(await messages(src('PY_VERSION_HEX >= 0x030B0000'), 'arity', cOpts), []);
    assert.deepEqual(await messages(src('PY_MAJOR_VERSION == 3 && PY_MINOR_VERSION >= 11'), 'arity', cOpts), []);
    const elif = ['#include <Python.h>', 'static int g(const char *path) {', '#if PY_VERSION_HEX >= 0x030C0000', '    return 0;', '#elif PY_VERSION_HEX >= 0x030B0000', '    return PySys_Audit("shutil.rmtree", "s", path);', '#endif', '}'].join('\n');
    assert.deepEqual(await messages(elif, 'arity', cOpts), ["'shutil.rmtree' takes 2 arguments (path, dir_fd) in 3.11; this call passes 1, which is right for 3.8–3.10 (path)"]);
    const swapped = await messages(src('PY_VERSION_HEX < 0x030B0000'), 'arity', cOpts);
    assert.deepEqual(swapped, [
      "'shutil.rmtree' takes 1 argument (path) in 3.9–3.10; this call passes 2, which is right for 3.11–3.15 (path, dir_fd)",
      "'shutil.rmtree' takes 2 arguments (path, dir_fd) in 3.11–3.15; this call passes 1, which is right for 3.8–3.10 (path)",
    ]);
  });
});
