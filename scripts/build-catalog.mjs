#!/usr/bin/env node
// Builds the product's audit-event catalog (server/src/catalog/catalog.json) from the fact files
// in catalog/sources/, the hand-checked facts in catalog/curated.json and the capability map in
// catalog/capabilities.json. docs/catalog.md explains every rule below in prose.
//
// Versions come from the fact files alone: every minor version that some file has evidence for.
// A minor version stands for its latest patch release.
//
// Per (event, version), presence and absence evidence (catalog/sources/README.md, "Versions"):
//   presence  observed: seen by an audit hook on a real interpreter (observed-*, observed-types-*,
//                       api-events-*): proves the event and its count
//             sources:  a raise site in that release's source tree (raise-sites-*)
//             build:    a raise site compiled into its Linux build (build-sites-*); never absence
//             stdlib:   a sys.audit call in its installed stdlib (stdlib-sites-*)
//             binary:   the name compiled into its binaries (binary-names-*); presence only, no count
//             docs:     its docs table; seed: a seed table of its era
//   absence   observed: the same calls that raised it on another release ran here without it
//             sources:  its source tree has no raise site
//             docs:     the docs table of a latest patch lacks an event other tables list
// Any presence seen in that release's code or run (observed, sources, build, stdlib, binary)
// wins over every absence ("always unless other evidence shows the event on that release");
// docs and seed presence win only over weaker or equal absence. Where nothing decides, CPython
// having never removed and re-added an event fills the gaps: between two releases that raise it
// it is raised ("between"); before a release that lacks it and later raises it, or after a
// release that lacks it having raised it before, it is not ("outside"). What is left is unknown.
//
// Usage: node scripts/build-catalog.mjs [--out FILE] [--check]
//   writes the catalog and the pythonVersion examples of package.json (auto, the versions, ranges);
//   --check  exit 1 if either differs from what the sources generate.
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sourcesDir = join(root, 'catalog', 'sources');
const defaultOut = join(root, 'server', 'src', 'catalog', 'catalog.json');
const packageJson = join(root, 'package.json');
const clientCommands = join(root, 'client', 'src', 'commands.ts');

/** Presence kinds seen in a release's own code or run: no absence outweighs them. */
const STRONG_PRESENCE = new Set(['observed', 'sources', 'build', 'stdlib', 'binary']);
const RANK = { observed: 4, sources: 3, build: 3, stdlib: 3, binary: 3, docs: 2, seed: 1 };
/** Errors that mean the API is not in that release or build: its calls show nothing there. */
const NOT_IN_RELEASE = /^(AttributeError|ModuleNotFoundError|ImportError|NotImplementedError)\b/;

/** "3.13.5" -> "3.13" */
const minorOf = (release) => release.split('.').slice(0, 2).join('.');
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

export function loadFacts(dir = sourcesDir, catalogDir = join(root, 'catalog')) {
  const files = readdirSync(dir);
  // observed-types-* also starts with observed-: a release is digits and dots only.
  const byPrefix = (prefix) =>
    files
      .filter((f) => new RegExp(`^${prefix}[\\d.]+\\.json$`).test(f))
      .map((f) => ({ release: f.slice(prefix.length, -'.json'.length), data: readJson(join(dir, f)) }));
  return {
    curated: readJson(join(catalogDir, 'curated.json')),
    capabilities: readJson(join(catalogDir, 'capabilities.json')),
    events: readJson(join(dir, 'events.json')).events,
    docsTables: byPrefix('docs-table-'),
    raiseSites: byPrefix('raise-sites-'),
    buildSites: byPrefix('build-sites-'),
    observed: byPrefix('observed-'),
    observedTypes: byPrefix('observed-types-'),
    apiEvents: byPrefix('api-events-'),
    binaryNames: byPrefix('binary-names-'),
    stdlibSites: byPrefix('stdlib-sites-'),
  };
}

