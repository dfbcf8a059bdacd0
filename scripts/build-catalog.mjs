#!/usr/bin/env node
// Builds the product's audit-event catalog (server/src/catalog/catalog.json) from the fact files
// in catalog/sources/ and the few hand-checked facts in catalog/curated.json.
//
// Evidence ranks, strongest first (catalog/sources/README.md, "Versions"):
//   4 observation on a real interpreter, 3 raise site in that release's sources or stdlib,
//   2 the docs table of that version, 1 a seed table of that era.
// A minor version stands for its latest patch release. For every (event, version) the strongest
// piece of evidence for presence is weighed against the strongest for absence; the stronger wins
// and a tie goes to presence ("always unless other evidence shows the event on that release").
// Where nothing shows or rules out an event, its status is "unknown" and nothing is claimed.
//
// Usage: node scripts/build-catalog.mjs [--out FILE] [--check]
//   --check  exit 1 if the committed catalog differs from what the sources generate.
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sourcesDir = join(root, 'catalog', 'sources');
const defaultOut = join(root, 'server', 'src', 'catalog', 'catalog.json');

const RANK = { observed: 4, sources: 3, stdlib: 3, docs: 2, seed: 1 };

/** "3.13.5" -> "3.13" */
const minorOf = (release) => release.split('.').slice(0, 2).join('.');
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

export function loadFacts(dir = sourcesDir, curatedFile = join(root, 'catalog', 'curated.json')) {
  const files = readdirSync(dir);
  const byPrefix = (prefix) =>
    files
      .filter((f) => f.startsWith(prefix) && f.endsWith('.json'))
      .map((f) => ({ release: f.slice(prefix.length, -'.json'.length), data: readJson(join(dir, f)) }));
  return {
    curated: readJson(curatedFile),
    events: readJson(join(dir, 'events.json')).events,
    docsTables: byPrefix('docs-table-'),
    raiseSites: byPrefix('raise-sites-'),
    observed: byPrefix('observed-'),
    stdlibSites: byPrefix('stdlib-sites-'),
  };
}

