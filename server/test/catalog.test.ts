import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Catalog, getCatalog, type PythonVersion } from '../src/catalog/catalog';
import { readJson, repoRoot } from './helpers/repo';

interface FactEvent {
  name: string;
  documented: Record<string, string[]>;
  seed_tables: Record<string, string[]>;
  raised: Record<string, unknown[]>;
  observed?: Record<string, number[]>;
}

const catalog = getCatalog();
const facts = readJson<{ events: FactEvent[] }>('catalog', 'sources', 'events.json').events;
const curated = readJson<{ seedEras: Record<string, PythonVersion> }>('catalog', 'curated.json');
const minor = (release: string) => release.split('.').slice(0, 2).join('.') as PythonVersion;

describe('catalog generation', () => {
  test('the committed catalog is exactly what the generator makes of catalog/sources', () => {
    const r = spawnSync(process.execPath, [join(repoRoot(), 'scripts', 'build-catalog.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr + r.stdout);
  });

  test('every event of every fact file is in the catalog', () => {
    for (const e of facts) assert.ok(catalog.get(e.name), `${e.name} missing`);
    assert.equal([...catalog.all()].length, facts.length);
  });
});

describe('seed tables', () => {
  // Each seed table, as the copied facts hold it (seed_tables in events.json), looked up event
  // by event through the loader.
  const seeds = new Map<string, { name: string; args: string[] }[]>();
  for (const e of facts) {
    for (const [seed, args] of Object.entries(e.seed_tables)) {
      if (!seeds.has(seed)) seeds.set(seed, []);
      seeds.get(seed)!.push({ name: e.name, args });
    }
  }

  test('there are two seed tables, with the sizes of their renderings', () => {
    assert.deepEqual([...seeds.keys()].sort(), Object.keys(curated.seedEras).sort());
    for (const rows of seeds.values()) assert.ok(rows.length > 150, `${rows.length} rows`);
  });

  for (const [seed, rows] of seeds) {
    test(`every event of ${seed} is in the catalog with its arguments`, () => {
      const era = curated.seedEras[seed];
      for (const row of rows) {
        const found = catalog.lookup(row.name, era);
        assert.ok(found, `${row.name} not found`);
        const names = catalog.versions.map((v) => found.event.versions[v].args).filter(Boolean).map((a) => a!.join(','));
        const explained = found.event.notes.some((n) => n.includes(`(${row.args.join(', ')})`) || (row.args.length === 0 && n.includes('no arguments')));
        assert.ok(
          names.includes(row.args.join(',')) || explained,
          `${row.name}: seed args (${row.args.join(', ')}) not among ${JSON.stringify(names)} nor explained by a note`,
        );
      }
    });
  }
});

describe('the catalog agrees with the evidence', () => {
  test('every observation on a real interpreter: raised, with the count seen', () => {
    const files = readdirSync(join(repoRoot(), 'catalog', 'sources')).filter((f) => /^observed-(types-)?[\d.]+\.json$/.test(f));
    assert.equal(files.length, catalog.versions.length * 2, 'an observation run and a types run per version');
    for (const file of files) {
      const data = readJson<{ events: Record<string, number[] | { arity: number[] }> }>('catalog', 'sources', file);
      const v = minor(/([\d.]+)\.json$/.exec(file)![1]);
      for (const [name, seen] of Object.entries(data.events)) {
        const count = Array.isArray(seen) ? seen[0] : seen.arity[0];
        const f = catalog.lookup(name, v);
        assert.equal(f?.status, 'raised', `${name} on ${v}`);
        assert.equal(f?.arity, count, `${name} on ${v}`);
      }
    }
  });

  test('every raise site of a source tree: raised in that version', () => {
    for (const e of facts) {
      for (const release of Object.keys(e.raised)) {
        assert.equal(catalog.lookup(e.name, minor(release))?.status, 'raised', `${e.name} in ${release}`);
      }
    }
  });

  test('every docs table row: the documented count, or a note saying why not', () => {
    for (const file of readdirSync(join(repoRoot(), 'catalog', 'sources')).filter((f) => f.startsWith('docs-table-'))) {
      const table = readJson<{ version: PythonVersion; public: { name: string; args: string[] }[]; internal: { name: string; args: string[] }[] }>('catalog', 'sources', file);
      for (const row of [...table.public, ...table.internal]) {
        const f = catalog.lookup(row.name, table.version)!;
        if (f.event.neverRaised) continue;
        assert.ok(
          f.arity === row.args.length || f.event.notes.some((n) => n.includes(`The ${table.version} docs list`)),
          `${row.name} ${table.version}: docs ${row.args.length}, catalog ${f.arity}`,
        );
      }
    }
  });

  test('a version no evidence covers is never claimed: "not-raised" there rests on evidence or on the run rule', () => {
    for (const e of catalog.all()) {
      if (e.neverRaised) continue;
      for (const v of catalog.versions) {
        const f = e.versions[v];
        if (f.status === 'not-raised') assert.ok(['observed', 'sources', 'docs', 'outside'].includes(f.evidence!), `${e.name} ${v}: ${f.evidence}`);
        if (f.status === 'unknown') assert.equal(f.evidence, null, `${e.name} ${v}`);
      }
    }
    // No 3.8 source tree and nothing Windows- or BSD-only runs on the Linux interpreters.
    assert.equal(catalog.lookup('os.chflags', '3.8')!.status, 'unknown');
    assert.equal(catalog.lookup('os.chflags', '3.10')!.status, 'raised', 'between the 3.9 and 3.11 sources');
    assert.equal(catalog.lookup('os.chflags', '3.10')!.evidence, 'between');
    // The same calls ran on 3.8-3.13 and raised it only from 3.14.
    assert.equal(catalog.lookup('_posixsubprocess.fork_exec', '3.12')!.status, 'not-raised');
    assert.equal(catalog.lookup('pathlib.Path.walk', '3.14')!.status, 'raised');
    // Renamed between 3.11 and 3.13: which name 3.12 raises, nothing here tells.
    assert.equal(catalog.lookup('ctypes.seh_exception', '3.12')!.status, 'unknown');
    assert.equal(catalog.lookup('ctypes.set_exception', '3.12')!.status, 'unknown');
  });

  test('no false gaps: the versions that raise an event form one run (CPython never removed and re-added one)', () => {
    let unknownCells = 0;
    for (const e of catalog.all()) {
      const raised = catalog.versions.flatMap((v, i) => (e.versions[v].status === 'raised' ? [i] : []));
      if (raised.length) assert.equal(raised[raised.length - 1] - raised[0] + 1, raised.length, `${e.name}: ${catalog.versionsRaising(e.name).join(', ')}`);
      unknownCells += catalog.versionsUnknown(e.name).length;
    }
    assert.deepEqual(catalog.versionsRaising('sys.excepthook'), [...catalog.versions], 'seen on every release 3.8-3.13, and in every later build');
    assert.ok(unknownCells > 0 && unknownCells < 100, `${unknownCells} unknown cells`);
  });
});

describe('versions (SPEC §6)', () => {
  test('3.9 has nntplib.connect and not time.sleep; 3.13 the reverse', () => {
    const names = (v: PythonVersion) => new Set(catalog.events(v).map((e) => e.name));
    assert.ok(names('3.9').has('nntplib.connect'));
    assert.ok(!names('3.9').has('time.sleep'));
    assert.ok(names('3.13').has('time.sleep'));
    assert.ok(!names('3.13').has('nntplib.connect'));
  });

  test('later patches add events: gc.* and marshal.* are raised by 3.9 (3.9.18), though 3.9.2 lacks them', () => {
    for (const n of ['gc.get_objects', 'gc.get_referrers', 'marshal.dumps', 'marshal.loads']) {
      assert.equal(catalog.lookup(n, '3.9')!.status, 'raised', n);
    }
  });

  test('the latest patch docs rule out removed modules: telnetlib and nntplib from 3.13', () => {
    for (const v of catalog.versions.slice(catalog.versions.indexOf('3.13'))) {
      assert.equal(catalog.lookup('telnetlib.Telnet.open', v)!.status, 'not-raised');
      assert.equal(catalog.lookup('nntplib.putline', v)!.status, 'not-raised');
    }
    assert.equal(catalog.lookup('nntplib.connect', '3.12')!.status, 'raised', 'stdlib of 3.12.1 still raises it');
  });
});

describe('errata (catalog/sources/README.md)', () => {
  test('the documented asyncgen names are never raised; the singular ones are', () => {
    for (const kind of ['firstiter', 'finalizer']) {
      const documented = catalog.get(`sys.set_asyncgen_hooks_${kind}`)!;
      assert.equal(documented.neverRaised, true);
      assert.equal(documented.raisedAs, `sys.set_asyncgen_hook_${kind}`);
      for (const v of catalog.versions) assert.equal(documented.versions[v].status, 'not-raised');
      assert.deepEqual(catalog.versionsRaising(`sys.set_asyncgen_hook_${kind}`), [...catalog.versions]);
      assert.ok(!catalog.events('3.13').some((e) => e.name === documented.name), 'errata are not offered');
    }
  });

  test('sys._getframe takes one argument, the frame, from 3.8 on', () => {
    for (const v of catalog.versions) {
      assert.equal(catalog.arity('sys._getframe', v), 1, v);
      assert.deepEqual(catalog.lookup('sys._getframe', v)!.args, ['frame']);
    }
  });

  test('shutil.rmtree: 1 argument up to 3.10, 2 from 3.11', () => {
    assert.deepEqual(
      catalog.versions.map((v) => catalog.arity('shutil.rmtree', v)),
      catalog.versions.map((v) => (catalog.versions.indexOf(v) < catalog.versions.indexOf('3.11') ? 1 : 2)),
    );
    assert.deepEqual(catalog.lookup('shutil.rmtree', '3.9')!.args, ['path']);
    assert.deepEqual(catalog.lookup('shutil.rmtree', '3.11')!.args, ['path', 'dir_fd']);
  });

  test('renames only: open (file -> path), ctypes.string_at (address -> ptr), time.sleep (secs -> seconds)', () => {
    assert.deepEqual(catalog.get('open')!.renames, [{ since: '3.11', from: ['file', 'mode', 'flags'], to: ['path', 'mode', 'flags'] }]);
    assert.deepEqual(catalog.get('ctypes.string_at')!.renames.map((r) => [r.since, r.from[0], r.to[0]]), [['3.13', 'address', 'ptr']]);
    for (const v of catalog.versions) if (catalog.lookup('open', v)!.status === 'raised') assert.equal(catalog.arity('open', v), 3);
    assert.deepEqual(catalog.lookup('time.sleep', '3.13')!.args, ['seconds']);
    assert.ok(catalog.get('time.sleep')!.notes.some((n) => n.includes('secs')));
  });

  test('ctypes.seh_exception became ctypes.set_exception in 3.13', () => {
    assert.deepEqual(catalog.get('ctypes.seh_exception')!.renamedTo, { name: 'ctypes.set_exception', since: '3.13' });
    assert.equal(catalog.lookup('ctypes.seh_exception', '3.13')!.status, 'not-raised');
    assert.equal(catalog.lookup('ctypes.set_exception', '3.13')!.status, 'raised');
  });

  test('undocumented events raised in 3.13, with their counts', () => {
    const expected: Record<string, number> = {
      '_thread.start_joinable_thread': 3,
      'pathlib.Path.walk': 3,
      '_winapi.CopyFile2': 3,
      '_winapi.CreateEventW': 3,
      '_winapi.CreateMutexW': 2,
      '_winapi.OpenEventW': 2,
      '_winapi.OpenMutexW': 2,
    };
    for (const [name, n] of Object.entries(expected)) {
      const f = catalog.lookup(name, '3.13')!;
      assert.equal(f.status, 'raised', name);
      assert.equal(f.arity, n, name);
      assert.equal(f.event.undocumented, true, name);
    }
    assert.deepEqual(catalog.lookup('pathlib.Path.walk', '3.13')!.args, ['self', 'on_error', 'follow_symlinks']);
    assert.equal(catalog.get('_winapi.CopyFile2')!.windowsOnly, true);
  });

  test('a single "O" format is not an erratum: mmap.__new__ keeps 4, ctypes.dlsym 2', () => {
    assert.equal(catalog.arity('mmap.__new__', '3.11'), 4);
    assert.equal(catalog.arity('ctypes.dlsym', '3.11'), 2);
    assert.equal(catalog.arity('os.listdir', '3.11'), 1);
  });
});

describe('loader API', () => {
  test('lookup, arity, events', () => {
    assert.equal(catalog.arity('open', '3.13'), 3);
    assert.equal(catalog.arity('no.such.event', '3.13'), 'unknown');
    assert.equal(catalog.arity('time.sleep', '3.9'), 'unknown', 'not raised there: no count claimed');
    assert.equal(catalog.lookup('no.such.event', '3.13'), undefined);
    assert.ok(catalog.events('3.13').length > 180);
    assert.deepEqual(catalog.lookup('open', '3.13')!.event.docs['3.13']!.map((d) => d.api), ['open', 'io.open', 'os.open']);
    assert.match(catalog.lookup('open', '3.10')!.event.docs['3.10']![0].url, /^https:\/\/docs\.python\.org\/3\.10\//);
  });

  test('closest: spelling, case, and APIs that are not events', () => {
    assert.equal(catalog.closest('os.rmove')[0].name, 'os.remove');
    assert.deepEqual(catalog.closest('subprocess.popen')[0], { name: 'subprocess.Popen', reason: 'case' });
    assert.equal(catalog.closest('io.open')[0].name, 'open');
    assert.equal(catalog.closest('io.open')[0].reason, 'alias');
    assert.equal(catalog.closest('os.unlink')[0].name, 'os.remove');
    assert.deepEqual(catalog.closest('completely.different.thing'), []);
  });

  test('a catalog instance is independent of the shared one', () => {
    assert.notEqual(new Catalog(), catalog);
    assert.equal(new Catalog().events('3.9').length, catalog.events('3.9').length);
  });
});
