import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DIAGNOSTIC_CODES } from '../src/features/diagnostics/rules';
import { catalog } from './helpers/engine';
import { CLI_JS, repoRoot } from './helpers/repo';
import { tempTree } from './helpers/tempDir';

function cli(args: string[], cwd = repoRoot()) {
  const r = spawnSync(process.execPath, [CLI_JS(), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}


describe('audit-events check', () => {
  test('examples/ shows every code of SPEC §4, in the text format, and exits 1', () => {
    const r = cli(['check', 'examples']);
    assert.equal(r.code, 1, r.stderr);
    for (const code of DIAGNOSTIC_CODES) assert.match(r.stdout, new RegExp(`: \\w+\\[${code}\\] `), `no ${code} in:\n${r.stdout}`);
    assert.match(r.stdout, /^examples\/hooks\.py:11:9: warning\[unpack-arity\] 'open' takes 3 arguments \(path, mode, flags\); this unpacks 2 \(path, mode\)$/m);
    assert.match(r.stdout.trim().split('\n').pop()!, /^\d+ errors?, \d+ warnings, 2 information in 3 files \(\d+ checked\)$/);
  });

  test('a folder with Python and C files reports both', () => {
    const dir = tempTree('cli', {
      'ext/mod.c': 'void f(void) {\n    PySys_Audit("myext.load", "Oi", p, n);\n    PySys_Audit("os.remove", "O", p);\n    PySys_Audit("open", "Os", p, m);\n}\n',
      'app/hook.py': 'import sys\ndef h(event, args):\n    if event == "myext.load":\n        (p,) = args\nsys.addaudithook(h)\n',
    });
    const rows = JSON.parse(cli(['check', dir, '--format', 'json']).stdout);
    assert.deepEqual(
      rows.map((x: any) => `${x.file.split('/').slice(-2).join('/')}:${x.line}:${x.code}`),
      ['app/hook.py:4:unpack-arity', 'ext/mod.c:4:arity'],
    );
  });

  test('--format json: an array of {file, line, column, endLine, endColumn, severity, code, message}, 1-based', () => {
    const r = cli(['check', 'examples', '--format', 'json']);
    const rows = JSON.parse(r.stdout);
    assert.ok(Array.isArray(rows) && rows.length >= DIAGNOSTIC_CODES.length);
    for (const row of rows) {
      assert.deepEqual(Object.keys(row), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message']);
      assert.ok(row.line >= 1 && row.column >= 1);
    }
    const unpack = rows.find((x: any) => x.code === 'unpack-arity');
    assert.deepEqual([unpack.file, unpack.line, unpack.column, unpack.endLine, unpack.endColumn], ['examples/hooks.py', 11, 9, 11, 19]);
  });

  test('--format sarif: SARIF 2.1.0 structure with rules, results, ruleIds and locations', () => {
    const log = JSON.parse(cli(['check', 'examples', '--format', 'sarif']).stdout);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'audit-events');
    const ruleIds = run.tool.driver.rules.map((r: any) => r.id);
    assert.deepEqual(ruleIds, [...DIAGNOSTIC_CODES]);
    assert.ok(run.results.length >= DIAGNOSTIC_CODES.length);
    for (const res of run.results) {
      assert.ok(ruleIds.includes(res.ruleId));
      assert.equal(run.tool.driver.rules[res.ruleIndex].id, res.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(res.level));
      assert.equal(typeof res.message.text, 'string');
      const loc = res.locations[0].physicalLocation;
      assert.match(loc.artifactLocation.uri, /^examples\/(app\.py|hooks\.py|_speedups\.c)$/);
      assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1 && loc.region.endColumn >= 1);
    }
  });

  test('--format github: workflow annotations', () => {
    const lines = cli(['check', 'examples', '--format', 'github']).stdout.trim().split('\n');
    assert.ok(lines.every((l) => /^::(error|warning|notice) file=examples\/\w+\.(py|c),line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=audit-events\([\w-]+\)::/.test(l)), lines.join('\n'));
  });

  test('clean code exits 0; the summary says so', () => {
    const dir = tempTree('cli', { 'ok.py': 'import sys\ndef h(event, args):\n    if event == "open":\n        path, mode, flags = args\nsys.addaudithook(h)\nsys.audit("myapp.x", 1)\n' });
    const r = cli(['check', dir]);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /^no problems \(1 file checked\)$/m);
  });

  test('information alone exits 0; --python-version changes the result', () => {
    const dir = tempTree('cli', { 'a.py': 'import sys\nsys.audit("os.rmeove", p, None)\ndef h(event, args):\n    if event == "time.sleep": pass\nsys.addaudithook(h)\n' });
    assert.equal(cli(['check', dir, '--python-version', '3.13']).code, 0);
    const r = cli(['check', dir, '--python-version=3.11']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /warning\[version\]/);
  });

  test('[tool.audit-events] in pyproject.toml: version, custom events, severity, exclude', () => {
    const dir = tempTree('cli', {
      'pyproject.toml': '[project]\nrequires-python = ">=3.9,<3.11"\n[tool.audit-events]\ncustom-events = { "myapp.login" = ["user", "ip"] }\nseverity = { arity = "error" }\nexclude = ["generated/**"]\n',
      'app.py': 'import sys\nsys.audit("myapp.login", u)\ndef h(event, args):\n    if event == "time.sleep": pass\nsys.addaudithook(h)\n',
      'generated/big.py': 'import sys\nsys.audit(b"bytes")\n',
    });
    const r = cli(['check', '.', '--format', 'json'], dir);
    const rows = JSON.parse(r.stdout);
    assert.deepEqual(rows.map((x: any) => `${x.file}:${x.severity}:${x.code}`).sort(), ['app.py:error:arity', 'app.py:warning:version']);
    assert.match(rows.find((x: any) => x.code === 'version').message, /not raised by Python 3\.9–3\.10 \(the target versions\)/);
  });

  test('requires-python ">=3.9" and no setting: the whole range; issue 11\'s rmtree hook', () => {
    const hook = (body: string) => `import sys\ndef h(event, args):\n    if event == "shutil.rmtree":\n${body}\nsys.addaudithook(h)\n`;
    const dir = tempTree('cli', {
      'pyproject.toml': '[project]\nrequires-python = ">=3.9"\n',
      'guarded.py': hook('        if sys.version_info >= (3, 11):\n            path, dir_fd = args\n        else:\n            (path,) = args'),
      'unguarded.py': hook('        (path,) = args'),
      'later.py': 'def h(event, args):\n    if event == "time.sleep": pass\nimport sys\nsys.addaudithook(h)\n',
    });
    const rows = JSON.parse(cli(['check', '.', '--format', 'json'], dir).stdout);
    assert.deepEqual(rows.map((x: any) => `${x.file}:${x.line}:${x.severity}:${x.code}`).sort(), ['later.py:2:information:version', 'unguarded.py:4:warning:unpack-arity']);
    assert.equal(
      rows.find((x: any) => x.code === 'unpack-arity').message,
      "'shutil.rmtree' takes 2 arguments (path, dir_fd) in 3.11–3.15; this unpacks 1 (path), which is right only for 3.9–3.10",
    );
    assert.match(rows.find((x: any) => x.code === 'version').message, /^'time\.sleep' is not raised by Python 3\.9–3\.12, part of the target 3\.9–3\.15; CPython raises it in 3\.13–/);
    const pinned = JSON.parse(cli(['check', '.', '--format', 'json', '--python-version', '3.13+'], dir).stdout);
    assert.deepEqual(pinned.map((x: any) => `${x.file}:${x.code}`), ['unguarded.py:unpack-arity'], '--python-version takes a range and wins over requires-python');
    assert.match(pinned[0].message, /in 3\.13–3\.15; this unpacks 1 \(path\), which is right for 3\.8–3\.10 \(path\)$/);
    assert.equal(cli(['check', '.', '--python-version', '3.9-3.10'], dir).code, 1, 'time.sleep is not raised by any of 3.9–3.10');
    const bad = cli(['check', '.', '--python-version', '3.13-3.9'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr + bad.stdout, /runs backwards/);
  });

  test('unreadable, binary and non-UTF-8 files are reported and the run goes on', () => {
    const dir = tempTree('cli', {
      'good.py': 'import sys\nsys.audit(b"x")\n',
      'binary.py': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a]),
      'latin1.py': Buffer.from('x = "caf\xe9"\nimport sys\nsys.audit(b"y")\n', 'latin1'),
      'declared.py': Buffer.from('# -*- coding: latin-1 -*-\nimport sys\nsys.audit(b"caf\xe9")\n', 'latin1'),
    });
    execFileSync('mkfifo', [join(dir, 'pipe.py')]);
    const r = cli(['check', dir, join(dir, 'pipe.py')]);
    assert.equal(r.code, 2, 'a run that could not check every file is not clean');
    assert.match(r.stdout, /binary\.py: error: binary file/);
    assert.match(r.stdout, /latin1\.py: error: not valid UTF-8/);
    assert.match(r.stdout, /pipe\.py: error: not a file/);
    assert.match(r.stdout, /good\.py:2:11: error\[event-not-str\]/);
    assert.match(r.stdout, /declared\.py:3:11: error\[event-not-str\]/, 'a PEP 263 coding declaration is honoured');
    assert.match(r.stdout, /3 unreadable/);
  });

  test('--exit-zero reports and exits 0', () => {
    const r = cli(['check', 'examples', '--exit-zero']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /warning\[unpack-arity\]/);
  });

  test('usage errors exit 2', () => {
    assert.equal(cli(['check', '--python-version', '2.7']).code, 2);
    assert.equal(cli(['check', '--format', 'xml']).code, 2);
    assert.equal(cli(['check', 'no/such/path']).code, 2);
    assert.equal(cli(['frobnicate']).code, 2);
    assert.equal(cli([]).code, 2);
    assert.equal(cli(['check', '--bogus']).code, 2);
    assert.match(cli(['check', '--bogus']).stderr, /unknown option --bogus/);
  });
});

