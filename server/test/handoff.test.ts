// Issue 12 §1: a hook hands its event and args to helpers (functions and methods of its file,
// functions of other workspace modules), and the helpers are checked with the events under which
// each call happens. Engine-level on real Python source, and over stdio for the cross-file case.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { findings } from '../src/features/diagnostics';
import { inlayHints } from '../src/features/inlayHints';
import { analyze, codes, context, diagnose, positionOf, workspace } from './helpers/engine';
import { LspClient } from './helpers/lsp';
import { tempTree } from './helpers/tempDir';

const lines = (...l: string[]) => l.join('\n') + '\n';

describe('hand-off into helpers of the same file (engine)', () => {
  test('args[3] in a helper reached for open is out of range; the finding names the call that leads there', async () => {
    const text = lines(
      'import sys',
      'def _check_open(args):',
      '    return args[3]',
      'def hook(event, args):',
      '    if event == "open":',
      '        _check_open(args)',
      'sys.addaudithook(hook)',
    );
    const found = await codes(text, 'index-range');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /'open' takes 3 arguments .*args\[3\] is out of range/);
    assert.deepEqual(found[0].range.start, positionOf(text, 'args[3]'));
    assert.equal(found[0].related?.length, 1);
    assert.deepEqual(found[0].related![0].range.start, positionOf(text, '_check_open(args)\n'));
    assert.match(found[0].related![0].message, /reached from _check_open\(args\) when the event is 'open'/);
  });

  test('the right unpack in a helper, and a helper that only gets the name, stay quiet', async () => {
    const text = lines(
      'import sys',
      'def _check_open(args):',
      '    path, mode, flags = args',
      '    return args[2]',
      'def _note(event):',
      '    return event.upper()',
      'def hook(event, args):',
      '    if event == "open":',
      '        _check_open(args)',
      '    _note(event)',
      'sys.addaudithook(hook)',
    );
    assert.deepEqual((await diagnose(text)).map((f) => f.code), []);
  });

  test('a helper reached under two events reports only for the call site where it is wrong', async () => {
    const text = lines(
      'import sys',
      'def _fourth(args):',
      '    return args[3]',
      'def hook(event, args):',
      '    if event == "open":',
      '        _fourth(args)',
      '    elif event == "subprocess.Popen":',
      '        _fourth(args)',
      'sys.addaudithook(hook)',
    );
    const found = await codes(text, 'index-range');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /'open'/);
    assert.doesNotMatch(found[0].message, /Popen/);
    assert.deepEqual(found[0].related![0].range.start, positionOf(text, '_fourth(args)\n    elif'));
  });

  test('only the Popen call site: nothing to say', async () => {
    const text = lines(
      'import sys',
      'def _fourth(args):',
      '    return args[3]',
      'def hook(event, args):',
      '    if event == "subprocess.Popen":',
      '        _fourth(args)',
      'sys.addaudithook(hook)',
    );
    assert.deepEqual(await codes(text, 'index-range'), []);
  });

  test('helpers calling each other are followed, and the cycle ends', async () => {
    const text = lines(
      'import sys',
      'def _a(ev, payload, n=0):',
      '    if ev == "os.chmod":',
      '        path, mode = payload',
      '    return _b(ev, payload, n + 1)',
      'def _b(ev, payload, n):',
      '    return _a(ev, payload, n)',
      'def hook(event, args):',
      '    _b(event, args, 0)',
      'sys.addaudithook(hook)',
    );
    const found = await codes(text, 'unpack-arity');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /'os\.chmod' takes 3 arguments/);
  });

  test('a method called on self gets the tuple of the branch it is called from', async () => {
    const text = lines(
      'import sys',
      'class Guard:',
      '    def __call__(self, event, args):',
      '        if event == "os.system":',
      '            return self._system(args)',
      '        if event in ("os.remove", "os.rmdir"):',
      '            return self._delete(event, args)',
      '    def _system(self, args):',
      '        command, shell = args',
      '    def _delete(self, event, args):',
      '        path, dir_fd = args',
      'sys.addaudithook(Guard())',
    );
    // (os.remove and os.rmdir without the other deletions is also incomplete coverage: not this test's matter)
    const found = (await diagnose(text)).filter((f) => f.code !== 'incomplete-coverage');
    assert.deepEqual(found.map((f) => f.code), ['unpack-arity']);
    assert.match(found[0].message, /'os\.system' takes 1 argument/);
  });

  test('names bound from event and args (name, params = event, args) are followed', async () => {
    const text = lines(
      'import sys',
      'def _check(params):',
      '    a, b = params',
      'def hook(event, args):',
      '    name, params = event, args',
      '    if name == "open":',
      '        _check(params)',
      'sys.addaudithook(hook)',
    );
    const found = await codes(text, 'unpack-arity');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /'open' takes 3 arguments/);
  });

  test('names compared inside a helper get the hook checks (unknown-event with did-you-mean)', async () => {
    const text = lines(
      'import sys',
      'def _is_network(name):',
      '    return name == "socket.conect"',
      'def hook(event, args):',
      '    if _is_network(event):',
      '        raise RuntimeError(event)',
      'sys.addaudithook(hook)',
    );
    const found = await codes(text, 'unknown-event');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /socket\.connect/);
  });

  test('a helper also called with other things says nothing: its parameter is not clearly the tuple', async () => {
    const text = lines(
      'import sys',
      'def _check_open(args):',
      '    return args[3]',
      'def _is_network(name):',
      '    return name == "socket.conect"',
      'def hook(event, args):',
      '    if event == "open":',
      '        _check_open(args)',
      '    _is_network(event)',
      'def main():',
      '    _check_open(("a", "b", "c", "d"))',
      '    _is_network("socket.conect")',
      'sys.addaudithook(hook)',
    );
    assert.deepEqual((await diagnose(text)).map((f) => f.code), []);
  });

  test('a helper that rebinds its parameter says nothing about it', async () => {
    const text = lines(
      'import sys',
      'DEFAULTS = ("", "r", 0, None)',
      'def _check_open(args):',
      '    for args in (args, DEFAULTS):',
      '        print(args[3])',
      'def hook(event, args):',
      '    if event == "open":',
      '        _check_open(args)',
      'sys.addaudithook(hook)',
    );
    assert.deepEqual(await codes(text, 'index-range'), []);
  });

  test("a re-entry guard before the hand-off guards the helper's calls too", async () => {
    const body = (guard: string[]) =>
      lines(
        'import sys',
        '_busy = False',
        'def _log(args):',
        '    with open("/tmp/log", "a") as f:',
        '        f.write(str(args))',
        'def hook(event, args):',
        ...guard,
        '    if event == "open":',
        '        _log(args)',
        'sys.addaudithook(hook)',
      );
    assert.deepEqual(await codes(body(['    if _busy:', '        return']), 'hook-reentry'), []);
    const unguarded = await codes(body([]), 'hook-reentry');
    assert.equal(unguarded.length, 1);
    assert.match(unguarded[0].message, /open\(\) raises 'open'/);
  });

  test('a chain longer than the depth limit ends without a finding past it', async () => {
    const helpers = Array.from({ length: 8 }, (_, i) => [`def _h${i}(args):`, i < 7 ? `    return _h${i + 1}(args)` : '    return args[9]']).flat();
    const text = lines('import sys', ...helpers, 'def hook(event, args):', '    if event == "open":', '        _h0(args)', 'sys.addaudithook(hook)');
    assert.deepEqual(await codes(text, 'index-range'), []);
    const short = text.replace('    return _h1(args)', '    return args[9]');
    assert.equal((await codes(short, 'index-range')).length, 1);
  });

  test('inlay hints in a helper: one name where the call sites agree, none where they disagree', async () => {
    const text = lines(
      'import sys',
      'def _pair(args):',
      '    a, b = args',
      'def _delete(args):',
      '    p, fd = args',
      'def hook(event, args):',
      '    if event == "os.rename":',
      '        _pair(args)',
      '    elif event == "socket.bind":',
      '        _pair(args)',
      '    elif event == "os.remove":',
      '        _delete(args)',
      '    elif event == "os.rmdir":',
      '        _delete(args)',
      'sys.addaudithook(hook)',
    );
    const ctx = await context(text);
    const labels = inlayHints(ctx, { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } }).map((h) => `${h.position.line}:${h.label}`);
    // _pair: os.rename (src, dst, ...) and socket.bind (self, address) disagree: no hint there.
    assert.ok(!labels.some((l) => l.startsWith('2:')), labels.join(' '));
    // _delete: os.remove and os.rmdir both name them (path, dir_fd): one hint each; dir_fd's
    // observed types agree (int), path's do not (bytes or str / str): the name alone there.
    assert.deepEqual(labels.filter((l) => l.startsWith('4:')), ['4:: path', '4:: dir_fd (int)']);
  });

  test('in a large file (analyzed from an excerpt) a caller far from the hook still silences the helper', async () => {
    const filler = Array.from({ length: 150 }, (_, i) => `def f${i}(x):\n    return x + ${i}`);
    const hookPart = ['import sys', 'def _check_open(args):', '    return args[3]', 'def hook(event, args):', '    if event == "open":', '        _check_open(args)', 'sys.addaudithook(hook)'];
    const quiet = lines(...hookPart, ...filler, 'def main():', '    _check_open(("a", "b", "c", "d"))');
    assert.deepEqual(await codes(quiet, 'index-range'), []);
    const loud = lines(...hookPart, ...filler);
    assert.equal((await codes(loud, 'index-range')).length, 1);
  });

  test('the model records the hand-off blocks as plain data; an inferred helper gives way to the walk', async () => {
    const model = await analyze(
      lines(
        'import sys',
        'def _walk(event, args):',
        '    if event == "os.chmod":',
        '        path, mode, dir_fd, follow = args',
        'def hook(event, args):',
        '    _walk(event, args)',
        'sys.addaudithook(hook)',
      ),
    );
    assert.deepEqual(model.hooks.map((h) => h.name), ['hook']);
    const blocks = model.hooks[0].blocks.filter((b) => b.handOff);
    assert.deepEqual(blocks.map((b) => b.events.map((e) => e.value)), [['os.chmod']]);
    assert.equal(blocks[0].handOff!.call, '_walk(event, args)');
    assert.deepEqual(JSON.parse(JSON.stringify(model)), model, 'the model survives JSON: plain data');
  });
});

