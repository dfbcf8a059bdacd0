import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { findings } from '../src/features/diagnostics';
import { analyze, positionOf, workspace } from './helpers/engine';
import { tempDir } from './helpers/tempDir';

describe('raise sites (SPEC §3)', () => {
  test('every import form; sys.audit without an import still counts', async () => {
    const src = [
      'import sys as s',
      'from sys import audit',
      'from sys import audit as emit',
      'import sysaudit, subaudit as sa',
      's.audit("a")',
      'audit("b")',
      'emit("c")',
      'sysaudit.audit("d")',
      'sa.audit("e")',
    ].join('\n');
    const m = await analyze(src);
    assert.deepEqual(m.raiseSites.map((r) => r.event?.value), ['a', 'b', 'c', 'd', 'e']);
    assert.deepEqual((await analyze('sys.audit("x")')).raiseSites.map((r) => r.event?.value), ['x']);
  });

  test('not raise sites: other objects\' audit, comments, strings, a rebound name', async () => {
    const src = [
      'import sys',
      'logger.audit("a")',
      'self.audit("b")',
      '# sys.audit("c")',
      'text = "sys.audit(\'d\')"',
      'def audit(x): pass',
      'audit("e")',
    ].join('\n');
    assert.deepEqual((await analyze(src)).raiseSites, []);
  });

  test('literal forms: quotes, prefixes, implicit concatenation, f-strings without placeholders', async () => {
    const src = [
      'import sys',
      "sys.audit('a.b')",
      'sys.audit(r"raw\\n")',
      'sys.audit(u"uni")',
      'sys.audit("os." "remove")',
      'sys.audit(f"plain")',
      'sys.audit(f"{{braces}}")',
      'sys.audit("""triple""")',
      'sys.audit(f"dyn.{x}")',
      'sys.audit(name)',
      'sys.audit("esc\\x41")',
    ].join('\n');
    const values = (await analyze(src)).raiseSites.map((r) => r.event?.value ?? null);
    assert.deepEqual(values, ['a.b', 'raw\\n', 'uni', 'os.remove', 'plain', '{braces}', 'triple', null, null, 'escA']);
  });

  test('arity: positional count, starred as "at least", keywords apart', async () => {
    const m = await analyze('import sys\nsys.audit("e", 1, 2)\nsys.audit("e", *a)\nsys.audit("e", 1, *a, k=2)\n');
    assert.deepEqual(m.raiseSites.map((r) => r.arity), [{ count: 2, atLeast: false }, { count: 0, atLeast: true }, { count: 1, atLeast: true }]);
    assert.deepEqual(m.raiseSites[2].keywordArgs.map((k) => k.name), ['k']);
  });

  test('ranges are UTF-16 columns, with non-ASCII text and tabs before them', async () => {
    const src = 'import sys\n\tx = "é😀"; sys.audit("open", "ü")\n';
    const site = (await analyze(src)).raiseSites[0];
    // \t x ␠ = ␠ " é 😀(2 units) " ; ␠ s y s . a u d i t ( → the quote at 22
    assert.deepEqual(site.event!.range.start, { line: 1, character: 22 });
    assert.deepEqual(site.event!.contentRange, { start: { line: 1, character: 23 }, end: { line: 1, character: 27 } });
    assert.deepEqual(site.event!.range.start, positionOf(src, '"open"'));
  });
});