/** Every minor version some fact file has evidence for, oldest first. */
export function versionsOf(facts) {
  const minors = new Set();
  for (const kind of ['raiseSites', 'buildSites', 'observed', 'observedTypes', 'apiEvents', 'binaryNames', 'stdlibSites']) {
    for (const r of facts[kind]) minors.add(minorOf(r.release));
  }
  for (const t of facts.docsTables) minors.add(t.data.version);
  return [...minors].sort(compareVersions);
}

/** Per minor version, what each kind of evidence says: Map event -> count (null: no count). */
function evidenceByVersion(facts) {
  const per = (list, read) => {
    const out = {};
    for (const r of list) {
      const v = minorOf(r.release);
      const m = (out[v] ??= new Map());
      for (const [event, arity] of read(r.data)) {
        if (!m.has(event)) m.set(event, []);
        m.get(event).push(arity);
      }
    }
    return Object.fromEntries(Object.entries(out).map(([v, m]) => [v, new Map([...m].map(([e, a]) => [e, single(a)]))]));
  };
  const sites = (data) => data.map((s) => [s.event, siteArity(s)]);
  const observedCalls = (data) =>
    data.calls.flatMap((c) =>
      [...c.events, ...(c.child_events ?? [])].map(([event]) => [event, c.args?.[event] ? c.args[event].length : null]),
    );
  const observed = per(
    [
      ...facts.observed.map((r) => ({ release: r.release, data: Object.entries(r.data.events).map(([e, counts]) => [e, single(counts)]) })),
      ...facts.observedTypes.map((r) => ({ release: r.release, data: Object.entries(r.data.events).map(([e, t]) => [e, single(t.arity)]) })),
      ...facts.apiEvents.map((r) => ({ release: r.release, data: observedCalls(r.data) })),
    ],
    (d) => d,
  );
  return {
    observed,
    sources: per(facts.raiseSites, sites),
    build: per(facts.buildSites, sites),
    stdlib: per(facts.stdlibSites, (d) => d.map((s) => [s.event, s.arity])),
    binary: per(facts.binaryNames, (d) => d.names.map((n) => [n, null])),
    sourceVersions: new Set(facts.raiseSites.map((r) => minorOf(r.release))),
    observedVersions: new Set([...facts.observed, ...facts.observedTypes].map((r) => minorOf(r.release))),
  };
}

/**
 * Which releases ran a call that raised the event somewhere, so that its absence there means
 * something: a call that failed because the API is missing from a release or a build (sqlite's
 * load_extension in the pyenv builds) shows nothing about that release.
 */
function callsEvidence(facts) {
  const raisedBy = new Map(); // event -> Set(call)
  const ranIn = new Map(); // call -> Set(version)
  for (const r of facts.apiEvents) {
    const v = minorOf(r.release);
    for (const c of r.data.calls) {
      if (!c.error || !NOT_IN_RELEASE.test(c.error)) {
        if (!ranIn.has(c.call)) ranIn.set(c.call, new Set());
        ranIn.get(c.call).add(v);
      }
      for (const [event] of [...c.events, ...(c.child_events ?? [])]) {
        if (!raisedBy.has(event)) raisedBy.set(event, new Set());
        raisedBy.get(event).add(c.call);
      }
    }
  }
  return { raisedBy, ranIn };
}