const HOOKS = lines(
  'import sys',
  'import policy',
  'from policy import check_exec, check_open',
  'def audit(event, args):',
  '    if event == "open":',
  '        check_open(args)',
  '    elif event == "exec":',
  '        check_exec(args)',
  '    else:',
  '        policy.decide(event, args)',
  'sys.addaudithook(audit)',
);
const POLICY = lines(
  'def check_open(args):',
  '    return args[4]',
  'def check_exec(args):',
  '    (code,) = args',
  'def decide(event, args):',
  '    if event == "socket.getaddrinfo":',
  '        host, port = args',
  'def unrelated(x):',
  '    return x[9]',
);

describe('hand-off into other workspace files (engine: the CLI path)', () => {
  test("the hook's file records where it hands off; the helper's file is checked with those events", async () => {
    const model = await analyze(HOOKS);
    assert.deepEqual(
      model.handOffs.map((h) => [h.module, h.name, h.event, h.args, h.events]),
      [
        ['policy', 'check_open', null, 0, ['open']],
        ['policy', 'check_exec', null, 0, ['exec']],
        ['policy', 'decide', 0, 1, null],
      ],
    );
    const dir = tempTree('handoff-engine', { 'pyproject.toml': '[tool.audit-events]\npython-version = "3.13"\n', 'hooks.py': HOOKS, 'policy.py': POLICY });
    const checked = await workspace().checkPaths([dir]);
    const policy = checked.contexts.find((c) => c.uri.endsWith('/policy.py'))!;
    const found = findings(policy).filter((f) => f.effectiveSeverity !== 'hint');
    assert.deepEqual(
      found.map((f) => [f.code, f.range.start.line]),
      [
        ['index-range', 1],
        ['unpack-arity', 6],
      ],
    );
    assert.equal(found[0].related![0].uri, pathToFileURL(join(dir, 'hooks.py')).href);
    assert.match(found[0].related![0].message, /reached from check_open\(args\) when the event is 'open'/);
    const hooks = checked.contexts.find((c) => c.uri.endsWith('/hooks.py'))!;
    assert.deepEqual(findings(hooks).filter((f) => f.effectiveSeverity !== 'hint'), []);
  });

  test('a helper its own module also calls with other values stays quiet', async () => {
    const dir = tempTree('handoff-engine-quiet', {
      'pyproject.toml': '[tool.audit-events]\npython-version = "3.13"\n',
      'hooks.py': HOOKS,
      'policy.py': POLICY + 'check_open(("p", "r", 0, 1, 2))\n',
    });
    const checked = await workspace().checkPaths([dir]);
    const policy = checked.contexts.find((c) => c.uri.endsWith('/policy.py'))!;
    assert.deepEqual(
      findings(policy).map((f) => [f.code, f.range.start.line]),
      [['unpack-arity', 6]],
    );
  });
});

