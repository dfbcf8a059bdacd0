import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { getCatalog, type Capability } from '../src/catalog/catalog';
import { formatVersionSet, parseVersionTarget } from '../src/catalog/versionTarget';
import { CLI_JS, readJson, repoRoot } from './helpers/repo';

const catalog = getCatalog();
// The generator is an ES module; the bundled tests are CommonJS, whose import() esbuild would
// turn into require().
const importModule = new Function('url', 'return import(url)') as (url: string) => Promise<any>;
const generator = () => importModule(pathToFileURL(join(repoRoot(), 'scripts', 'build-catalog.mjs')).href);
const sources = () => readdirSync(join(repoRoot(), 'catalog', 'sources'));
const cli = (args: string[]) => {
  const r = spawnSync(process.execPath, [CLI_JS(), ...args], { encoding: 'utf8', cwd: repoRoot() });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
/** The newest observation file: the release the newest version stands for. */
const newestObserved = () => {
  const files = sources().filter((f) => /^observed-[\d.]+\.json$/.test(f) && f.startsWith(`observed-${catalog.newest}.`));
  assert.equal(files.length, 1, `one observation of ${catalog.newest}`);
  return readJson<{ events: Record<string, number[]> }>('catalog', 'sources', files[0]);
};

describe('versions come from the data', () => {
  test('the catalog covers exactly the minor versions the fact files hold, 3.8 to 3.15 today', () => {
    const minors = new Set<string>();
    for (const f of sources()) {
      const m = /^[a-z-]+-(\d+\.\d+)(\.\d+)?\.json$/.exec(f);
      if (m) minors.add(m[1]);
    }
    const sorted = [...minors].sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
    assert.deepEqual([...catalog.versions], sorted);
    assert.ok(sorted.includes('3.8') && sorted.includes('3.15'));
  });

  test("package.json's pythonVersion schema: auto, the catalog's versions and ranges, all of them readable targets", () => {
    const pkg = readJson<{ contributes: { configuration: { properties: Record<string, { examples: string[]; pattern: string; enum?: unknown }> } } }>('package.json');
    const schema = pkg.contributes.configuration.properties['auditEvents.pythonVersion'];
    assert.equal(schema.enum, undefined, 'an enum would refuse ranges');
    assert.deepEqual(schema.examples.slice(0, catalog.versions.length + 1), ['auto', ...catalog.versions]);
    const pattern = new RegExp(schema.pattern);
    for (const spec of [...schema.examples, '3.9-3.13', '3.9–3.13', '>=3.10', '3.10+', '>=3.9,<3.14', '~=3.10', '>=3.8,!=3.9.*']) {
      assert.ok(pattern.test(spec), `the pattern refuses ${spec}`);
      assert.ok(spec === 'auto' || parseVersionTarget(spec, catalog.versions).ok, `${spec} selects no version`);
    }
    for (const bad of ['latest', 'python3', '']) assert.ok(!pattern.test(bad), `the pattern admits '${bad}'`);
  });

  test("build-catalog --check fails when package.json's enum or the client's fallback list drifts", async () => {
    const { packageJsonWithVersions, clientFallbackVersions } = await generator();
    const text = readFileSync(join(repoRoot(), 'package.json'), 'utf8');
    assert.equal(packageJsonWithVersions(text, catalog.versions), text, 'the committed package.json is what the generator writes');
    assert.notEqual(packageJsonWithVersions(text, catalog.versions.slice(1)), text);
    assert.deepEqual(clientFallbackVersions(readFileSync(join(repoRoot(), 'client', 'src', 'commands.ts'), 'utf8')), [...catalog.versions]);
  });
});

describe('3.14 and 3.15', () => {
  test('list --python-version <newest> --format json holds every event observed on the newest release, with its count', () => {
    const rows: { name: string; arity: number | null }[] = JSON.parse(cli(['list', '--python-version', catalog.newest, '--format', 'json']).stdout);
    const byName = new Map(rows.map((r) => [r.name, r]));
    const observed = Object.entries(newestObserved().events);
    assert.ok(observed.length > 100);
    for (const [name, counts] of observed) {
      assert.ok(byName.has(name), `${name} missing`);
      assert.equal(byName.get(name)!.arity, counts[0], name);
    }
  });

  test('the new events, from the version that added them, with their counts', () => {
    const added: [string, string, number][] = [
      ['_posixsubprocess.fork_exec', '3.14', 3],
      ['sys.remote_exec', '3.14', 2],
      ['cpython.PyConfig_Set', '3.14', 2],
      ['cpython.remote_debugger_script', '3.14', 1],
      ['ctypes.memoryview_at', '3.14', 3],
      ['os._clearenv', '3.15', 0],
      ['winreg.DeleteTree', '3.15', 2],
    ];
    for (const [name, since, count] of added) {
      assert.equal(catalog.versionsRaising(name)[0], since, name);
      assert.equal(catalog.arity(name, catalog.newest), count, name);
      const before = catalog.versions[catalog.versions.indexOf(since) - 1];
      assert.equal(catalog.lookup(name, before)!.status, 'not-raised', `${name} in ${before}`);
    }
    assert.equal(catalog.get('winreg.DeleteTree')!.windowsOnly, true);
  });
});

describe('explain and list say "unknown" where nothing decides', () => {
  test('explain sys.excepthook: raised in every version, no gap, nothing unknown', () => {
    const r = cli(['explain', 'sys.excepthook', '--python-version', '3.10']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, new RegExp(`Raised in: ${catalog.versions[0]}–${catalog.newest.replace('.', '\\.')}\\.`));
    assert.doesNotMatch(r.stdout, /unknown/i);
  });

  test('explain of an event whose evidence is missing for some versions says "unknown" there', () => {
    // Windows-only and undocumented: raised in the 3.13 sources, absent from 3.11's; no later source tree.
    const unknown = ['3.12', ...catalog.versions.slice(catalog.versions.indexOf('3.14'))];
    assert.deepEqual(catalog.versionsUnknown('_winapi.CopyFile2'), unknown);
    const r = cli(['explain', '_winapi.CopyFile2', '--python-version', '3.13']);
    assert.ok(r.stdout.includes(`Raised in: 3.13; unknown for: ${formatVersionSet(unknown, catalog.versions)}.`), r.stdout);
    const there = cli(['explain', '_winapi.CopyFile2', '--python-version', '3.14']);
    assert.match(there.stdout, /Python 3\.14: unknown whether CPython raises it/);
    assert.doesNotMatch(there.stdout, /Not raised/);
  });

  test('list names the unknown versions of each event, in text and json', () => {
    const text = cli(['list', '--python-version', '3.13']).stdout;
    const line = text.split('\n').find((l) => l.startsWith('_winapi.CopyFile2 '))!;
    assert.match(line, /\)\s+unknown for 3\.12, 3\.14(–[\d.]+)?$/);
    assert.match(text, /^sys\.excepthook\s+\([^)]*\)$/m);
    const rows: { name: string; unknownIn: string[] }[] = JSON.parse(cli(['list', '--python-version', '3.8', '--format', 'json']).stdout);
    assert.deepEqual(rows.find((r) => r.name === 'os.chflags')!.unknownIn, ['3.8']);
  });
});

