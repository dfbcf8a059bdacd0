import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { codes, hook, positionOf } from '../helpers/engine';


describe('never-raised', () => {
  test('the documented asyncgen names, with the raised name', async () => {
    const src = hook(['if event in ("sys.set_asyncgen_hooks_firstiter", "sys.set_asyncgen_hooks_finalizer"): pass']);
    const found = await codes(src, 'never-raised');
    assert.equal(found.length, 2);
    assert.deepEqual(found[0].range.start, positionOf(src, '"sys.set_asyncgen_hooks_firstiter"'));
    assert.match(found[0].message, /never raises it: it raises 'sys\.set_asyncgen_hook_firstiter'/);
    assert.deepEqual(found[0].replacements, ['sys.set_asyncgen_hook_firstiter']);
  });

  test('the names CPython raises are silent, and so is a name the workspace raises itself', async () => {
    assert.deepEqual(await codes(hook(['if event == "sys.set_asyncgen_hook_firstiter": pass']), 'never-raised'), []);
    const src = hook(['if event == "sys.set_asyncgen_hooks_firstiter": pass']) + '\nsys.audit("sys.set_asyncgen_hooks_firstiter")\n';
    assert.deepEqual(await codes(src, 'never-raised'), []);
  });
});
