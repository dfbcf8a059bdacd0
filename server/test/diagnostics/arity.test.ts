import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { codes, positionOf } from '../helpers/engine';

describe('arity', () => {
  test('a raise site passing the wrong count: on the event string, expected and found named', async () => {
    const src = 'import sys\nsys.audit("open", path, "r")\n';
    const [f, ...rest] = await codes(src, 'arity');
    assert.equal(rest.length, 0);
    assert.equal(f.message, "'open' takes 3 arguments (path, mode, flags); this call passes 2");
    assert.deepEqual(f.range.start, positionOf(src, '"open"'));
    assert.deepEqual(f.range.end, positionOf(src, '"open"', 6));
  });

  test('the message names the versions where the count would be right', async () => {
    const src = 'import sys\nsys.audit("shutil.rmtree", p)\n';
    const [f] = await codes(src, 'arity', { version: '3.11' });
    assert.match(f.message, /'shutil\.rmtree' takes 2 arguments \(path, dir_fd\) in 3\.11; this call passes 1, which is right for 3\.8–3\.10 \(path\)/);
    assert.deepEqual(await codes(src, 'arity', { version: '3.9' }), [], 'right for 3.9');
  });

  test('right counts, starred calls that can fit, dynamic events: silent', async () => {
    const src = [
      'import sys',
      'sys.audit("open", p, "r", 0)',
      'sys.audit("open", *args)',
      'sys.audit("open", p, *rest)',
      'sys.audit(name, 1)',
      'sys.audit(f"{prefix}.open", 1)',
      'sys.audit("myapp.anything", 1, 2, 3)',
    ].join('\n');
    assert.deepEqual(await codes(src, 'arity'), []);
  });

  test('a starred call that passes too many even at least', async () => {
    const [f] = await codes('import sys\nsys.audit("os.remove", a, b, c, *rest)\n', 'arity');
    assert.match(f.message, /this call passes at least 3/);
  });

  test('through aliases: import sys as s, from sys import audit as a, backports', async () => {
    const src = [
      'import sys as s',
      'from sys import audit as emit',
      'import sysaudit',
      'from subaudit import audit',
      's.audit("open", 1)',
      'emit("open", 1)',
      'sysaudit.audit("open", 1)',
      'audit("open", 1)',
    ].join('\n');
    assert.equal((await codes(src, 'arity')).length, 4);
  });

  test('custom events declared in settings are checked like catalog events', async () => {
    const src = 'import sys\nsys.audit("myapp.login", user)\n';
    const [f] = await codes(src, 'arity', { settings: { customEvents: { 'myapp.login': ['user', 'ip'] } } });
    assert.equal(f.message, "'myapp.login' takes 2 arguments (user, ip); this call passes 1");
  });

  test('a module constant bound once names the event; bound twice it does not', async () => {
    assert.equal((await codes('import sys\nEV = "open"\nsys.audit(EV, 1)\n', 'arity')).length, 1);
    assert.deepEqual(await codes('import sys\nEV = "open"\nEV = "os.remove"\nsys.audit(EV, 1)\n', 'arity'), []);
  });

  test('a table of argument names per event', async () => {
    const src = [
      'import sys',
      'FIELDS = {"open": ("path", "mode"), "os.remove": ("path", "dir_fd")}',
      'def hook(event, args):',
      '    names = FIELDS.get(event)',
      'sys.addaudithook(hook)',
    ].join('\n');
    const found = await codes(src, 'arity');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /'open' takes 3 arguments \(path, mode, flags\); this table names 2 \(path, mode\)/);
  });

  test('subaudit listeners: the callback must take the event arguments', async () => {
    const src = [
      'import subaudit',
      'def on_open(path, mode):',
      '    pass',
      'def on_remove(path, dir_fd):',
      '    pass',
      'with subaudit.listening("open", on_open):',
      '    pass',
      'with subaudit.listening("os.remove", on_remove):',
      '    pass',
      'subaudit.subscribe("open", lambda *a: None)',
      'subaudit.extracting("open", lambda p: p)',
    ].join('\n');
    const found = await codes(src, 'arity');
    assert.equal(found.length, 2);
    assert.deepEqual(found[0].range.start, positionOf(src, 'on_open(path'));
    assert.match(found[0].message, /subaudit\.listening calls 'on_open' with the arguments of 'open' takes 3 arguments/);
    assert.deepEqual(found[1].range.start, positionOf(src, 'lambda p'));
  });
});