describe('hand-off into other workspace files (bundled server over stdio)', () => {
  let client: LspClient;
  // Made in the describe body: a folder made in `before` would be removed as soon as it returns.
  const root = tempTree('handoff-lsp', { 'pyproject.toml': '[tool.audit-events]\npython-version = "3.13"\n', 'hooks.py': HOOKS, 'policy.py': POLICY });
  before(async () => {
    client = new LspClient({ rootPath: root, settings: {} });
    await client.initialize();
  });
  after(() => client.shutdown());

  test("opening the helper's module shows the findings of the hook's hand-offs, pointing back to the hook's call", async () => {
    const uri = pathToFileURL(join(root, 'policy.py')).href;
    client.open(uri, POLICY);
    const p = await client.waitFor('textDocument/publishDiagnostics', (x) => x.uri === uri && x.diagnostics.some((d: any) => d.code === 'index-range'));
    const diags = p.diagnostics.filter((d: any) => d.severity !== 4);
    assert.deepEqual(diags.map((d: any) => [d.code, d.range.start.line]), [
      ['index-range', 1],
      ['unpack-arity', 6],
    ]);
    assert.match(diags[0].message, /'open' takes 3 arguments/);
    assert.equal(diags[0].relatedInformation[0].location.uri, pathToFileURL(join(root, 'hooks.py')).href);
    assert.equal(diags[0].relatedInformation[0].location.range.start.line, 5);
  });
});

