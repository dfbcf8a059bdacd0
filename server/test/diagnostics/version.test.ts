import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { catalog, codes, hook, positionOf } from '../helpers/engine';


describe('version', () => {
  test('an event added later than the target version, naming the versions that raise it', async () => {
    const src = hook(['if event == "time.sleep": pass']);
    const [f] = await codes(src, 'version', { version: '3.11' });
    assert.deepEqual(f.range.start, positionOf(src, '"time.sleep"'));
    assert.equal(f.message, `'time.sleep' is not raised by Python 3.11 (the target version); CPython raises it in 3.13–${catalog.newest}`);
  });

  test('an event removed before the target version', async () => {
    const [f] = await codes(hook(['if event == "telnetlib.Telnet.open": pass']), 'version', { version: '3.13' });
    assert.match(f.message, /CPython raises it in 3\.8–3\.12/);
  });

  test('a renamed event points at its new name', async () => {
    const [f] = await codes(hook(['if event == "ctypes.seh_exception": pass']), 'version', { version: '3.13' });
    assert.match(f.message, /from 3\.13 the event is 'ctypes\.set_exception'/);
  });

  test('silent where the event is raised, where the evidence is unknown, and at raise sites', async () => {
    assert.deepEqual(await codes(hook(['if event == "time.sleep": pass']), 'version', { version: '3.13' }), []);
    // 3.10: no docs table, no source tree; os.chflags is neither shown nor ruled out
    assert.deepEqual(await codes(hook(['if event == "os.chflags": pass']), 'version', { version: '3.10' }), []);
    assert.deepEqual(await codes('import sys\nsys.audit("time.sleep", 1)\n', 'version', { version: '3.9' }), []);
  });
});
