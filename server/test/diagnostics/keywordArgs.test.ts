import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { codes, positionOf } from '../helpers/engine';

describe('keyword-args', () => {
  test('on the first keyword argument', async () => {
    const src = 'import sys\nsys.audit("myapp.login", user, ip=addr, port=1)\n';
    const [f, ...rest] = await codes(src, 'keyword-args');
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'error');
    assert.deepEqual(f.range.start, positionOf(src, 'ip=addr'));
    assert.match(f.message, /takes no keyword arguments; found ip, port=/);
  });

  test('positional calls, **kwargs (may be empty) and other audit methods are silent', async () => {
    const src = 'import sys\nsys.audit("x", a, b)\nsys.audit("x", **extra)\nlogger.audit("x", level=1)\nself.audit(event=1)\n';
    assert.deepEqual(await codes(src, 'keyword-args'), []);
  });
});
