import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { catalog } from './helpers/engine';
import { CLI_JS, repoRoot } from './helpers/repo';

function cli(args: string[], cwd = repoRoot()) {
  const r = spawnSync(process.execPath, [CLI_JS(), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function hookFile(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'audit-events-coverage-'));
  made.push(dir);
  writeFileSync(join(dir, 'pyproject.toml'), `[tool.audit-events]\npython-version = "${catalog.newest}"\n`);
  writeFileSync(join(dir, 'hook.py'), `import sys\ndef guard(event, args):\n${body}\nsys.addaudithook(guard)\n`);
  return dir;
}

describe('audit-events coverage', () => {
  test('examples/: the matrix per hook and capability in text, json and markdown', () => {
    const text = cli(['coverage', 'examples']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^examples\/hooks\.py:7: audit_hook \(Python 3\.11\)$/m);
    assert.match(text.stdout, /^  file-delete-rename: handles 3 of \d+ \(targeted\): os\.remove, os\.rmdir, shutil\.rmtree$/m);
    assert.match(text.stdout, /^    missing: .*os\.rename\(src, dst, src_dir_fd, dst_dir_fd\)/m);

    const json = cli(['coverage', 'examples', '--format', 'json']);
    const rows = JSON.parse(json.stdout);
    const audit = rows.find((r: any) => r.hook === 'audit_hook');
    assert.equal(audit.path, 'examples/hooks.py');
    const del = audit.capabilities.find((c: any) => c.capability === 'file-delete-rename');
    assert.equal(del.targeted, true);
    assert.deepEqual(del.handled, ['os.remove', 'os.rmdir', 'shutil.rmtree']);
    assert.deepEqual(del.missing.find((m: any) => m.event === 'os.rename').args, ['src', 'dst', 'src_dir_fd', 'dst_dir_fd']);
    assert.ok(rows.some((r: any) => r.hook === 'file_logger'));

    const md = cli(['coverage', 'examples', '--format', 'markdown']);
    assert.equal(md.code, 0);
    assert.match(md.stdout, /^## `audit_hook` \(examples\/hooks\.py:7\), Python 3\.11$/m);
    assert.match(md.stdout, /^\| file-delete-rename \| yes \| 3 of \d+: `os\.remove`, `os\.rmdir`, `shutil\.rmtree` \| `os\.rename\(src, dst, src_dir_fd, dst_dir_fd\)`, `shutil\.move\(src, dst\)` \|$/m);
  });

  test('--fail-on-missing exits 1 on a gap in a targeted capability, 0 once it is covered or only logged', () => {
    const gap = hookFile('    if event in ("os.system", "subprocess.Popen"):\n        raise PermissionError(event)');
    assert.equal(cli(['coverage', gap]).code, 0);
    const failing = cli(['coverage', gap, '--fail-on-missing']);
    assert.equal(failing.code, 1);
    assert.match(failing.stdout, /process-creation: handles 2 of \d+ \(targeted\)/);
    const all = catalog.eventsOf('process-creation', catalog.newest).map((e) => JSON.stringify(e.name)).join(', ');
    assert.equal(cli(['coverage', hookFile(`    if event in (${all}):\n        raise PermissionError(event)`), '--fail-on-missing']).code, 0);
    assert.equal(cli(['coverage', hookFile('    if event == "os.system":\n        print(args[0])'), '--fail-on-missing']).code, 0);
  });

  test('a bad format is a usage error', () => {
    const r = cli(['coverage', 'examples', '--format', 'sarif']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown format 'sarif' \(text, json or markdown\)/);
  });
});