export function buildCatalog(facts) {
  const { curated, events } = facts;
  const versions = curated.versions;

  // Which releases stand for which minor version, per kind of evidence.
  const sourceRelease = Object.fromEntries(facts.raiseSites.map((r) => [minorOf(r.release), r.release]));
  const observedRelease = Object.fromEntries(facts.observed.map((r) => [minorOf(r.release), r.release]));
  const stdlibRelease = Object.fromEntries(facts.stdlibSites.map((r) => [minorOf(r.release), r.release]));
  const docsByVersion = Object.fromEntries(facts.docsTables.map((t) => [t.data.version, t.data]));
  const docsVersions = Object.keys(docsByVersion).sort(compareVersions);
  // Only the docs of a latest patch release can show that an event is gone (README, "Versions").
  const latestPatchDocs = new Set(['3.13', '3.14'].filter((v) => docsByVersion[v]));

  const docRefs = new Map(); // name -> version -> refs
  for (const [v, table] of Object.entries(docsByVersion)) {
    for (const row of [...table.public, ...table.internal]) {
      if (!docRefs.has(row.name)) docRefs.set(row.name, {});
      docRefs.get(row.name)[v] = row.refs ?? [];
    }
  }
  // The per-release raise-site files carry each C site's format, which events.json leaves out.
  const sitesByRelease = Object.fromEntries(
    facts.raiseSites.map((r) => [r.release, groupBy(r.data, (s) => s.event)]),
  );
  const stdlibByRelease = Object.fromEntries(
    facts.stdlibSites.map((r) => [r.release, groupBy(r.data, (s) => s.event)]),
  );

  const out = [];
  const errata = {};
  for (const e of events) {
    const perVersion = {};
    const everObserved = Object.keys(e.observed ?? {}).length > 0;
    const everStrong =
      everObserved || Object.keys(e.raised).length > 0 || Object.keys(e.stdlib_sites ?? {}).length > 0;
    const everDocumented = Object.keys(e.documented).length > 0;

    // A documented name that no release's sources raise and no interpreter showed: a docs erratum.
    const neverRaised =
      everDocumented &&
      !everStrong &&
      Object.keys(e.documented).some((v) => sourceRelease[v] !== undefined);

    for (const v of versions) {
      const presence = []; // [rank, kind, arity|null]
      const absence = [];
      const obsRel = observedRelease[v];
      if (obsRel && e.observed?.[obsRel]) {
        presence.push([RANK.observed, 'observed', single(e.observed[obsRel])]);
      } else if (obsRel && everObserved) {
        absence.push([RANK.observed, 'observed']);
      }
      const srcRel = sourceRelease[v];
      const srcSites = srcRel ? sitesByRelease[srcRel]?.get(e.name) : undefined;
      if (srcSites) {
        presence.push([RANK.sources, 'sources', single(srcSites.map(siteArity))]);
      } else if (srcRel) {
        absence.push([RANK.sources, 'sources']);
      }
      const stdRel = stdlibRelease[v];
      const stdSites = stdRel ? stdlibByRelease[stdRel]?.get(e.name) : undefined;
      if (stdSites) presence.push([RANK.stdlib, 'stdlib', single(stdSites.map((s) => s.arity))]);
      if (e.documented[v]) {
        presence.push([RANK.docs, 'docs', e.documented[v].length]);
      } else if (latestPatchDocs.has(v) && everDocumented) {
        absence.push([RANK.docs, 'docs']);
      }
      for (const [seed, args] of Object.entries(e.seed_tables)) {
        if (curated.seedEras[seed] === v) presence.push([RANK.seed, 'seed', args.length]);
      }

      const bestPresence = Math.max(0, ...presence.map((p) => p[0]));
      const bestAbsence = Math.max(0, ...absence.map((a) => a[0]));
      let status = 'unknown';
      if (neverRaised) status = 'not-raised';
      else if (bestPresence > 0 && bestPresence >= bestAbsence) status = 'raised';
      else if (bestAbsence > 0) status = 'not-raised';

      // The arity comes from the strongest evidence that tells a number.
      const counted = presence.filter((p) => p[2] !== null).sort((a, b) => b[0] - a[0]);
      perVersion[v] = {
        status,
        arity: counted.length ? counted[0][2] : null,
        evidence: counted.length ? counted[0][1] : presence[0]?.[1] ?? null,
      };
    }

    // Where a version has no count of its own, it inherits one only if every version that has
    // one agrees: an arity is then a fact of the event, not of a release.
    const knownArities = new Set(
      versions.map((v) => perVersion[v].arity).filter((a) => a !== null),
    );
    for (const v of versions) {
      const pv = perVersion[v];
      if (pv.status === 'not-raised' && !neverRaised) {
        pv.arity = null;
        continue;
      }
      if (pv.arity === null && knownArities.size === 1) {
        pv.arity = [...knownArities][0];
        pv.evidence = 'inferred';
      }
    }

    // Argument names: that version's docs when their count is right, else the nearest docs (or
    // seed) with the right count, else positional placeholders.
    const namedLists = []; // [version, names, kind]
    for (const v of docsVersions) if (e.documented[v]) namedLists.push([v, e.documented[v], 'docs']);
    for (const [seed, args] of Object.entries(e.seed_tables)) {
      namedLists.push([curated.seedEras[seed], args, 'seed']);
    }
    const undocumentedNames = curated.undocumentedArgs[e.name];
    const notes = [];
    for (const v of versions) {
      const pv = perVersion[v];
      pv.namedBy = null;
      if (pv.arity === null) {
        pv.args = null;
        continue;
      }
      if (e.documented[v] && e.documented[v].length === pv.arity) {
        pv.args = e.documented[v];
        pv.namedBy = 'docs';
      } else {
        const candidates = namedLists
          .filter(([, names]) => names.length === pv.arity)
          .sort(
            (a, b) =>
              Math.abs(versionIndex(versions, a[0]) - versionIndex(versions, v)) -
                Math.abs(versionIndex(versions, b[0]) - versionIndex(versions, v)) ||
              (a[2] === 'docs' ? -1 : 1) - (b[2] === 'docs' ? -1 : 1),
          );
        if (candidates.length) [, pv.args, pv.namedBy] = candidates[0];
        else if (undocumentedNames?.length === pv.arity) [pv.args, pv.namedBy] = [undocumentedNames, 'curated'];
        else [pv.args, pv.namedBy] = [Array.from({ length: pv.arity }, (_, i) => `arg${i + 1}`), 'placeholder'];
        if (e.documented[v] && e.documented[v].length !== pv.arity) {
          notes.push(
            `The ${v} docs list ${describeArgs(e.documented[v])}; CPython ${v} raises it with ${pv.arity} (${pv.evidence === 'observed' ? 'seen on a real interpreter' : 'per its sources'}).`,
          );
        }
      }
    }

    // A seed table of a version's era that names the same arguments differently (time.sleep:
    // secs in the early-3.13 table, seconds in the 3.13 docs): users copy names from both.
    for (const [seed, names] of Object.entries(e.seed_tables)) {
      const v = curated.seedEras[seed];
      const pv = perVersion[v];
      if (pv?.args && pv.namedBy === 'docs' && names.length === pv.args.length && names.join() !== pv.args.join()) {
        notes.push(`An earlier ${v}-era rendering of the docs table names the arguments (${names.join(', ')}); the ${v} docs name them (${pv.args.join(', ')}). Same count.`);
      }
    }

    // Renames of arguments with an unchanged count, across the versions that name them.
    const renames = [];
    let previous = null;
    for (const v of versions) {
      const pv = perVersion[v];
      if (!pv.args || pv.namedBy === 'placeholder') continue;
      if (previous && previous.args.length === pv.args.length && previous.args.join() !== pv.args.join()) {
        renames.push({ since: v, from: previous.args, to: pv.args });
      }
      previous = { v, args: pv.args };
    }

    const docs = {};
    for (const v of versions) {
      if (perVersion[v].status === 'not-raised' && !neverRaised) continue;
      const own = docRefs.get(e.name)?.[v];
      if (own && own.length) docs[v] = own.map((url) => ({ api: apiLabel(url), url }));
      else {
        const near = nearestDocsVersion(docRefs.get(e.name), v, versions);
        if (near) {
          docs[v] = docRefs
            .get(e.name)
            [near].map((url) => ({ api: apiLabel(url), url: url.replace(`/${near}/`, `/${v}/`) }));
        }
      }
    }

    const allSites = Object.values(e.raised).flat();
    const windowsOnly = allSites.length > 0 && allSites.every((s) => isWindowsOnlySource(s.where));

    const entry = {
      name: e.name,
      internal: !!e.internal,
      windowsOnly,
      undocumented: !everDocumented,
      versions: perVersion,
      docs,
      renames,
      notes: [...notes, ...(curated.notes[e.name] ? [curated.notes[e.name]] : [])],
    };
    if (neverRaised) {
      entry.neverRaised = true;
      errata[e.name] = null; // filled below, once every raised name is known
    }
    out.push(entry);
  }

  // A never-raised documented name maps to the raised name it was meant to be: the closest
  // undocumented name that CPython does raise.
  const raisedUndocumented = out.filter((e) => e.undocumented && !e.neverRaised).map((e) => e.name);
  for (const name of Object.keys(errata)) {
    const best = raisedUndocumented
      .map((n) => [n, editDistance(n, name)])
      .filter(([, d]) => d <= 3)
      .sort((a, b) => a[1] - b[1])[0];
    const entry = out.find((e) => e.name === name);
    entry.raisedAs = best ? best[0] : null;
    entry.notes.push(
      best
        ? `Documented, but CPython never raises '${name}': it raises '${best[0]}'. A hook comparing with this name never runs.`
        : `Documented, but no CPython release raises '${name}'.`,
    );
    errata[name] = entry.raisedAs;
  }

  for (const r of curated.renamedEvents) {
    const from = out.find((e) => e.name === r.from);
    const to = out.find((e) => e.name === r.to);
    if (from) {
      from.renamedTo = { name: r.to, since: r.since };
      from.notes.push(`Renamed to '${r.to}' in ${r.since}.`);
    }
    if (to) to.notes.push(`Called '${r.from}' before ${r.since}.`);
  }

  // Names that are not events but that users write in hooks: the APIs documented as raising an
  // event (docs anchors such as io.open), and the curated ones (os.unlink).
  const eventNames = new Set(out.map((e) => e.name));
  const aliases = {};
  for (const [name, byVersion] of docRefs) {
    for (const refs of Object.values(byVersion)) {
      for (const url of refs) {
        const anchor = url.split('#')[1] ?? '';
        if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(anchor) || eventNames.has(anchor)) continue;
        if (!aliases[anchor]) aliases[anchor] = { events: [], note: null };
        if (!aliases[anchor].events.includes(name)) aliases[anchor].events.push(name);
      }
    }
  }
  for (const [name, a] of Object.entries(curated.notAnEvent)) {
    aliases[name] = { events: [a.event], note: a.note };
  }
  for (const a of Object.values(aliases)) a.events.sort();

  out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    $comment: 'Generated by scripts/build-catalog.mjs from catalog/sources and catalog/curated.json. Do not edit.',
    versions,
    events: out,
    aliases: Object.fromEntries(Object.entries(aliases).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}