describe('errata of 3.14 and later', () => {
  test('ctypes.call_function: raised in every version; its absence from the 3.8-3.13 runs proves nothing', () => {
    assert.deepEqual(catalog.versionsRaising('ctypes.call_function'), [...catalog.versions]);
    assert.ok(catalog.get('ctypes.call_function')!.notes.some((n) => n.includes('every foreign-function call')));
    assert.deepEqual(catalog.eventsRaisedBy('ctypes.cast', '3.13'), []);
    assert.deepEqual(catalog.eventsRaisedBy('ctypes.cast', '3.14'), ['ctypes.call_function']);
  });

  test("ctypes.call_function: without its binary name, 3.12 is still not ruled out by the runs' silence", async () => {
    const { buildCatalog, loadFacts } = await generator();
    const facts = loadFacts();
    const names = facts.binaryNames.find((r: { release: string }) => r.release.startsWith('3.12.')).data.names as string[];
    names.splice(names.indexOf('ctypes.call_function'), 1);
    const event = buildCatalog(facts).events.find((e: { name: string }) => e.name === 'ctypes.call_function');
    assert.equal(event.versions['3.12'].status, 'raised');
    assert.equal(event.versions['3.12'].evidence, 'between');
  });

  test('a non-str event raises TypeError always from 3.14, only with a hook before', () => {
    assert.equal(catalog.nonStrEventAlwaysRaises('3.13'), false);
    assert.equal(catalog.nonStrEventAlwaysRaises('3.14'), true);
    assert.equal(catalog.nonStrEventAlwaysRaises(catalog.newest), true);
  });

  test('os.removedirs raises os.rmdir, not os.remove (the docs say os.remove)', () => {
    assert.deepEqual(catalog.eventsRaisedBy('os.removedirs'), ['os.rmdir']);
    assert.deepEqual(catalog.alias('os.removedirs')!.events, ['os.rmdir']);
    assert.equal(catalog.closest('os.removedirs')[0].name, 'os.rmdir');
    assert.ok(catalog.apisRaising('os.rmdir').includes('os.removedirs'));
    assert.ok(!catalog.apisRaising('os.remove').includes('os.removedirs'));
  });
});

