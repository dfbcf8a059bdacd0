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

  test('str literals of every form, f-strings and names are silent', async () => {
    const src = 'import sys\nsys.audit("a")\nsys.audit(r"a")\nsys.audit(u"a")\nsys.audit(f"a{b}")\nsys.audit("a" "b")\nsys.audit(name)\nsys.audit(get())\n';
    assert.deepEqual(await codes(src, 'event-not-str'), []);
  });
});
