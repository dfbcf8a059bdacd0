import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { completion } from '../src/features/completion';
import { codeActions, identifiers } from '../src/features/codeActions';
import { hover } from '../src/features/hover';
import { inlayHints } from '../src/features/inlayHints';
import { signatureHelp } from '../src/features/signatureHelp';
import { context, positionOf } from './helpers/engine';

// Unit tests of the feature modules on real analysis; the protocol tests cover the wiring.

describe('completion (unit)', () => {
  test('sorts raised events before the ones the evidence does not confirm for the version', async () => {
    const text = 'import sys\nsys.audit("")\n';
    const ctx = await context(text, { version: '3.8' });
    const list = completion(ctx, positionOf(text, '""', 1))!;
    const sort = (label: string) => list.items.find((i) => i.label === label)!.sortText!;
    assert.ok(sort('open') < sort('os.chflags'), 'open is observed on 3.8; os.chflags has no 3.8 evidence either way');
    assert.ok(sort('os.chflags') < sort('ctypes.PyObj_FromPtr'), 'a public event before an internal one');
    assert.ok(!list.items.some((i) => i.label === 'time.sleep'));
  });

  test('nothing outside event strings: a plain string, a comment, a non-hook comparison', async () => {
    // f's second parameter is read as a mapping: f is not shaped like a hook (issue 12 §2).
    const text = 'import sys\nx = "open"\n# "open"\ndef f(event, args):\n    return event == "open" and args["path"]\n';
    const ctx = await context(text);
    for (const marker of ['"open"\n#', '# "open', 'event == "open']) {
      const offset = marker.indexOf('open') + 1;
      assert.equal(completion(ctx, positionOf(text, marker, offset)), null, marker);
    }
  });

  test('a half-typed string with no closing quote', async () => {
    const text = 'import sys\nsys.audit("sock\n';
    const ctx = await context(text);
    const list = completion(ctx, positionOf(text, 'sock', 4))!;
    const item = list.items.find((i) => i.label === 'socket.connect')!;
    assert.deepEqual((item.textEdit as any).range, { start: positionOf(text, 'sock'), end: positionOf(text, 'sock', 4) });
  });
});

