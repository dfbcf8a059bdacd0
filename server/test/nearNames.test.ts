import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { editDistance } from '../src/catalog/editDistance';
import { NearNames } from '../src/catalog/nearNames';

/** A deterministic pseudo-random generator, so that a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('near names by trie', () => {
  test('the same names and distances as measuring every name', () => {
    const random = rng(17);
    const alphabet = 'abcAB.e_';
    const word = () => Array.from({ length: 1 + Math.floor(random() * 8) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    const names = [...new Set(Array.from({ length: 3000 }, word)), '', 'é😀x'];
    const trie = new NearNames(names);
    for (let i = 0; i < 300; i++) {
      const q = i === 0 ? '😀x' : word();
      for (const max of [0, 1, 2]) {
        const expected = names
          .map((n) => [n, editDistance(q.toLowerCase(), n.toLowerCase(), max)] as [string, number])
          .filter(([n, d]) => d <= max && Math.abs(n.length - q.length) <= max)
          .sort();
        assert.deepEqual(trie.near(q, max).sort(), expected, `${q} within ${max}`);
      }
    }
  });
});
