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

  test('an API name gets the event the API raises, never a near spelling of another API (issue 12 §6)', async () => {
    // os.popen is one edit from os.open, whose event 'open' would block every file open.
    const [popen] = await codes(hook(['if event == "os.popen": pass']), 'unknown-event', { version: '3.12' });
    assert.match(popen.message, /os\.popen\(\) raises 'open' and 'subprocess\.Popen', its own being 'subprocess\.Popen'/);
    assert.doesNotMatch(popen.message, /Did you mean 'open'/);
    assert.deepEqual(popen.replacements, ['subprocess.Popen', 'open']);
    const [removedirs] = await codes(hook(['if event == "os.removedirs": pass']), 'unknown-event');
    assert.match(removedirs.message, /raises 'os\.rmdir'.*Did you mean 'os\.rmdir'\?/);
    // Raises only version-limited events: none of them is its own, and no fix is offered.
    const [iterdir] = await codes(hook(['if event == "threading.Thread.start": pass']), 'unknown-event', { version: '3.13' });
    assert.match(iterdir.message, /'_thread\.start_joinable_thread'/);
    // Seen raising nothing: said so, no guess.
    const [access] = await codes(hook(['if event == "os.access": pass']), 'unknown-event');
    assert.match(access.message, /os\.access\(\) was seen raising none/);
    assert.equal(access.replacements, undefined);
    // The events themselves are silent.
    assert.deepEqual(await codes(hook(['if event in ("os.system", "subprocess.Popen", "os.rmdir"): pass']), 'unknown-event'), []);
  });

  test('names outside CPython\'s modules that nothing raises get a hint, typos a warning (issue 12 §7)', async () => {
    const found = await codes(hook(['if event in ("agentbox.env_read", "spython.open_code", "sokcet.connect", "shelve.open"): pass']), 'unknown-event');
    const by = (n: string) => found.find((f) => f.message.startsWith(`'${n}'`))!;
    assert.equal(by('agentbox.env_read').severity, 'hint');
    assert.match(by('agentbox.env_read').message, /declare it in customEvents/);
    assert.equal(by('spython.open_code').severity, 'hint');
    assert.equal(by('sokcet.connect').severity, 'warning');
    assert.match(by('sokcet.connect').message, /Did you mean 'socket\.connect'\?/);
    // shelve is CPython's (shelve.open is an API) even though it raises no event of its own.
    assert.equal(by('shelve.open').severity, 'warning');
    // Declared, a library's event is known.
    assert.deepEqual(await codes(hook(['if event == "agentbox.env_read": pass']), 'unknown-event', { settings: { customEvents: { 'agentbox.env_read': ['name'] } } }), []);
  });

  test('startswith prefixes that no event starts with (issue 12 §4)', async () => {
    const found = await codes(hook(['if event.startswith(("pikle.", "socket.", "os.unlink", "agentbox.", "sys.set_asyncgen_hooks", "cpython.run_")): pass']), 'unknown-event');
    const by = (n: string) => found.find((f) => f.message.includes(`'${n}'`))!;
    assert.match(by('pikle.').message, /starts with 'pikle\.'.*Did you mean 'pickle\.'\?/);
    assert.equal(by('pikle.').severity, 'warning');
    assert.match(by('os.unlink').message, /os\.unlink\(\) raises 'os\.remove'/);
    assert.match(by('sys.set_asyncgen_hooks').message, /'sys\.set_asyncgen_hook/);
    assert.equal(by('agentbox.').severity, 'hint');
    assert.equal(found.filter((f) => f.severity !== 'hint').length, 3, found.map((f) => f.message).join('\n'));
    // A prefix of a workspace event is known.
    const own = await codes(hook(['if event.startswith("myapp."): pass']), 'unknown-event', { others: { 'file:///work/test/lib.py': 'import sys\nsys.audit("myapp.login", 1)\n' } });
    assert.deepEqual(own, []);
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

  test('a function shaped like a hook is one before it is registered (issue 12 §2, issue 16 item 1)', async () => {
    const [f] = await codes('def f(event, args):\n    if event == "os.rmove": pass\n', 'unknown-event');
    assert.match(f.message, /Did you mean 'os\.remove'\?/);
  });

  test('a comparison in a function that is not shaped like a hook is silent', async () => {
    // The second parameter read as a mapping: not an args tuple.
    assert.deepEqual(await codes('def f(event, data):\n    if event == "os.rmove": return data["path"]\n', 'unknown-event'), []);
    // Names that look like no audit event: a UI handler.
    assert.deepEqual(await codes('def f(name, data):\n    if name == "click": return data[0]\n    if name == "open": return data[1]\n    if name == "close": return data[2]\n', 'unknown-event'), []);
    // A module-level set the handler tests (unittest.mock's __setattr__ shape).
    assert.deepEqual(await codes('ALLOWED = {"return_value", "side_effect"}\nclass M:\n    def __setattr__(self, name, value):\n        if name in ALLOWED: return value[0]\n', 'unknown-event'), []);
    // The first parameter never compared with a string.
    assert.deepEqual(await codes('def f(event, args):\n    x = ["os.rmove"]\n    return event, args\n', 'unknown-event'), []);
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
