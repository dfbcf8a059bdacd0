import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { catalog, codes, hook, positionOf } from '../helpers/engine';


describe('index-range', () => {
  test('args[i] past the end, negative too, on the subscript', async () => {
    const src = hook(['if event == "os.remove":', '    x = args[2]', '    y = args[-3]', '    z = args[1] + args[-2]']);
    const found = await codes(src, 'index-range');
    assert.equal(found.length, 2);
    assert.deepEqual(found[0].range.start, positionOf(src, 'args[2]'));
    assert.equal(found[0].message, "'os.remove' takes 2 arguments (path, dir_fd); args[2] is out of range");
  });

  test('through an alias and in a lambda hook', async () => {
    assert.equal((await codes(hook(['if event == "open":', '    p = args', '    p[3]']), 'index-range')).length, 1);
    const lambda = 'import sys\nsys.addaudithook(lambda e, a: print(a[5]) if e == "open" else None)\n';
    assert.equal((await codes(lambda, 'index-range')).length, 1);
  });

  test('in-range indexes, computed indexes and unnarrowed code are silent', async () => {
    const src = hook(['if event == "open":', '    a = args[0]; b = args[2]; c = args[-3]; d = args[i]', 'e = args[7]']);
    assert.deepEqual(await codes(src, 'index-range'), []);
  });

  test('version-dependent: args[1] of shutil.rmtree exists only from 3.11', async () => {
    const src = hook(['if event == "shutil.rmtree":', '    fd = args[1]']);
    assert.deepEqual(await codes(src, 'index-range', { version: '3.11' }), []);
    const [f] = await codes(src, 'index-range', { version: '3.9' });
    assert.ok(f.message.includes(`args[1] is out of range (it exists in 3.11–${catalog.newest} (path, dir_fd))`), f.message);
  });
});
