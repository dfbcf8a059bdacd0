import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { codes, hook, positionOf } from '../helpers/engine';


describe('unknown-event', () => {
  test('in a hook: a name nothing raises, with did-you-mean', async () => {
    const src = hook(['if event == "os.rmove":', '    pass']);
    const [f] = await codes(src, 'unknown-event');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.range.start, positionOf(src, '"os.rmove"'));
    assert.match(f.message, /'os\.rmove' is not an audit event .*never matches\. Did you mean 'os\.remove'\?/);
    assert.deepEqual(f.replacements?.[0], 'os.remove');
  });

  test('case-insensitive did-you-mean and API names that are not events', async () => {
    const [popen] = await codes(hook(['if event == "subprocess.popen": pass']), 'unknown-event');
    assert.match(popen.message, /Did you mean 'subprocess\.Popen'\?/);
    const [io] = await codes(hook(['if event == "io.open": pass']), 'unknown-event');
    assert.match(io.message, /io\.open\(\) raises 'open'/);
    const [unlink] = await codes(hook(['if event in ("os.unlink",): pass']), 'unknown-event');
    assert.match(unlink.message, /os\.unlink\(\) raises 'os\.remove'/);
  });

  test('in case patterns, collections and dispatch tables the hook uses', async () => {
    const src = [
      'import sys',
      'IGNORED = {"sys._getframe", "objcet.__getattr__"}',
      'HANDLERS = {"open": 1, "os.chmdo": 2}',
      'def hook(event, args):',
      '    if event in IGNORED: return',
      '    h = HANDLERS.get(event)',
      '    match event:',
      '        case "socket.conect": pass',
      'sys.addaudithook(hook)',
    ].join('\n');
    const found = (await codes(src, 'unknown-event')).map((f) => f.message.split("'")[1]);
    assert.deepEqual(found.sort(), ['objcet.__getattr__', 'os.chmdo', 'socket.conect']);
  });

  test('known names are silent: catalog (any version), settings, workspace raises', async () => {
    const src = hook([
      'if event in ("open", "nntplib.connect", "time.sleep", "myapp.declared", "myapp.raised", "myapp.elsewhere"): pass',
    ]) + '\nsys.audit("myapp.raised")\n';
    const found = await codes(src, 'unknown-event', {
      settings: { customEvents: { 'myapp.declared': [] } },
      others: { 'file:///work/test/other.py': 'import sys\nsys.audit("myapp.elsewhere", 1)\n' },
    });
    assert.deepEqual(found, []);
  });

  test('a comparison in a function that is not a hook is silent', async () => {
    assert.deepEqual(await codes('def f(event, args):\n    if event == "os.rmove": pass\n', 'unknown-event'), []);
  });

  test('at a raise site: only a near miss in a CPython namespace, as information', async () => {
    const src = 'import sys\nsys.audit("os.rmove", p, None)\nsys.audit("Open", p, "r", 0)\n';
    const found = await codes(src, 'unknown-event');
    assert.equal(found.length, 2);
    assert.equal(found[0].severity, 'information');
    assert.match(found[0].message, /did you mean 'os\.remove'\?/);
    assert.match(found[1].message, /did you mean 'open'\?/);
  });

  test('at a raise site: the user\'s own events are silent', async () => {
    const src = 'import sys\nsys.audit("myapp.login", u)\nsys.audit("os.custom_thing_of_mine")\nsys.audit("billing")\n';
    assert.deepEqual(await codes(src, 'unknown-event'), []);
  });
});
