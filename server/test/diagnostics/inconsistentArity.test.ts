import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { codes, positionOf } from '../helpers/engine';

describe('inconsistent-arity', () => {
  test('a custom event raised with 2 here and 3 in another file', async () => {
    const src = 'import sys\nsys.audit("myapp.login", user, ip)\n';
    const [f] = await codes(src, 'inconsistent-arity', {
      others: { 'file:///work/test/auth/views.py': 'import sys\n\nsys.audit("myapp.login", user, ip, port)\n' },
    });
    assert.deepEqual(f.range.start, positionOf(src, '"myapp.login"'));
    assert.equal(f.message, "'myapp.login' is raised with 2 arguments here and with 3 elsewhere (auth/views.py:3); a hook cannot unpack it safely");
    assert.equal(f.related?.[0].uri, 'file:///work/test/auth/views.py');
  });

  test('consistent raises, starred raises, catalog events and declared events are silent', async () => {
    const src = [
      'import sys',
      'sys.audit("myapp.a", 1, 2)',
      'sys.audit("myapp.a", x, y)',
      'sys.audit("myapp.a", *both)',
      'sys.audit("open", 1, 2, 3)',
      'sys.audit("myapp.declared", 1)',
      'sys.audit("myapp.declared", 1, 2)',
    ].join('\n');
    assert.deepEqual(await codes(src, 'inconsistent-arity', { settings: { customEvents: { 'myapp.declared': ['x'] } } }), []);
  });
});
