import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { getCatalog } from '../src/catalog/catalog';
import { repoRoot } from './helpers/repo';

// The maintainer scripts (scripts/maintainer/): Python, run by maintainers only. Their full check
// against every pyenv interpreter is `npm run catalog:verify-observations` (too slow for npm test);
// here: the raise-site scanner on a small source tree written below, and one observation run.

const python = (() => {
  const r = spawnSync('python3', ['-c', 'import sys; print(sys.version_info[0])'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() === '3' ? 'python3' : null;
})();
const noPython = python ? false : 'no python3 on PATH: the maintainer scripts cannot run here';

const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'cpython-tree-'));
  made.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const scan = (...args: string[]) => {
  const r = spawnSync(python!, [join(repoRoot(), 'scripts', 'maintainer', 'scan_raise_sites.py'), ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return { sites: JSON.parse(r.stdout) as { event: string; arity: number | null; where: string; lang: string; format?: string }[], stderr: r.stderr };
};

describe('scan_raise_sites.py', { skip: noPython }, () => {
  test('C raise sites with the Py_BuildValue count, and Lib/ sites without tests', () => {
    const root = tree({
      'Modules/demo.c': [
        '/* PySys_Audit("in.a.comment", "O", x) is no call */',
        'static int f(PyObject *x, const char *p) {',
        '    if (PySys_Audit("demo.open", "Osi", x, p, 1) < 0) {  // three',
        '        return -1;',
        '    }',
        '    if (PySys_Audit("demo" ".joined",',
        '                    "(O)", x) < 0) return -1;',
        '    if (PySys_Audit("demo.none", NULL) < 0) return -1;',
        '    if (PySys_Audit("demo.whole", "O", x) < 0) return -1;',
        '    if (PySys_Audit("demo.group", "(OO)[ii]{s:i}", x, x, 1, 2, "k", 3) < 0) return -1;',
        '    if (PySys_Audit("demo.sized", "y#n", p, 3, 4) < 0) return -1;',
        '    if (PySys_Audit("demo.macro", "ini" PY_OFF_T_COMPAT, 1, 2, 3, 4) < 0) return -1;',
        '    if (_PySys_Audit(tstate, "demo.tstate", "OO", x, x) < 0) return -1;',
        '    if (PySys_AuditTuple("demo.tuple", args) < 0) return -1;',
        '    if (PySys_Audit("demo.pair", "(Oi)", x, 1) < 0) return -1;',
        '    return 0;',
        '}',
      ].join('\n'),
      'Python/sysmodule.c': 'int\nPySys_Audit(const char *event, const char *argFormat, ...)\n{\n    return 0;\n}\n',
      'Include/ignored.h': 'PySys_Audit("not.scanned", "O", x);\n',
      'Lib/demo.py': 'import sys\n\ndef f(a, *rest):\n    sys.audit("demo.py", a, 2)\n    sys.audit("demo.star", *rest)\n    sys.audit(name_not_literal, a)\n',
      'Lib/test/test_demo.py': 'import sys\nsys.audit("demo.test", 1)\n',
      'Lib/pkg/tests/t.py': 'import sys\nsys.audit("demo.tests", 1)\n',
    });
    const { sites } = scan(root);
    const brief = sites.map((s) => [s.event, s.arity, s.where, s.format ?? null]);
    assert.deepEqual(brief, [
      ['demo.open', 3, 'Modules/demo.c:3', '"Osi"'],
      ['demo.joined', 1, 'Modules/demo.c:6', '"(O)"'],
      ['demo.none', 0, 'Modules/demo.c:8', 'NULL'],
      ['demo.whole', null, 'Modules/demo.c:9', '"O"'],
      ['demo.group', 3, 'Modules/demo.c:10', '"(OO)[ii]{s:i}"'],
      ['demo.sized', 2, 'Modules/demo.c:11', '"y#n"'],
      ['demo.macro', null, 'Modules/demo.c:12', '"ini" PY_OFF_T_COMPAT'],
      ['demo.tstate', 2, 'Modules/demo.c:13', '"OO"'],
      ['demo.tuple', null, 'Modules/demo.c:14', 'args'],
      ['demo.pair', 2, 'Modules/demo.c:15', '"(Oi)"'],
      ['demo.py', 2, 'Lib/demo.py:4', null],
      ['demo.star', null, 'Lib/demo.py:5', null],
    ]);
  });

  test("--lib on this machine's python3 stdlib: the shipped stdlib-sites of that release, site for site", () => {
    const r = spawnSync(python!, ['-c', 'import sys, sysconfig; print("%d.%d.%d" % sys.version_info[:3]); print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' });
    const [release, lib] = r.stdout.trim().split('\n');
    const shipped = join(repoRoot(), 'catalog', 'sources', `stdlib-sites-${release}.json`);
    if (!existsSync(shipped)) {
      assert.ok(readdirSync(join(repoRoot(), 'catalog', 'sources')).some((f) => f.startsWith('stdlib-sites-')));
      return; // a release the facts do not cover: the scan of a fixture above still ran
    }
    const key = (s: { event: string; arity: number | null; where: string }) => `${s.event} ${s.arity} ${s.where}`;
    const expected = (JSON.parse(readFileSync(shipped, 'utf8')) as { event: string; arity: number | null; where: string }[]).map(key).sort();
    assert.deepEqual(scan('--lib', lib).sites.map(key).sort(), expected);
  });
});

describe('observe_events.py', { skip: noPython }, () => {
  test('prints the observed-*.json shape, and agrees with the catalog on what it saw', () => {
    const r = spawnSync(python!, [join(repoRoot(), 'scripts', 'maintainer', 'observe_events.py')], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { version: string; events: Record<string, number[]> };
    const catalog = getCatalog();
    assert.ok(catalog.isVersion(out.version), out.version);
    const seen = Object.entries(out.events);
    assert.ok(seen.length > 90, `${seen.length} events`);
    for (const [name, counts] of seen) {
      assert.equal(counts.length, 1, `${name}: one count`);
      const f = catalog.lookup(name, out.version);
      assert.equal(f?.status, 'raised', `${name} on ${out.version}`);
      assert.equal(f?.arity, counts[0], `${name} on ${out.version}`);
    }
    for (const name of ['open', 'os.system', 'subprocess.Popen', 'socket.connect', 'compile', 'exec', 'os.exec']) assert.ok(name in out.events, name);
  });
});