describe('API names that are not events point at what CPython raises', () => {
  test('a docs ref to a never-raised name points at the raised one', () => {
    assert.deepEqual(catalog.alias('sys.set_asyncgen_hooks')!.events, ['sys.set_asyncgen_hook_finalizer', 'sys.set_asyncgen_hook_firstiter']);
  });

  test('tempfile.TemporaryFile raises open on Linux, not tempfile.mkstemp (observed on every version)', () => {
    assert.deepEqual(catalog.alias('tempfile.TemporaryFile')!.events, ['open']);
    for (const v of catalog.versions) assert.deepEqual(catalog.eventsRaisedBy('tempfile.TemporaryFile', v), ['open'], v);
    assert.deepEqual(catalog.alias('tempfile.NamedTemporaryFile')!.events, ['tempfile.mkstemp']);
  });
});

describe('argument types, APIs and what is not audited', () => {
  test("argument types per version: open's mode can be None, and which APIs pass None", () => {
    const types = catalog.argumentTypes('open', catalog.newest)!;
    assert.deepEqual(types[1], ['NoneType', 'str']);
    assert.ok(catalog.apisPassingType('open', 1, 'NoneType').includes('os.open'));
    assert.ok(!catalog.apisPassingType('open', 1, 'NoneType').includes('builtins.open'));
    assert.deepEqual(catalog.argumentTypes('os.system', '3.11'), [['bytes']]);
  });

  test('per-version detail where a version differs: pathlib._local.PosixPath on 3.13 only', () => {
    assert.deepEqual(catalog.argumentTypes('pathlib.Path.glob', '3.13')![0], ['pathlib._local.PosixPath']);
    assert.deepEqual(catalog.argumentTypes('pathlib.Path.glob', '3.12')![0], ['pathlib.PosixPath']);
    assert.deepEqual(catalog.argumentTypes('syslog.setlogmask', '3.9'), [['tuple']]);
    assert.deepEqual(catalog.argumentTypes('syslog.setlogmask', '3.10'), [['int']]);
  });

  test('no types where no interpreter of that version raised the event', () => {
    assert.equal(catalog.argumentTypes('time.sleep', '3.11'), null);
    assert.equal(catalog.argumentTypes('winreg.OpenKey', catalog.newest), null);
  });

  test('API to events: os.popen, os.unlink, subprocess.run, builtins written bare', () => {
    assert.deepEqual(catalog.eventsRaisedBy('os.popen', '3.12'), ['open', 'subprocess.Popen']);
    assert.deepEqual(catalog.eventsRaisedBy('os.popen', '3.13'), ['open', 'subprocess.Popen', 'os.posix_spawn']);
    assert.deepEqual(catalog.eventsRaisedBy('os.unlink'), ['os.remove']);
    assert.ok(catalog.eventsRaisedBy('subprocess.run', '3.14')!.includes('_posixsubprocess.fork_exec'));
    assert.ok(!catalog.eventsRaisedBy('subprocess.run', '3.13')!.includes('_posixsubprocess.fork_exec'));
    assert.deepEqual(catalog.eventsRaisedBy('open'), ['open']);
    assert.equal(catalog.eventsRaisedBy('no.such.api'), undefined, 'the facts have no answer');
    assert.equal(catalog.eventsRaisedBy('pathlib.Path.copy', '3.13'), undefined, 'not in 3.13');
  });

  test('the APIs seen raising an event', () => {
    const apis = catalog.apisRaising('subprocess.Popen');
    for (const a of ['subprocess.run', 'os.popen', 'subprocess.check_output']) assert.ok(apis.includes(a), a);
    assert.ok(catalog.apisRaising('os.posix_spawn', '3.13').includes('subprocess.run'));
    assert.ok(!catalog.apisRaising('os.posix_spawn', '3.12').includes('subprocess.run'));
  });

  test('not audited: calls that raised nothing, by capability and version', () => {
    const env = catalog.notAudited('environment').map((c) => c.api);
    assert.ok(env.includes('os.getenv'));
    const writes = catalog.notAudited('file-write', catalog.newest).map((c) => c.api);
    for (const a of ['os.write', 'os.mkfifo', 'shutil.copyfileobj']) assert.ok(writes.includes(a), a);
    assert.ok(catalog.notAudited('native-code', '3.13').some((c) => c.api === 'ctypes.cast'));
    assert.ok(!catalog.notAudited('native-code', '3.14').some((c) => c.api === 'ctypes.cast'), 'audited from 3.14');
    assert.ok(catalog.notAudited('other', '3.12').some((c) => c.api === 'time.sleep'));
    assert.ok(!catalog.notAudited('other', '3.13').some((c) => c.api === 'time.sleep'), 'audited from 3.13');
  });
});