describe('hand-off in C hooks (engine)', () => {
  const c = (extra: string) =>
    lines(
      '#include <Python.h>',
      '#include <string.h>',
      'static int is_process(const char *name) {',
      '    return strcmp(name, "os.popen") == 0 || strcmp(name, "os.system") == 0;',
      '}',
      'static int first_is_int(PyObject *tuple) {',
      '    return PyLong_Check(PyTuple_GET_ITEM(tuple, 5));',
      '}',
      'static int hook(const char *event, PyObject *args, void *data) {',
      '    if (strcmp(event, "os.system") == 0) return first_is_int(args);',
      '    return is_process(event) ? -1 : 0;',
      '}',
      extra,
      'int install(void) { return PySys_AddAuditHook(hook, NULL); }',
    );
  const opts = { language: 'c' as const, uri: 'file:///work/test/hook.c' };

  test("names compared in a classifier the C hook calls get the hook's checks; args indexed in a helper reached for os.system is checked", async () => {
    const found = (await diagnose(c(''), opts)).filter((f) => f.effectiveSeverity !== 'hint');
    assert.deepEqual(found.map((f) => [f.code, f.range.start.line]), [
      ['unknown-event', 3],
      ['index-range', 6],
    ]);
    assert.match(found[0].message, /os\.popen\(\) raises .*'subprocess\.Popen'/);
    assert.match(found[1].message, /'os\.system' takes 1 argument/);
    assert.match(found[1].related![0].message, /reached from first_is_int\(args\) when the event is 'os\.system'/);
  });

  test('a classifier also called with other strings says nothing', async () => {
    const found = (await diagnose(c('int other(void) { return is_process("x") + first_is_int(NULL); }'), opts)).filter((f) => f.effectiveSeverity !== 'hint');
    assert.deepEqual(found, []);
  });
});