export function buildCatalog(facts) {
  const { curated, events } = facts;
  const versions = versionsOf(facts);
  const ev = evidenceByVersion(facts);
  const calls = callsEvidence(facts);

  const docsByVersion = Object.fromEntries(facts.docsTables.map((t) => [t.data.version, t.data]));
  const docsVersions = Object.keys(docsByVersion).sort(compareVersions);
  // Only the docs of a latest patch release can show that an event is gone (README, "Versions").
  const latestPatchDocs = new Set(curated.docsFromLatestPatch.filter((v) => docsByVersion[v]));
  const noObservedAbsence = curated.observationShowsNoAbsence ?? {};

  const docRefs = new Map(); // name -> version -> refs
  for (const [v, table] of Object.entries(docsByVersion)) {
    for (const row of [...table.public, ...table.internal]) {
      if (!docRefs.has(row.name)) docRefs.set(row.name, {});
      docRefs.get(row.name)[v] = row.refs ?? [];
    }
  }
  const windowsOnlySites = new Map(); // event -> every source site Windows-only?
  for (const r of facts.raiseSites) {
    for (const s of r.data) windowsOnlySites.set(s.event, (windowsOnlySites.get(s.event) ?? true) && isWindowsOnlySource(s.where));
  }

  const out = [];
  const errata = {};
  for (const e of events) {
    const perVersion = {};
    const everObserved = versions.some((v) => ev.observed[v]?.has(e.name));
    const everStrong = versions.some((v) => [...STRONG_PRESENCE].some((k) => ev[k][v]?.has(e.name)));
    const everDocumented = Object.keys(e.documented).length > 0;

    // A documented name that no release's sources raise and nothing shows raised: a docs erratum.
    const neverRaised = everDocumented && !everStrong && Object.keys(e.documented).some((v) => ev.sourceVersions.has(v));

    for (const v of versions) {
      const presence = []; // [kind, arity|null]
      const absence = []; // kind
      for (const kind of ['observed', 'sources', 'build', 'stdlib', 'binary']) {
        if (ev[kind][v]?.has(e.name)) presence.push([kind, ev[kind][v].get(e.name)]);
      }
      if (!ev.observed[v]?.has(e.name) && everObserved && observationCovers(e.name, v, ev, calls, noObservedAbsence)) {
        absence.push('observed');
      }
      if (ev.sourceVersions.has(v) && !ev.sources[v]?.has(e.name)) absence.push('sources');
      if (e.documented[v]) presence.push(['docs', e.documented[v].length]);
      else if (latestPatchDocs.has(v) && everDocumented) absence.push('docs');
      for (const [seed, args] of Object.entries(e.seed_tables)) {
        if (curated.seedEras[seed] === v) presence.push(['seed', args.length]);
      }

      const strong = presence.find(([k]) => STRONG_PRESENCE.has(k));
      const bestPresence = presence.reduce((best, p) => (RANK[p[0]] > RANK[best?.[0]] || !best ? p : best), null);
      const bestAbsence = absence.reduce((best, a) => (!best || RANK[a] > RANK[best] ? a : best), null);
      let status = 'unknown';
      let evidence = null;
      if (neverRaised) [status, evidence] = ['not-raised', 'sources'];
      else if (strong || (bestPresence && (!bestAbsence || RANK[bestPresence[0]] >= RANK[bestAbsence]))) {
        [status, evidence] = ['raised', bestPresence[0]];
      } else if (bestAbsence) [status, evidence] = ['not-raised', bestAbsence];

      // The count comes from the strongest evidence that tells one.
      const counted = presence.filter((p) => p[1] !== null && p[1] !== undefined).sort((a, b) => RANK[b[0]] - RANK[a[0]]);
      perVersion[v] = { status, evidence, arity: counted.length ? counted[0][1] : null, arityFrom: counted.length ? counted[0][0] : null };
    }

    if (!neverRaised) fillByContinuity(perVersion, versions);

    // A version with no count of its own takes the count of its neighbours when the nearest
    // counted versions on both sides agree, or, at either end, when every counted version agrees.
    // A docs erratum keeps the documented count: hooks are written against it.
    const counts = versions.map((v) => (perVersion[v].status !== 'not-raised' || neverRaised ? perVersion[v].arity : null));
    const everyCount = new Set(counts.filter((a) => a !== null));
    versions.forEach((v, i) => {
      const pv = perVersion[v];
      if (pv.status === 'not-raised' && !neverRaised) {
        pv.arity = null;
        pv.arityFrom = null;
        return;
      }
      if (pv.arity !== null) return;
      const before = counts.slice(0, i).reverse().find((a) => a !== null);
      const after = counts.slice(i + 1).find((a) => a !== null);
      const inferred =
        before !== undefined && after !== undefined
          ? before === after
            ? before
            : null
          : everyCount.size === 1
            ? [...everyCount][0]
            : null;
      if (inferred !== null) [pv.arity, pv.arityFrom] = [inferred, 'inferred'];
    });

    // Argument names: that version's docs when their count is right, else the nearest docs (or
    // seed) with the right count, else positional placeholders.
    const namedLists = []; // [version, names, kind]
    for (const v of docsVersions) if (e.documented[v]) namedLists.push([v, e.documented[v], 'docs']);
    for (const [seed, args] of Object.entries(e.seed_tables)) namedLists.push([curated.seedEras[seed], args, 'seed']);
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
              Math.abs(versions.indexOf(a[0]) - versions.indexOf(v)) - Math.abs(versions.indexOf(b[0]) - versions.indexOf(v)) ||
              (a[2] === 'docs' ? -1 : 1) - (b[2] === 'docs' ? -1 : 1),
          );
        if (candidates.length) [, pv.args, pv.namedBy] = candidates[0];
        else if (undocumentedNames?.length === pv.arity) [pv.args, pv.namedBy] = [undocumentedNames, 'curated'];
        else [pv.args, pv.namedBy] = [Array.from({ length: pv.arity }, (_, i) => `arg${i + 1}`), 'placeholder'];
        if (e.documented[v] && e.documented[v].length !== pv.arity) {
          notes.push(
            `The ${v} docs list ${describeArgs(e.documented[v])}; CPython ${v} raises it with ${pv.arity} (${pv.arityFrom === 'observed' ? 'seen on a real interpreter' : 'per its sources'}).`,
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
        if (near) docs[v] = docRefs.get(e.name)[near].map((url) => ({ api: apiLabel(url), url: url.replace(`/${near}/`, `/${v}/`) }));
      }
    }

    const entry = {
      name: e.name,
      internal: !!e.internal,
      windowsOnly: windowsOnlySites.get(e.name) ?? curated.windowsOnly?.includes(e.name) ?? false,
      undocumented: !everDocumented,
      versions: compactVersions(perVersion, versions),
      docGroups: compactDocs(docs, versions),
      renames,
      notes: [...notes, ...(curated.notes[e.name] ? [curated.notes[e.name]] : [])],
    };
    const types = argumentTypes(e.name, facts, versions);
    if (types) entry.types = types;
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

  assignCapabilities(out, facts.capabilities);

  // Names that are not events but that users write in hooks: the APIs documented as raising an
  // event (docs anchors such as io.open), then what the observed APIs really raise, then the
  // curated ones. Observation beats the docs: os.removedirs is documented with os.remove but
  // raises os.rmdir.
  const eventNames = new Set(out.map((e) => e.name));
  const apis = apiEventMap(facts, versions);
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
  // A docs erratum in a ref (sys.set_asyncgen_hooks -> the never-raised plural names) points at
  // the name CPython raises.
  const raisedAs = new Map(out.filter((e) => e.neverRaised && e.raisedAs).map((e) => [e.name, e.raisedAs]));
  for (const a of Object.values(aliases)) a.events = [...new Set(a.events.map((n) => raisedAs.get(n) ?? n))].sort();
  for (const [name, a] of Object.entries(curated.notAnEvent)) aliases[name] = { events: a.events, note: a.note };

  out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    $comment: 'Generated by scripts/build-catalog.mjs from catalog/sources, catalog/curated.json and catalog/capabilities.json. Do not edit.',
    versions,
    capabilities: facts.capabilities.capabilities,
    auditCall: curated.auditCall,
    events: out,
    aliases: sortKeys(aliases),
    apis,
    notAudited: notAuditedCalls(facts, versions, eventNames),
  };
}