/** One arity out of several sightings; null when they are unknown or disagree. */
function single(values) {
  const known = [...new Set(values.filter((x) => x !== null && x !== undefined))];
  return known.length === 1 ? known[0] : null;
}

/** A C raise site whose format was not captured as a literal tells no count, whatever it says. */
function siteArity(site) {
  if (site.lang === 'c' && (site.format === null || site.format === undefined)) return null;
  return site.arity;
}

function isWindowsOnlySource(where) {
  return /^PC\//.test(where) || /^Modules\/(_winapi|overlapped)\.c:/.test(where);
}

function apiLabel(url) {
  const anchor = url.split('#')[1] ?? '';
  if (/^c\./.test(anchor)) return `${anchor.slice(2)}() (C API)`;
  if (/^cmdoption-/.test(anchor)) return `python -${anchor.slice('cmdoption-'.length)}`;
  if (/^envvar-/.test(anchor)) return anchor.slice('envvar-'.length);
  if (/^[A-Za-z_][\w.]*$/.test(anchor) && !anchor.startsWith('audit_event_')) return anchor;
  const page = url.replace(/#.*$/, '').split('/').pop()?.replace(/\.html$/, '');
  return page ? `${page} docs` : url;
}

function nearestDocsVersion(refsByVersion, v, versions) {
  if (!refsByVersion) return null;
  const i = versionIndex(versions, v);
  // Older first: docs paths move forward (library/functions.html became builtins/ in 3.13).
  for (let d = 1; d < versions.length; d++) {
    for (const j of [i - d, i + d]) {
      const w = versions[j];
      if (w && refsByVersion[w]?.length) return w;
    }
  }
  return null;
}

function describeArgs(names) {
  return names.length === 0 ? 'no arguments' : `${names.length} (${names.join(', ')})`;
}

function groupBy(items, key) {
  const m = new Map();
  for (const it of items) {
    const k = key(it);
    if (!m.has(k)) m.set(k, []);
    m.get(k).push(it);
  }
  return m;
}

function versionIndex(versions, v) {
  return versions.indexOf(v);
}

function compareVersions(a, b) {
  const [a1, a2] = a.split('.').map(Number);
  const [b1, b2] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
}

export function editDistance(a, b) {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      dp[i][j] = Math.min(dp[i - 1][j] + 1, dp[i][j - 1] + 1, dp[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return dp[a.length][b.length];
}

/** One event per line: small, and a regenerated catalog diffs event by event. */
export function serialize(catalog) {
  const { events, aliases, ...head } = catalog;
  const lines = Object.entries(head).map(([k, v]) => ` ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  const eventLines = events.map((e) => `  ${JSON.stringify(e)}`).join(',\n');
  const aliasLines = Object.entries(aliases)
    .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(',\n');
  return `{\n${lines.join('\n')}\n "events": [\n${eventLines}\n ],\n "aliases": {\n${aliasLines}\n }\n}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outIdx = args.indexOf('--out');
  const out = outIdx >= 0 ? args[outIdx + 1] : defaultOut;
  const text = serialize(buildCatalog(loadFacts()));
  if (args.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(out, 'utf8');
    } catch {}
    if (current !== text) {
      console.error(`${out} is not what catalog/sources generate: run npm run catalog`);
      process.exit(1);
    }
    console.log('catalog is up to date');
  } else {
    writeFileSync(out, text);
    const cat = JSON.parse(text);
    console.log(`wrote ${out}: ${cat.events.length} events, ${Object.keys(cat.aliases).length} aliases`);
  }
}