describe('hover, signature help, inlay hints (unit)', () => {
  test('hover on an event the catalog does not know, with no workspace raise', async () => {
    const text = 'import sys\ndef h(event, args):\n    if event == "nobody.raises": pass\nsys.addaudithook(h)\n';
    const h = hover(await context(text), positionOf(text, 'nobody', 1))!;
    assert.match((h.contents as any).value, /not an audit event/);
  });

  test('hover lists every event of a block that handles several', async () => {
    const text = 'import sys\ndef h(event, args):\n    if event in ("os.remove", "os.rmdir"):\n        p, fd = args\nsys.addaudithook(h)\n';
    const h = hover(await context(text), positionOf(text, 'fd =', 0))!;
    assert.match((h.contents as any).value, /\*\*dir_fd\*\*: argument 2 of 2 of `os\.remove`[\s\S]*\*\*dir_fd\*\*: argument 2 of 2 of `os\.rmdir`/);
  });

  test('signature help for a custom event declared in settings', async () => {
    const text = 'import sys\nsys.audit("myapp.login", u, )\n';
    const ctx = await context(text, { settings: { customEvents: { 'myapp.login': ['user', 'ip'] } } });
    const s = signatureHelp(ctx, positionOf(text, 'u, )', 3))!;
    assert.equal(s.signatures[0].label, 'myapp.login(user, ip)');
    assert.equal(s.activeParameter, 1);
  });

  test('inlay hints after a *rest count from the end; none for placeholder names', async () => {
    const text = 'import sys\ndef h(event, args):\n    if event == "open":\n        first, *rest, last = args\n    if event == "_thread.start_joinable_thread":\n        a, b, c = args\nsys.addaudithook(h)\nsys.audit("_thread.start_joinable_thread", f, d, hnd)\n';
    const hints = inlayHints(await context(text, { version: '3.13' }), { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } });
    assert.deepEqual(hints.map((h) => h.label), [': path (bytes | int | str)', ': flags (int)']);
  });

  test('hover on args[i] and on names bound from it: the argument and its observed types', async () => {
    const text = [
      'import sys',
      'def h(event, args):',
      '    if event == "socket.connect":',
      '        print(args[0])',
      '        target = args[1]',
      '        print(target[0])',
      '    if event == "myapp.login":',
      '        print(args[0])',
      'sys.addaudithook(h)',
      '',
    ].join('\n');
    const ctx = await context(text, { settings: { customEvents: { 'myapp.login': ['user'] } } });
    const value = (marker: string, offset = 0) => (hover(ctx, positionOf(text, marker, offset))!.contents as any).value as string;
    assert.equal(value('args[0])'), "**self**: argument 1 of 2 of `socket.connect` (self, address) — `self: socket.socket` (the types seen on real interpreters)");
    assert.match(value('target ='), /^\*\*address\*\*: argument 2 of 2 of `socket\.connect` \(self, address\) — `address: bytes \| str \| tuple`/);
    assert.match(value('print(target', 6), /`address: bytes \| str \| tuple`/, 'where the bound name is used');
    assert.equal(hover(ctx, positionOf(text, 'print(args', 1)), null);
    const custom = value('args[0])\nsys');
    assert.equal(custom, '**user**: argument 1 of 1 of `myapp.login` (user)', 'a custom event: no types claimed');
  });

  test('inlay hints: args[i] gets name and types, a bound name its types (or name and types), args[i] bound from gets none', async () => {
    const text = [
      'import sys',
      'def h(event, args):',
      '    if event == "socket.connect":',
      '        print(args[0])',
      '        target = args[1]',
      '    if event == "open":',
      '        mode = args[1]',
      '    if event in ("os.remove", "os.rmdir"):',
      '        p, dir_fd = args',
      '    if event in ("socket.connect", "open"):',
      '        print(args[0])',
      '    if event == "myapp.login":',
      '        print(args[0])',
      '        user = args[0]',
      'sys.addaudithook(h)',
      '',
    ].join('\n');
    const ctx = await context(text, { version: '3.13', settings: { customEvents: { 'myapp.login': ['user'] } } });
    const hints = inlayHints(ctx, { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } });
    assert.deepEqual(
      hints.map((h) => `${h.position.line}:${h.position.character}:${h.label}`),
      ['3:21:self: socket.socket', '4:14:: address (bytes | str | tuple)', '6:12:: str | None', '8:9:: path', '8:17:: int'],
    );
  });
});

describe('subaudit listeners (unit)', () => {
  test('inlay hints and hover name the event arguments a callback receives', async () => {
    const text = 'import subaudit\ndef on_remove(p, fd):\n    pass\nwith subaudit.listening("os.remove", on_remove): pass\nsubaudit.subscribe("open", lambda f, m, fl: None)\n';
    const ctx = await context(text);
    const hints = inlayHints(ctx, { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } });
    assert.deepEqual(hints.map((h) => h.label), [': path', ': dir_fd', ': path', ': mode', ': flags']);
    const h = hover(ctx, positionOf(text, 'fd):'))!;
    assert.match((h.contents as any).value, /\*\*dir_fd\*\*: argument 2 of 2 of `os\.remove`/);
  });
});

describe('code actions (unit)', () => {
  test('identifiers from argument names', () => {
    assert.deepEqual(identifiers(['module-name', 'class', 'x', 'x', '1st']), ['module_name', 'class_', 'x', 'x_2', '_1st']);
  });

  test('no did-you-mean edit for a name that comes from a constant (no string to rewrite there)', async () => {
    const text = 'import sys\nEV = "os.rmove"\ndef h(event, args):\n    if event == EV: pass\nsys.addaudithook(h)\n';
    const ctx = await context(text);
    const range = { start: positionOf(text, 'EV:'), end: positionOf(text, 'EV:', 2) };
    const d = { range, message: '', source: 'audit-events', code: 'unknown-event', data: { replacements: ['os.remove'] } };
    // The only quick fix left is the suppression comment: nothing rewrites the constant's name here.
    assert.deepEqual(codeActions(ctx, range, [d], ['quickfix']).map((a) => a.title), ["Ignore 'unknown-event' on this line"]);
  });
});