describe('audit-events list and explain', () => {
  test('list --format json: {name, args, arity, versions, docs} for that version', () => {
    const rows = JSON.parse(cli(['list', '--python-version', '3.9', '--format', 'json']).stdout);
    const names = new Set(rows.map((r: any) => r.name));
    assert.ok(names.has('nntplib.connect') && !names.has('time.sleep'));
    const open = rows.find((r: any) => r.name === 'open');
    assert.deepEqual(open, {
      name: 'open',
      args: ['file', 'mode', 'flags'],
      arity: 3,
      versions: [...catalog.versions],
      unknownIn: [],
      docs: 'https://docs.python.org/3.9/library/functions.html#open',
      byVersion: { '3.9': { status: 'raised', arity: 3, args: ['file', 'mode', 'flags'] } },
    });
    for (const r of rows) assert.ok(r.arity === null || typeof r.arity === 'number');
  });

  test('list text and explain', () => {
    assert.match(cli(['list', '--python-version', '3.13']).stdout, /^time\.sleep\s+\(seconds\)$/m);
    const r = cli(['explain', 'shutil.rmtree', '--python-version', '3.11']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /shutil\.rmtree\(path, dir_fd\)/);
    assert.match(r.stdout, /3\.8, 3\.9, 3\.10: shutil\.rmtree\(path\)/);
    const missing = cli(['explain', 'os.rmove']);
    assert.equal(missing.code, 1);
    assert.match(missing.stdout, /did you mean 'os\.remove'/);
  });

  test('list and explain over a range show each version', () => {
    const rows = JSON.parse(cli(['list', '--python-version', '3.9-3.12', '--format', 'json']).stdout);
    const rmtree = rows.find((r: any) => r.name === 'shutil.rmtree');
    assert.deepEqual(Object.keys(rmtree.byVersion), ['3.9', '3.10', '3.11', '3.12']);
    assert.deepEqual([rmtree.byVersion['3.10'].args, rmtree.byVersion['3.11'].args], [['path'], ['path', 'dir_fd']]);
    assert.ok(rows.some((r: any) => r.name === 'nntplib.connect'), 'an event part of the range raises is listed');
    const text = cli(['list', '--python-version', '>=3.10,<3.14']).stdout;
    assert.match(text, /^shutil\.rmtree\s+3\.10 \(path\) · 3\.11–3\.13 \(path, dir_fd\)$/m);
    assert.match(text, /^time\.sleep\s+3\.10–3\.12 not raised · 3\.13 \(seconds\)$/m);
    assert.match(text, /events for Python 3\.10–3\.13$/m);
    const r = cli(['explain', 'shutil.rmtree', '--python-version', '3.10+']);
    assert.match(r.stdout, /Python 3\.10: 1 argument \(path\)\./);
    assert.match(r.stdout, /Python 3\.11–3\.15: 2 arguments \(path, dir_fd\)\./);
  });
});
