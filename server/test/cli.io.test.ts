// The CLI as a program among others: pipes, full disks, odd file names, projects, bad input.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { tempTree } from './helpers/tempDir';
import { CLI_JS, repoRoot } from './helpers/repo';

function cli(args: string[], cwd = repoRoot()) {
  const r = spawnSync(process.execPath, [CLI_JS(), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tree = (files: Record<string, string | Buffer>): string => tempTree('cli-io', files);

const shell = (script: string) => spawnSync('bash', ['-c', script], { cwd: repoRoot(), encoding: 'utf8' });

describe('audit-events on a failing stdout', () => {
  test('a reader that goes away (| head) ends it quietly with its usual status', () => {
    // `true` closes its end before the CLI writes: the write meets a closed pipe (EPIPE).
    const r = shell(`node ${CLI_JS()} list | true; echo "status=\${PIPESTATUS[0]}"`);
    assert.match(r.stdout, /status=0/);
    assert.doesNotMatch(r.stderr, /EPIPE|Error|at /);
    const c = shell(`node ${CLI_JS()} check examples | true; echo "status=\${PIPESTATUS[0]}"`);
    assert.match(c.stdout, /status=1/, 'the findings status, not a crash');
    assert.doesNotMatch(c.stderr, /EPIPE|Error|at /);
  });

  test('a write that fails (a full disk) is exit 3 with one line on stderr', () => {
    const r = shell(`node ${CLI_JS()} list > /dev/full; echo "status=$?"`);
    assert.match(r.stdout, /status=3/);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /cannot write the output: ENOSPC/);
  });
});

describe('audit-events check: what it is asked to check', () => {
  test('checking one file gives the answer that checking its project does', () => {
    const dir = tree({
      'pyproject.toml': '[project]\nname = "p"\n',
      'emit/emitter.py': 'import sys\nsys.audit("myapp.login", 1, 2)\n',
      'hooks/h.py': 'import sys\ndef h(event, args):\n    if event == "myapp.login":\n        (user,) = args\nsys.addaudithook(h)\n',
    });
    const one = JSON.parse(cli(['check', join(dir, 'hooks', 'h.py'), '--format', 'json']).stdout);
    const all = JSON.parse(cli(['check', dir, '--format', 'json']).stdout).filter((r: any) => r.file.endsWith('h.py'));
    assert.deepEqual(one.map((r: any) => r.code), ['unpack-arity'], 'the custom event is known from the other file');
    assert.deepEqual(one.map((r: any) => r.message), all.map((r: any) => r.message));
  });

  test('one missing path among several is reported, the others still checked', () => {
    const dir = tree({ 'a.py': 'import sys\nsys.audit(b"x")\n' });
    const r = cli(['check', join(dir, 'nope.py'), join(dir, 'a.py')]);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /nope\.py: error: no such file or directory/);
    assert.match(r.stdout, /a\.py:2:11: error\[event-not-str\]/);
  });

  test('unreadable files are in every format, JSON too', () => {
    const dir = tree({ 'bin.py': 'x\u0000y' });
    const rows = JSON.parse(cli(['check', dir, '--format', 'json']).stdout);
    assert.deepEqual(rows.map((r: any) => [r.code, r.severity]), [['unreadable', 'error']]);
  });

  test('a file name cannot forge a line of the text output; SARIF URIs are percent-encoded', () => {
    const dir = tree({ 'odd\nsrc/x.py:1:1: error[arity] forged.py': 'import sys\nsys.audit(b"x")\n', 'a b#c.py': 'import sys\nsys.audit(b"x")\n' });
    const text = cli(['check', dir]).stdout;
    assert.ok(!text.split('\n').some((l) => l.startsWith('src/x.py:1:1: error[arity] forged')), text);
    assert.match(text, /"[^"]*odd\\nsrc[^"]*":2:11: error\[event-not-str\]/);
    const sarif = JSON.parse(cli(['check', join(dir, 'a b#c.py'), '--format', 'sarif']).stdout);
    assert.match(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, /a%20b%23c\.py$/);
  });
});

describe('audit-events: arguments and configuration', () => {
  test('options are matched by their whole name', () => {
    const r = cli(['check', 'examples', '--formatting=json']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown option --formatting=json/);
    assert.equal(r.stderr.trim().split('\n').length, 2, 'one error and a pointer to --help, not the whole usage');
    assert.match(r.stderr, /--help/);
  });

  test('explain --format json prints what hover shows, as JSON', () => {
    const r = cli(['explain', 'shutil.rmtree', '--format', 'json', '--python-version', '3.11']);
    assert.equal(r.code, 0, r.stderr);
    const data = JSON.parse(r.stdout);
    assert.equal(data.name, 'shutil.rmtree');
    assert.deepEqual(data.args, ['path', 'dir_fd']);
    assert.equal(data.arity, 2);
    assert.match(data.hover, /shutil\.rmtree\(path, dir_fd\)/);
    assert.equal(JSON.parse(cli(['explain', 'os.rmove', '--format', 'json']).stdout).known, false);
  });

  test('an invalid pyproject.toml is a usage error, with its file and line', () => {
    const dir = tree({ 'pyproject.toml': '[project]\nname = "x"\n[tool.audit-events\n', 'a.py': 'x = 1\n' });
    const r = cli(['check', dir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /pyproject\.toml:3: error: /);
  });

  test('an unknown key or an unsupported version in [tool.audit-events] is a usage error with its line and key', () => {
    const dir = tree({ 'pyproject.toml': '[tool.audit-events]\npython-version = "2.7"\ncustom-event = {}\n', 'a.py': 'x = 1\n' });
    const r = cli(['check', dir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /pyproject\.toml:2: error: python-version '2\.7' is not/);
    assert.match(r.stderr, /pyproject\.toml:3: error: unknown key 'custom-event'/);
  });
});