/** Does the observation run of version v show the absence of an event it saw elsewhere? */
function observationCovers(name, v, ev, calls, noObservedAbsence) {
  if (Object.prototype.hasOwnProperty.call(noObservedAbsence, name)) return false;
  if (!ev.observedVersions.has(v)) return false;
  const raising = calls.raisedBy.get(name);
  // Seen only by the event script (observed-*), whose calls all run everywhere.
  if (!raising) return true;
  return [...raising].some((call) => calls.ranIn.get(call)?.has(v));
}

/**
 * CPython has never removed and re-added an event (catalog/sources/README.md, "Filling a release
 * between two others"): the releases that raise an event form one run.
 */
function fillByContinuity(perVersion, versions) {
  const status = versions.map((v) => perVersion[v].status);
  const raised = status.flatMap((s, i) => (s === 'raised' ? [i] : []));
  if (raised.length === 0) return;
  const [first, last] = [raised[0], raised[raised.length - 1]];
  // Evidence that contradicts the rule (raised, not raised, raised) leaves everything as it is.
  if (status.slice(first, last + 1).includes('not-raised')) return;
  const notRaisedBefore = status.slice(0, first).lastIndexOf('not-raised');
  const notRaisedAfter = status.slice(last + 1).indexOf('not-raised');
  versions.forEach((v, i) => {
    const pv = perVersion[v];
    if (pv.status !== 'unknown') return;
    if (i > first && i < last) [pv.status, pv.evidence] = ['raised', 'between'];
    else if ((i < first && notRaisedBefore >= 0 && i < notRaisedBefore) || (i > last && notRaisedAfter >= 0 && i > last + 1 + notRaisedAfter)) {
      [pv.status, pv.evidence] = ['not-raised', 'outside'];
    }
  });
}

