import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { codes, hook, positionOf } from '../helpers/engine';


describe('unpack-arity', () => {
  test('the SPEC example: on the unpacking target, with argument names', async () => {
    const src = hook(['if event == "open":', '    path, mode = args']);
    const [f, ...rest] = await codes(src, 'unpack-arity');
    assert.equal(rest.length, 0);
    assert.equal(f.message, "'open' takes 3 arguments (path, mode, flags); this unpacks 2 (path, mode)");
    assert.deepEqual(f.range.start, positionOf(src, 'path, mode ='));
    assert.deepEqual(f.range.end, positionOf(src, 'path, mode =', 'path, mode'.length));
  });

  test('every narrowing form', async () => {
    const variants = [
      ['if "open" == event:', '    a, b = args'],
      ['if event in ("open", "os.remove"):', '    a, b, c, d = args'],
      ['if event in ["open"]:', '    (a, b) = args'],
      ['if event in {"open"}:', '    [a, b] = args'],
      ['if event in frozenset({"open"}):', '    a, b = args'],
      ['if event == "x":', '    pass', 'elif event == "open":', '    a, b = args'],
      ['match event:', '    case "open" | "io.open_code":', '        a, b = args'],
      ['if event != "open":', '    return', 'a, b = args'],
      ['if event not in ("open",):', '    return', 'a, b = args'],
      ['if event == "open" and args:', '    a, b = args'],
      ['if event == "open":', '    payload = args', '    a, b = payload'],
      ['if event == "open":', '    a, b, c, d, *rest = args'],
    ];
    for (const v of variants) {
      const found = await codes(hook(v), 'unpack-arity');
      assert.equal(found.length, 1, `not found for: ${v.join(' / ')}`);
    }
  });

  test('module-level collections used by the hook narrow too', async () => {
    const src = ['import sys', 'FILES = ("open",)', 'def hook(event, args):', '    if event in FILES:', '        a, b = args', 'sys.addaudithook(hook)'].join('\n');
    assert.equal((await codes(src, 'unpack-arity')).length, 1);
  });

  test('events that disagree are listed each with its count', async () => {
    const src = hook(['if event in ("open", "os.remove"):', '    a, b = args']);
    const [f] = await codes(src, 'unpack-arity');
    assert.match(f.message, /'open' 3 arguments \(path, mode, flags\), 'os\.remove' 2 arguments \(path, dir_fd\); this unpacks 2 \(a, b\), wrong for 'open'/);
  });

  test('right unpackings and unnarrowed code are silent', async () => {
    const variants = [
      ['if event == "open":', '    path, mode, flags = args'],
      ['if event == "open":', '    path, *rest = args'],
      ['if event in ("os.remove", "os.rmdir"):', '    path, dir_fd = args'],
      ['a, b = args'],
      ['if event.startswith("os."):', '    a, b = args'],
      ['if event == "open" or flag:', '    a, b = args'],
      ['if event == "open":', '    args = args[1:]', '    a, b = args'],
      ['if event == "myapp.custom":', '    a, b = args'],
    ];
    for (const v of variants) assert.deepEqual(await codes(hook(v), 'unpack-arity'), [], v.join(' / '));
    // Not raised by the target version: that is a `version` finding, not an arity one.
    assert.deepEqual(await codes(hook(['if event == "time.sleep":', '    secs, extra = args']), 'unpack-arity', { version: '3.11' }), []);
  });

  test('a custom event the workspace raises with one arity is checked too', async () => {
    const src = hook(['if event == "myapp.login":', '    user, ip, port = args']);
    const others = { 'file:///work/test/auth.py': 'import sys\nsys.audit("myapp.login", user, ip)\nsys.audit("myapp.login", u, i)\n' };
    const [f] = await codes(src, 'unpack-arity', { others });
    assert.equal(f.message, "'myapp.login' takes 2 arguments (user, ip); this unpacks 3 (user, ip, port)");
    const inconsistent = { 'file:///work/test/auth.py': 'import sys\nsys.audit("myapp.login", user, ip)\nsys.audit("myapp.login", u)\n' };
    assert.deepEqual(await codes(src, 'unpack-arity', { others: inconsistent }), [], 'no arity to hold it to');
  });

  test('a function shaped like a hook is checked before it is registered (issue 12 §2)', async () => {
    const src = 'def helper(event, args):\n    if event == "open":\n        a, b = args\n';
    const [f] = await codes(src, 'unpack-arity');
    assert.match(f.message, /'open' takes 3 arguments/);
  });

  test('a generic handler whose names are not audit events is silent', async () => {
    const src = 'def on_message(topic, message):\n    if topic == "order.created":\n        a, b = message\n    if topic.startswith("user."):\n        return message[0]\n';
    assert.deepEqual(await codes(src, 'unpack-arity'), []);
  });

  test('the arity of the target version; the message names where the count is right', async () => {
    const src = hook(['if event == "shutil.rmtree":', '    (path,) = args']);
    assert.deepEqual(await codes(src, 'unpack-arity', { version: '3.10' }), []);
    const [f] = await codes(src, 'unpack-arity', { version: '3.12' });
    assert.match(f.message, /in 3\.12; this unpacks 1 \(path\), which is right for 3\.8–3\.10 \(path\)/);
  });
});
