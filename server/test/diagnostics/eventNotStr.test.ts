import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { codes, positionOf } from '../helpers/engine';

describe('event-not-str', () => {
  test('bytes, numbers, None and bools as the event', async () => {
    const src = 'import sys\nsys.audit(b"open", 1)\nsys.audit(42)\nsys.audit(None)\nsys.audit(-1.5)\nsys.audit(True)\n';
    const found = await codes(src, 'event-not-str');
    assert.equal(found.length, 5);
    assert.deepEqual(found[0].range.start, positionOf(src, 'b"open"'));
    assert.match(found[0].message, /must be a str; found a bytes literal/);
    assert.equal(found[0].severity, 'error');
  });

  test('the message says when CPython raises: with a hook up to 3.13, always from 3.14', async () => {
    const src = 'import sys\nsys.audit(b"open", 1)\n';
    const [old] = await codes(src, 'event-not-str', { version: '3.13' });
    assert.match(old.message, /once any audit hook is installed\)$/);
    const [now] = await codes(src, 'event-not-str', { version: '3.14' });
    assert.match(now.message, /always in 3\.14, hook or no hook\)$/);
  });

  test('str literals of every form, f-strings and names are silent', async () => {
    const src = 'import sys\nsys.audit("a")\nsys.audit(r"a")\nsys.audit(u"a")\nsys.audit(f"a{b}")\nsys.audit("a" "b")\nsys.audit(name)\nsys.audit(get())\n';
    assert.deepEqual(await codes(src, 'event-not-str'), []);
  });
});