describe('hooks (SPEC §3)', () => {
  const hookNames = async (src: string) => (await analyze(src)).hooks.map((h) => `${h.kind}:${h.name}:${h.eventParam},${h.argsParam}`);

  test('def, nested def, lambda, bound method, Cls.static, __call__ instance', async () => {
    const src = [
      'import sys',
      'def top(event, args): pass',
      'def install():',
      '    def nested(ev, a): pass',
      '    sys.addaudithook(nested)',
      'class Auditor:',
      '    def __call__(self, event, args): pass',
      '    def on(self, e, a): pass',
      '    @staticmethod',
      '    def st(e, a): pass',
      '    def setup(self):',
      '        sys.addaudithook(self.on)',
      'sys.addaudithook(top)',
      'sys.addaudithook(lambda e, a: None)',
      'sys.addaudithook(Auditor.st)',
      'sys.addaudithook(Auditor())',
      'auditor = Auditor()',
      'sys.addaudithook(auditor)',
    ].join('\n');
    assert.deepEqual(await hookNames(src), [
      'def:nested:ev,a',
      'method:on:e,a',
      'def:top:event,args',
      'lambda:lambda:e,a',
      'method:st:e,a',
      'call-instance:Auditor.__call__:event,args',
    ]);
    const m = await analyze(src);
    assert.equal(m.hooks[5].registrations.length, 2, 'one hook registered twice');
  });

  test('*args hooks: def hook(*a) with event, args = a', async () => {
    const src = 'import sys\ndef h(*a):\n    event, args = a\n    if event == "open":\n        x, y = args\nsys.addaudithook(h)\n';
    const m = await analyze(src);
    assert.equal(m.hooks[0].blocks[0].events[0].value, 'open');
    assert.equal(m.hooks[0].blocks[0].argsUses.length, 1);
    const a0 = await analyze('import sys\ndef h(*a):\n    if a[0] == "open":\n        print(a[1][5])\nsys.addaudithook(h)\n');
    assert.equal(a0.hooks[0].blocks[0].events[0].value, 'open');
  });

  test('a hook imported from another workspace file is analyzed in its own file', async () => {
    const dir = tempDir('model');
    mkdirSync(join(dir, 'pkg'));
    const hooks = 'def audit_hook(event, args):\n    if event == "open":\n        path, mode = args\n';
    writeFileSync(join(dir, 'pkg', 'hooks.py'), hooks);
    writeFileSync(join(dir, 'pkg', '__init__.py'), '');
    const app = 'import sys\nfrom pkg.hooks import audit_hook\nfrom .hooks import audit_hook as again\nsys.addaudithook(audit_hook)\n';
    writeFileSync(join(dir, 'pkg', 'app.py'), app);
    const appModel = await analyze(app);
    assert.deepEqual(appModel.importedHooks.map((i) => [i.module, i.level, i.name]), [['pkg.hooks', 0, 'audit_hook']]);

    // The engine's own pipeline: the first pass finds the import, the second analyzes hooks.py as a hook.
    const ws = workspace();
    const { contexts } = await ws.checkPaths([dir]);
    const hooksUri = pathToFileURL(join(dir, 'pkg', 'hooks.py')).href;
    assert.deepEqual([...ws.index.externalHooksFor(hooksUri)], ['audit_hook']);
    const hooksCtx = contexts.find((c) => c.uri === hooksUri)!;
    assert.equal(hooksCtx.model.hooks[0].kind, 'imported');
    const found = findings(hooksCtx);
    assert.deepEqual(found.map((f) => f.code), ['unpack-arity']);
  });
});

