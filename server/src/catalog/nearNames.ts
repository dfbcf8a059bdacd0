import { editDistance } from './editDistance';

/**
 * Names near a query by the distance of editDistance.ts (case-insensitive), found without
 * measuring the distance to every name: the names sit in a trie, walked with one row of the
 * distance table per trie node, and a branch is left as soon as every entry of its row exceeds
 * the limit. With 100,000 custom events, scanning them all for each unknown name a hook compares
 * took a minute per file.
 */
export class NearNames {
  private readonly root = new TrieNode();

  constructor(names: Iterable<string>) {
    for (const name of names) {
      let node = this.root;
      // UTF-16 units, as editDistance counts.
      for (const ch of name.toLowerCase().split('')) {
        let next = node.children.get(ch);
        if (!next) node.children.set(ch, (next = new TrieNode()));
        node = next;
      }
      (node.names ??= []).push(name);
    }
  }

  /** The names within `maxDistance` of `query`, with their distances. */
  near(query: string, maxDistance: number): [string, number][] {
    const q = query.toLowerCase().split('');
    const out: [string, number][] = [];
    const first = Array.from({ length: q.length + 1 }, (_, j) => j);
    if (this.root.names && first[q.length] <= maxDistance) for (const n of this.root.names) out.push([n, first[q.length]]);
    for (const [ch, child] of this.root.children) this.walk(child, ch, '', q, first, null, maxDistance, out);
    return out;
  }

  private walk(node: TrieNode, ch: string, prevCh: string, q: string[], prev: number[], prevPrev: number[] | null, max: number, out: [string, number][]): void {
    const row = [prev[0] + 1];
    let rowMin = row[0];
    for (let j = 1; j <= q.length; j++) {
      const cost = q[j - 1] === ch ? 0 : 1;
      let v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (prevPrev && j > 1 && q[j - 1] === prevCh && q[j - 2] === ch) v = Math.min(v, prevPrev[j - 2] + 1);
      row.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (node.names && row[q.length] <= max) for (const n of node.names) out.push([n, row[q.length]]);
    if (rowMin > max) return;
    for (const [next, child] of node.children) this.walk(child, next, ch, q, row, prev, max, out);
  }
}

class TrieNode {
  readonly children = new Map<string, TrieNode>();
  names: string[] | undefined;
}

/** For a handful of names a trie costs more than it saves. */
const SCAN_BELOW = 2000;

/** Near names of a list, by a trie when the list is long, else by measuring each. */
export function nearNamesOf(names: readonly string[]): { near(query: string, maxDistance: number): [string, number][] } {
  if (names.length >= SCAN_BELOW) return new NearNames(names);
  return {
    near(query, maxDistance) {
      const lower = query.toLowerCase();
      const out: [string, number][] = [];
      for (const n of names) {
        if (Math.abs(n.length - query.length) > maxDistance) continue;
        const d = editDistance(lower, n.toLowerCase(), maxDistance);
        if (d <= maxDistance) out.push([n, d]);
      }
      return out;
    },
  };
}
