#!/usr/bin/env node
// Checks the maintainer scripts against the shipped facts (docs/catalog.md, "Adding a CPython
// version"): runs scripts/maintainer/observe_events.py on every pyenv CPython 3.8+ of this machine
// and compares what it saw with catalog/sources/observed-<release>.json on the events both saw
// (same argument counts) and with the catalog (raised there, with that count), and scans each interpreter's installed stdlib with scan_raise_sites.py
// --lib against stdlib-sites-<release>.json (the same sites). Maintainers only: `npm run
// catalog:verify-observations`; not part of `npm test` (it runs eight interpreters).
// Exit 0: every interpreter agrees; 1: a disagreement; 2: no interpreter to check.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sources = join(root, 'catalog', 'sources');
const here = join(root, 'scripts', 'maintainer');

function pyenvRoot() {
  try {
    return execFileSync('pyenv', ['root'], { encoding: 'utf8' }).trim();
  } catch {
    return process.env.PYENV_ROOT ?? join(process.env.HOME ?? '/root', '.pyenv');
  }
}

const versionsDir = join(pyenvRoot(), 'versions');
const releases = existsSync(versionsDir)
  ? readdirSync(versionsDir)
      .filter((r) => /^3\.(\d+)\.\d+$/.test(r) && Number(r.split('.')[1]) >= 8)
      .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))
  : [];
if (releases.length === 0) {
  console.error(`no pyenv CPython 3.8+ under ${versionsDir}: nothing to verify`);
  process.exit(2);
}

const catalog = JSON.parse(readFileSync(join(root, 'server', 'src', 'catalog', 'catalog.json'), 'utf8'));
let problems = 0;
for (const release of releases) {
  const minor = release.split('.').slice(0, 2).join('.');
  const python = join(versionsDir, release, 'bin', 'python3');
  const shippedFile = readdirSync(sources).find((f) => f.startsWith(`observed-${minor}.`) && /^observed-[\d.]+\.json$/.test(f));
  if (!shippedFile) {
    console.log(`${release}: no shipped observation of ${minor}; skipped`);
    continue;
  }
  const run = spawnSync(python, [join(here, 'observe_events.py')], { encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) {
    console.log(`${release}: observe_events.py failed (${run.status}): ${run.stderr.trim()}`);
    problems++;
    continue;
  }
  const mine = JSON.parse(run.stdout).events;
  const shipped = JSON.parse(readFileSync(join(sources, shippedFile), 'utf8')).events;
  const common = Object.keys(mine).filter((e) => e in shipped);
  const disagree = common.filter((e) => mine[e].join() !== shipped[e].join());
  const onlyShipped = Object.keys(shipped).filter((e) => !(e in mine));
  const onlyMine = Object.keys(mine).filter((e) => !(e in shipped));
  console.log(
    `${release} vs ${shippedFile}: ${common.length} events both saw, ${disagree.length} with other counts` +
      (disagree.length ? ` (${disagree.map((e) => `${e}: ${mine[e]} here, ${shipped[e]} shipped`).join('; ')})` : '') +
      `; seen only here: ${onlyMine.join(', ') || 'none'}; only in the shipped run: ${onlyShipped.join(', ') || 'none'}`,
  );
  problems += disagree.length;
  // What this run saw must also be what the catalog says of that version.
  const off = Object.entries(mine).filter(([e, counts]) => {
    const facts = catalog.events.find((x) => x.name === e)?.versions[minor];
    return !facts || facts.status !== 'raised' || facts.arity !== counts[0];
  });
  if (off.length) console.log(`${release}: the catalog disagrees on ${off.map(([e, c]) => `${e} (${c} here)`).join(', ')}`);
  problems += off.length;

  const stdlibFile = `stdlib-sites-${release}.json`;
  if (existsSync(join(sources, stdlibFile))) {
    const lib = join(versionsDir, release, 'lib', `python${minor}`);
    const scan = spawnSync(python, [join(here, 'scan_raise_sites.py'), '--lib', lib], { encoding: 'utf8', timeout: 120_000 });
    const key = (s) => `${s.event} ${s.arity} ${s.where}`;
    const found = new Set(JSON.parse(scan.stdout || '[]').map(key));
    const expected = new Set(JSON.parse(readFileSync(join(sources, stdlibFile), 'utf8')).map(key));
    const missing = [...expected].filter((k) => !found.has(k));
    const extra = [...found].filter((k) => !expected.has(k));
    console.log(`${release} stdlib vs ${stdlibFile}: ${found.size} sites found, ${expected.size} shipped, ${missing.length} missing, ${extra.length} extra${missing.length + extra.length ? `: ${[...missing.map((k) => `-${k}`), ...extra.map((k) => `+${k}`)].join('; ')}` : ''}`);
    problems += missing.length + extra.length;
  }
}
console.log(problems ? `${problems} disagreement(s)` : `all ${releases.length} interpreters agree with the shipped facts`);
process.exit(problems ? 1 : 0);
