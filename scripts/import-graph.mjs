#!/usr/bin/env node
// Prints the import graph of server/src by floor and every edge that runs from a lower floor to
// a higher one (there must be none: server/test/layers.test.ts holds the same rule).
//   node scripts/import-graph.mjs [--dot]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'server', 'src');

/** Floors, lowest first. A file may import its own floor and the ones below, never above. */
export const FLOORS = [
  // protocol.ts is the wire contract shared with the client: plain types, no imports.
  ['model', ['model/', 'catalog/', 'protocol.ts']],
  ['parsing', ['parsing/']],
  ['languages', ['narrowing/', 'python/', 'c/']],
  ['workspace', ['workspace/']],
  ['features', ['features/']],
  ['engine', ['engine/']],
  ['faces', ['server.ts', 'cli.ts', 'cli/', 'transport/']],
];

/** Floors a floor may not import although they are below it: the features see only the model. */
export const FORBIDDEN = { features: ['parsing', 'languages', 'workspace'] };

export function floorOf(file) {
  const rel = relative(src, file).split('\\').join('/');
  for (let i = 0; i < FLOORS.length; i++) if (FLOORS[i][1].some((p) => (p.endsWith('/') ? rel.startsWith(p) : rel === p))) return i;
  return -1;
}

function files(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : n.endsWith('.ts') ? [p] : [];
  });
}

export function importGraph() {
  const all = files(src);
  const edges = [];
  for (const f of all) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)) {
      let target = resolve(dirname(f), m[1]);
      for (const c of [target + '.ts', join(target, 'index.ts'), target]) {
        try {
          if (statSync(c).isFile()) { target = c; break; }
        } catch {}
      }
      edges.push([f, target]);
    }
  }
  const lang = (f) => /^(python|c)\//.exec(relative(src, f).split('\\').join('/'))?.[1];
  const up = edges.filter(
    ([a, b]) =>
      floorOf(b) > floorOf(a) ||
      (FORBIDDEN[FLOORS[floorOf(a)]?.[0]] ?? []).includes(FLOORS[floorOf(b)]?.[0]) ||
      // One language does not borrow from another: what both need lives below them.
      (lang(a) && lang(b) && lang(a) !== lang(b)),
  );
  const unplaced = all.filter((f) => floorOf(f) < 0);
  return { files: all, edges, up, unplaced };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const g = importGraph();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ files: g.files.length, edges: g.edges.length, up: g.up.map(([a, b]) => [relative(src, a), relative(src, b)]), unplaced: g.unplaced.map((f) => relative(src, f)) }));
    process.exit(0);
  }
  const r = (f) => relative(src, f);
  console.log(`${g.files.length} files, ${g.edges.length} edges, ${g.up.length} running up or sideways into a forbidden floor, ${g.unplaced.length} on no floor`);
  for (const [a, b] of g.up) console.log(`  up: ${r(a)} (${FLOORS[floorOf(a)][0]}) -> ${r(b)} (${FLOORS[floorOf(b)][0]})`);
  for (const f of g.unplaced) console.log(`  no floor: ${r(f)}`);
}
