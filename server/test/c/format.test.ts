import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatArity } from '../../src/c/format';

describe('Py_BuildValue format arity (SPEC §9)', () => {
  // [format, arity or null (unknown), what the shape is]
  const shapes: [string | null, number | null, string][] = [
    [null, 0, 'NULL: no arguments (cpython.PyInterpreterState_New)'],
    ['', 0, 'empty format'],
    ['O', null, 'a lone object: a tuple would pass through whole (os.listdir)'],
    ['S', null, 'a lone str object, passed through as O is'],
    ['N', null, 'a lone stolen reference'],
    ['O&', null, 'a lone converted object'],
    ['s', 1, 'a lone C string becomes a 1-tuple'],
    ['i', 1, 'a lone int'],
    ['n', 1, 'a lone Py_ssize_t (winreg.PyHKEY.Detach)'],
    ['(O)', 1, 'one parenthesised group: its items (sys._getframe since 3.11)'],
    ['(OO)', 2, 'one group of two'],
    ['()', 0, 'an empty tuple'],
    ['OO', 2, 'two objects'],
    ['Os', 2, 'object and string (ctypes.dlsym)'],
    ['iil', 3, 'three C integers (msvcrt.locking)'],
    ['nun', 3, 'handle, wide string, handle (winreg.CreateKey)'],
    ['iniL', 4, 'mmap.__new__'],
    ['OOOOOiiiiii', 11, 'a long flat format'],
    ['s#', 1, '# takes a length, adds no item'],
    ['y#n', 2, 'bytes with length, then a size'],
    ['O&O', 2, '& takes a converter, adds no item'],
    ['O!', 1, '! adds no item'],
    ['s, i', 2, 'commas and spaces are ignored'],
    ['s:i', 2, 'a colon between units is ignored'],
    ['(ii)O', 2, 'a group beside an object: the group is one item'],
    ['[OO]', 1, 'a list is one item'],
    ['{s:O}', 1, 'a dict is one item'],
    ['O(ii)[O]{sO}', 4, 'nested groups of every kind, each one item'],
    ['((OO))', 1, 'one group that holds one group: one item'],
    ['(OO', null, 'unbalanced: not a format'],
    ['Q', null, 'an unknown unit'],
    ['ss#zz#yy#uU', 8, 'every string unit, lengths added to some'],
  ];
  for (const [format, arity, what] of shapes) {
    test(`${format === null ? 'NULL' : JSON.stringify(format)} -> ${arity ?? 'unknown'}: ${what}`, () => {
      assert.equal(formatArity(format), arity);
    });
  }
  test('at least 25 shapes', () => assert.ok(shapes.length >= 25));
});