/** Per version, the facts in a fixed key order (the loader reads them as they are parsed). */
function compactVersions(perVersion, versions) {
  const out = {};
  for (const v of versions) {
    const { status, evidence, arity, arityFrom, args, namedBy } = perVersion[v];
    out[v] = { status, evidence, arity, arityFrom, args, namedBy };
  }
  return out;
}

/**
 * Docs links grouped by the versions that share them, the version in each URL written {v}:
 * [{in: [versions], refs: [[api, url template]]}] (catalog.ts expands them per version).
 */
function compactDocs(docs, versions) {
  const groups = [];
  for (const v of versions) {
    if (!docs[v]) continue;
    const refs = docs[v].map((d) => [d.api, d.url.replace(`/${v}/`, '/{v}/')]);
    const key = JSON.stringify(refs);
    const group = groups.find((g) => JSON.stringify(g.refs) === key);
    if (group) group.in.push(v);
    else groups.push({ in: [v], refs });
  }
  return groups;
}

/**
 * The type names a hook receives, per argument position: `all` is the union over the releases
 * that saw the event, `in` the releases that saw it (omitted when every one did), `differs` the
 * releases whose own lists are not `all`, and `via` the APIs that passed a type that at most half
 * of the APIs pass (open's mode None: os.open, ...).
 */
function argumentTypes(name, facts, versions) {
  const byVersion = {};
  const apisByType = []; // position -> type -> Set(api)
  const allApis = new Set();
  for (const r of facts.observedTypes) {
    const t = r.data.events[name];
    if (!t) continue;
    byVersion[minorOf(r.release)] = t.types.map((names) => [...names].sort());
    for (const [api, types] of Object.entries(t.by_api ?? {})) {
      if (api.startsWith('(')) continue; // (setup): the harness's own code, no API a user calls
      allApis.add(api);
      types.forEach((names, i) => {
        apisByType[i] ??= new Map();
        for (const n of names) {
          if (!apisByType[i].has(n)) apisByType[i].set(n, new Set());
          apisByType[i].get(n).add(api);
        }
      });
    }
  }
  const seen = versions.filter((v) => byVersion[v]);
  if (seen.length === 0) return null;
  const width = Math.max(...seen.map((v) => byVersion[v].length));
  const all = Array.from({ length: width }, (_, i) => [...new Set(seen.flatMap((v) => byVersion[v][i] ?? []))].sort());
  const differs = {};
  for (const v of seen) if (JSON.stringify(byVersion[v]) !== JSON.stringify(all)) differs[v] = byVersion[v];
  const via = {};
  apisByType.forEach((m, i) => {
    if (!m) return;
    for (const [type, apis] of m) {
      // Only the types few APIs pass are worth naming them: the common type says nothing.
      if (apis.size * 2 <= allApis.size) (via[i] ??= {})[type] = [...apis].sort();
    }
  });
  const out = { all };
  if (seen.length !== versions.length) out.in = seen;
  if (Object.keys(differs).length) out.differs = differs;
  if (Object.keys(via).length) out.via = via;
  return out;
}