describe('capability map (catalog/capabilities.json)', () => {
  const ids = Object.keys(catalog.capabilities) as Capability[];

  test('every event of every version is in at least one capability, each with a reason', () => {
    assert.equal(ids.length, 15);
    for (const e of catalog.all()) {
      assert.ok(e.capabilities.length > 0, `${e.name} has no capability`);
      for (const c of e.capabilities) {
        assert.ok(ids.includes(c.capability), `${e.name}: ${c.capability}`);
        assert.ok(c.reason.length > 10, `${e.name}: no reason`);
      }
    }
    for (const v of catalog.versions) {
      const covered = new Set(ids.flatMap((id) => catalog.eventsOf(id, v).map((e) => e.name)));
      assert.equal(covered.size, catalog.events(v).length, v);
    }
  });

  test('the generator refuses an unassigned event', async () => {
    const { buildCatalog, loadFacts } = await generator();
    const facts = loadFacts();
    delete facts.capabilities.events['os.system'];
    assert.throws(() => buildCatalog(facts), /assigns no capability to: os\.system/);
  });

  test('process creation per version, and the accessors', () => {
    const names = (v: string) => catalog.eventsOf('process-creation', v).map((e) => e.name);
    for (const n of ['subprocess.Popen', 'os.system', 'os.exec', 'os.posix_spawn', 'os.fork', 'pty.spawn']) assert.ok(names('3.13').includes(n), n);
    assert.ok(names('3.14').includes('_posixsubprocess.fork_exec'));
    assert.ok(!names('3.13').includes('_posixsubprocess.fork_exec'));
    assert.deepEqual(catalog.capabilitiesOf('os.remove').map((c) => c.capability), ['file-delete-rename']);
    assert.deepEqual(catalog.capabilitiesOf('no.such.event'), []);
    assert.ok(catalog.capabilitiesOf('sys.remote_exec').some((c) => c.capability === 'interpreter-control'));
  });
});