describe('narrowing (SPEC §3)', () => {
  const blocks = async (body: string[]) => {
    const src = ['import sys', 'def hook(event, args):', ...body.map((l) => '    ' + l), 'sys.addaudithook(hook)'].join('\n');
    return (await analyze(src)).hooks[0].blocks.map((b) => ({
      events: b.events.map((e) => e.value).join('|'),
      prefixes: b.prefixes.map((e) => e.value).join('|'),
      uses: b.argsUses.length,
    }));
  };

  test('if/elif/else chains, with negation carried into elif', async () => {
    const got = await blocks(['if event == "a":', '    x = args[0]', 'elif event in ("b", "c"):', '    y = args[0]', 'else:', '    z = args[0]']);
    assert.deepEqual(got, [
      { events: 'a', prefixes: '', uses: 1 },
      { events: 'b|c', prefixes: '', uses: 1 },
    ]);
  });

  test('match/case with | and as, case _ not narrowed', async () => {
    const got = await blocks(['match event:', '    case "a" | "b" as name:', '        x = args[0]', '    case _:', '        y = args[0]']);
    assert.deepEqual(got, [{ events: 'a|b', prefixes: '', uses: 1 }]);
  });

  test('and-combined, or of equalities, nested ifs intersect', async () => {
    assert.deepEqual(await blocks(['if event == "a" and len(args) > 1:', '    x = args[0]']), [{ events: 'a', prefixes: '', uses: 1 }]);
    assert.deepEqual(await blocks(['if event == "a" or event == "b":', '    x = args[0]']), [{ events: 'a|b', prefixes: '', uses: 1 }]);
    const nested = await blocks(['if event in ("a", "b"):', '    if event != "a":', '        return', '    x = args[0]']);
    assert.deepEqual(nested.find((b) => b.uses === 1), { events: 'a', prefixes: '', uses: 1 });
  });

  test('startswith prefixes (also a tuple of prefixes)', async () => {
    const got = await blocks(['if event.startswith(("os.", "shutil.")):', '    x = args[0]']);
    assert.deepEqual(got, [{ events: '', prefixes: 'os.|shutil.', uses: 1 }]);
  });

  test('conditional expressions and `and` in lambdas', async () => {
    const m = await analyze('import sys\nsys.addaudithook(lambda e, a: e == "open" and print(a[1]))\n');
    assert.equal(m.hooks[0].blocks[0].events[0].value, 'open');
    assert.equal(m.hooks[0].blocks[0].argsUses.length, 1);
  });
});

describe('collections, dispatch tables, listeners', () => {
  test('a module-level set the hook tests: its strings are mentions', async () => {
    const src = 'import sys\nWATCH = frozenset(["open", "os.remove"])\nTABLE = {"exec": 1}\ndef h(event, args):\n    if event in WATCH: pass\n    TABLE[event]\nsys.addaudithook(h)\n';
    const m = await analyze(src);
    assert.deepEqual(m.mentions.map((x) => `${x.role}:${x.name.value}`), ['collection:open', 'collection:os.remove', 'collection:exec']);
  });

  test('a collection no hook tests is not one', async () => {
    assert.deepEqual((await analyze('import sys\nNAMES = {"open", "os.remove"}\n')).mentions, []);
  });

  test('subaudit listeners with def and lambda callbacks', async () => {
    const src = 'from subaudit import listening, subscribe\ndef f(path, mode, flags): pass\nwith listening("open", f): pass\nsubscribe("os.remove", lambda p, fd: None)\n';
    const m = await analyze(src);
    assert.deepEqual(m.listeners.map((l) => [l.api, l.event?.value, l.callback?.kind, l.callback?.params.length]), [
      ['listening', 'open', 'def', 3],
      ['subscribe', 'os.remove', 'lambda', 2],
    ]);
  });
});

describe('half-typed code', () => {
  test('an unterminated string in sys.audit is still a raise mention, at the right place', async () => {
    const src = 'import sys\nsys.audit("os.re\nx = 1\n';
    const m = await analyze(src);
    const mention = m.mentions.find((x) => x.role === 'raise');
    assert.equal(mention?.name.value, 'os.re');
    assert.deepEqual(mention?.name.contentRange, { start: positionOf(src, 'os.re'), end: positionOf(src, 'os.re', 5) });
  });

  test('a comparison typed into a hook before its colon is a mention', async () => {
    const src = 'import sys\ndef hook(event, args):\n    if event == "os."\n    x = 1\nsys.addaudithook(hook)\n';
    const m = await analyze(src);
    assert.ok(m.mentions.some((x) => x.role === 'compare' && x.name.value === 'os.'), JSON.stringify(m.mentions));
  });
});