/**
 * API (as a user writes it) -> the events it was seen to raise, in the order first raised; an
 * event raised in only some of the releases where the API ran carries those releases.
 */
function apiEventMap(facts, versions) {
  const ran = new Map(); // api -> Set(version)
  const raised = new Map(); // api -> event -> Set(version)
  for (const r of [...facts.apiEvents].sort((a, b) => compareVersions(minorOf(b.release), minorOf(a.release)))) {
    const v = minorOf(r.release);
    for (const c of r.data.calls) {
      if (c.error && NOT_IN_RELEASE.test(c.error)) continue;
      if (!ran.has(c.api)) ran.set(c.api, new Set());
      ran.get(c.api).add(v);
    }
    for (const [api, evs] of Object.entries(r.data.apis)) {
      if (!raised.has(api)) raised.set(api, new Map());
      for (const e of evs) {
        if (!raised.get(api).has(e)) raised.get(api).set(e, new Set());
        raised.get(api).get(e).add(v);
      }
    }
  }
  const out = {};
  for (const api of [...raised.keys()].sort()) {
    const apiVersions = versions.filter((v) => ran.get(api)?.has(v) || [...raised.get(api).values()].some((s) => s.has(v)));
    const entry = { events: [] };
    if (apiVersions.length !== versions.length) entry.in = apiVersions;
    for (const [event, vs] of raised.get(api)) {
      const list = apiVersions.filter((v) => vs.has(v));
      entry.events.push(list.length === apiVersions.length ? { event } : { event, in: list });
    }
    out[api] = entry;
  }
  return out;
}

/**
 * Calls that completed while an audit hook saw no event at all, by the capability a hook writer
 * would expect them under (catalog/capabilities.json, notAudited), with the releases where so.
 */
function notAuditedCalls(facts, versions, eventNames) {
  const silent = new Map(); // call -> {api, versions}
  const audited = new Map(); // call -> Set(version)
  for (const r of facts.apiEvents) {
    const v = minorOf(r.release);
    for (const c of r.data.calls) {
      if (c.error) continue;
      const quiet = c.events.length === 0 && (c.child_events ?? []).length === 0;
      if (quiet) {
        if (!silent.has(c.call)) silent.set(c.call, { api: c.api, versions: new Set() });
        silent.get(c.call).versions.add(v);
      } else {
        if (!audited.has(c.call)) audited.set(c.call, new Set());
        audited.get(c.call).add(v);
      }
    }
  }
  const map = facts.capabilities.notAudited;
  const out = [];
  for (const [call, { api, versions: vs }] of [...silent].sort((a, b) => (a[1].api < b[1].api ? -1 : a[1].api > b[1].api ? 1 : a[0] < b[0] ? -1 : 1))) {
    const capability = map[api];
    if (!capability) throw new Error(`catalog/capabilities.json: notAudited has no capability for '${api}' (${call})`);
    const list = versions.filter((v) => vs.has(v));
    const row = { api, call, capability };
    if (list.length !== versions.length) row.in = list;
    out.push(row);
  }
  return out;
}

