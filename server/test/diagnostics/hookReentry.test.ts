import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { catalog, codes, hook, positionOf } from '../helpers/engine';

const version = catalog.newest;

describe('hook-reentry', () => {
  test('open() inside a hook handling open, input() inside one handling builtins.input', async () => {
    const src = hook(['if event == "open":', '    with open("/tmp/log", "a") as fh:', '        fh.write(str(args[0]))']);
    const [f, ...more] = await codes(src, 'hook-reentry', { version });
    assert.deepEqual(more, []);
    assert.deepEqual(f.range.start, positionOf(src, 'open("/tmp'));
    assert.match(f.message, /^open\(\) raises 'open', which 'hook' handles/);
    const prompt = hook(['if event in ("builtins.input", "os.system"):', '    if input("allow? ") != "y":', '        raise PermissionError(event)']);
    const [g] = await codes(prompt, 'hook-reentry', { version });
    assert.match(g.message, /input\(\) raises 'builtins\.input'/);
  });

  test('an API through its module: os.system inside a hook handling os.system', async () => {
    const src = 'import os, sys\ndef hook(event, args):\n    if event == "os.system":\n        os.system("logger seen")\nsys.addaudithook(hook)\n';
    assert.equal((await codes(src, 'hook-reentry', { version })).length, 1);
  });

  test('quiet with a guard before the call, for a call raising events the hook does not handle, and for unknown APIs', async () => {
    const guarded = 'import sys\n_busy = False\ndef hook(event, args):\n    global _busy\n    if _busy:\n        return\n    if event == "open":\n        _busy = True\n        open("/tmp/log", "a").close()\n        _busy = False\nsys.addaudithook(hook)\n';
    assert.deepEqual(await codes(guarded, 'hook-reentry', { version }), []);
    assert.deepEqual(await codes(hook(['if event == "socket.connect":', '    input("connect? ")']), 'hook-reentry', { version }), []);
    assert.deepEqual(await codes(hook(['if event == "open":', '    log.write("x")']), 'hook-reentry', { version }), []);
  });
});
