import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { codes, positionOf } from '../helpers/engine';

describe('hook-signature', () => {
  test('too few, too many required, required keyword-only: errors on the name', async () => {
    const src = [
      'import sys',
      'def one(event): pass',
      'def three(event, args, extra): pass',
      'def kw(event, args, *, strict): pass',
      'sys.addaudithook(one)',
      'sys.addaudithook(three)',
      'sys.addaudithook(kw)',
      'sys.addaudithook(lambda: None)',
    ].join('\n');
    const found = await codes(src, 'hook-signature');
    assert.equal(found.length, 4);
    assert.ok(found.every((f) => f.severity === 'error'));
    assert.deepEqual(found[0].range.start, positionOf(src, 'one(event)'));
    assert.match(found[0].message, /'one' takes 1 positional parameter \(event\); audit hooks are called as hook\(event, args\)/);
    assert.match(found[1].message, /'three' requires 3 positional arguments \(event, args, extra\)/);
    assert.match(found[2].message, /keyword-only argument strict/);
    assert.deepEqual(found[3].range.start, positionOf(src, 'lambda: None'));
  });

  test('def hook(event, *args) is legal but nests the tuple: information', async () => {
    const [f] = await codes('import sys\ndef h(event, *args): pass\nsys.addaudithook(h)\n', 'hook-signature');
    assert.equal(f.severity, 'information');
    assert.match(f.message, /args\[0\]/);
  });

  test('hooks that fit are silent: defaults, *args, methods, __call__ instances', async () => {
    const src = [
      'import sys',
      'def a(event, args): pass',
      'def b(event, args, extra=None): pass',
      'def c(*args): pass',
      'def d(event, args, *rest, **kw): pass',
      'class Auditor:',
      '    def __call__(self, event, args): pass',
      '    def method(self, event, args): pass',
      '    @staticmethod',
      '    def static(event, args): pass',
      '    def install(self):',
      '        sys.addaudithook(self.method)',
      'for h in (a, b, c, d): pass',
      'sys.addaudithook(a); sys.addaudithook(b); sys.addaudithook(c); sys.addaudithook(d)',
      'sys.addaudithook(Auditor())',
      'sys.addaudithook(Auditor.static)',
      'sys.addaudithook(lambda e, a: None)',
    ].join('\n');
    assert.deepEqual(await codes(src, 'hook-signature'), []);
  });

  test('an unbound method passed through the class takes self as the event: an error', async () => {
    const src = 'import sys\nclass A:\n    def m(self, event, args): pass\nsys.addaudithook(A.m)\n';
    assert.equal((await codes(src, 'hook-signature')).length, 1);
  });

  test('a function that is never registered is not a hook', async () => {
    assert.deepEqual(await codes('def hook(event): pass\n', 'hook-signature'), []);
  });
});