/** Merges catalog/capabilities.json into the events; every event needs at least one capability. */
function assignCapabilities(events, capabilities) {
  const known = new Set(Object.keys(capabilities.capabilities));
  const missing = [];
  for (const e of events) {
    const assigned = capabilities.events[e.name];
    if (!assigned || assigned.length === 0) {
      missing.push(e.name);
      continue;
    }
    for (const a of assigned) {
      if (!known.has(a.capability)) throw new Error(`catalog/capabilities.json: ${e.name}: unknown capability '${a.capability}'`);
      if (!a.reason) throw new Error(`catalog/capabilities.json: ${e.name}: no reason for '${a.capability}'`);
    }
    e.capabilities = assigned;
  }
  if (missing.length) throw new Error(`catalog/capabilities.json assigns no capability to: ${missing.join(', ')}`);
  const names = new Set(events.map((e) => e.name));
  const stale = Object.keys(capabilities.events).filter((n) => !names.has(n));
  if (stale.length) throw new Error(`catalog/capabilities.json names events the catalog does not have: ${stale.join(', ')}`);
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
  const i = versions.indexOf(v);
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

function sortKeys(object) {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export function compareVersions(a, b) {
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

/** One event (API, call) per line: small, and a regenerated catalog diffs event by event. */
export function serialize(catalog) {
  const { events, aliases, apis, notAudited, ...head } = catalog;
  const lines = Object.entries(head).map(([k, v]) => ` ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  const list = (items) => items.map((x) => `  ${JSON.stringify(x)}`).join(',\n');
  const object = (o) =>
    Object.entries(o)
      .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join(',\n');
  return `{\n${lines.join('\n')}\n "events": [\n${list(events)}\n ],\n "aliases": {\n${object(aliases)}\n },\n "apis": {\n${object(apis)}\n },\n "notAudited": [\n${list(notAudited)}\n ]\n}\n`;
}

/**
 * package.json with its pythonVersion examples set to auto, the catalog's versions and the ranges
 * up to the newest. The setting takes any range form (server/src/catalog/versionTarget.ts), so
 * the schema cannot be an enum: its pattern admits the forms, the examples are what editors offer.
 */
export function packageJsonWithVersions(text, versions) {
  const pkg = JSON.parse(text);
  const newest = versions[versions.length - 1];
  pkg.contributes.configuration.properties['auditEvents.pythonVersion'].examples = ['auto', ...versions, ...versions.slice(0, -1).map((v) => `${v}-${newest}`)];
  return JSON.stringify(pkg, null, 2) + '\n';
}

/** The client's fallback list of versions (used before the server answers), as a TS literal. */
export function clientFallbackVersions(text) {
  const m = /status\.last\?\.versions \?\? \[([^\]]*)\]/.exec(text);
  return m ? [...m[1].matchAll(/'([\d.]+)'/g)].map((x) => x[1]) : null;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outIdx = args.indexOf('--out');
  const out = outIdx >= 0 ? args[outIdx + 1] : defaultOut;
  const catalog = buildCatalog(loadFacts());
  const text = serialize(catalog);
  const pkgText = readFileSync(packageJson, 'utf8');
  const pkgWanted = packageJsonWithVersions(pkgText, catalog.versions);
  const client = clientFallbackVersions(readFileSync(clientCommands, 'utf8'));
  if (args.includes('--check')) {
    const problems = [];
    let current = '';
    try {
      current = readFileSync(out, 'utf8');
    } catch {}
    if (current !== text) problems.push(`${out} is not what catalog/sources generate: run npm run catalog`);
    if (pkgText !== pkgWanted) problems.push(`package.json's auditEvents.pythonVersion examples are not auto, ${catalog.versions.join(', ')} and their ranges: run npm run catalog`);
    if (client?.join() !== catalog.versions.join()) {
      problems.push(`client/src/commands.ts's fallback versions (${client?.join(', ')}) are not the catalog's (${catalog.versions.join(', ')}): edit the list`);
    }
    if (problems.length) {
      console.error(problems.join('\n'));
      process.exit(1);
    }
    console.log('catalog is up to date');
  } else {
    writeFileSync(out, text);
    if (pkgText !== pkgWanted) writeFileSync(packageJson, pkgWanted);
    console.log(`wrote ${out}: ${catalog.events.length} events, versions ${catalog.versions.join(', ')}, ${Buffer.byteLength(text)} bytes`);
    if (client?.join() !== catalog.versions.join()) console.error(`note: client/src/commands.ts's fallback versions differ from the catalog's: edit them`);
  }
}
