import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { repoRoot } from '../helpers/repo';
import { BAD_HOOK, BAD_HOOK_FINDING, cleanEnv, makeTempDir, readmeBlock, run, type TempDir } from './support';

const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

/**
 * This working tree (tracked and new files, as they are now) committed into a fresh repository:
 * the hook source pre-commit clones, so the test covers uncommitted changes too.
 */
function snapshotRepository(dest: string, env: NodeJS.ProcessEnv): string {
  const root = repoRoot();
  const listed = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root });
  assert.equal(listed.code, 0, listed.stderr);
  for (const file of new Set(listed.stdout.split('\0').filter(Boolean))) {
    const from = join(root, file);
    if (!statSync(from, { throwIfNoEntry: false })?.isFile()) continue; // deleted, not yet committed
    mkdirSync(dirname(join(dest, file)), { recursive: true });
    copyFileSync(from, join(dest, file));
  }
  for (const args of [['init', '-q'], ['add', '-A'], ['commit', '-q', '-m', 'snapshot']]) {
    const r = run('git', args, { cwd: dest, env });
    assert.equal(r.code, 0, r.stderr);
  }
  return run('git', ['rev-parse', 'HEAD'], { cwd: dest, env }).stdout.trim();
}

const APP = 'import sys\n\nsys.audit("myapp.login", "alice", "10.0.0.1")\n';

describe("the pre-commit hook, run by Debian's pre-commit", () => {
  let work: TempDir;
  let project: string;
  let env: NodeJS.ProcessEnv;

  const commit = (files: Record<string, string>, message: string) => {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(project, name), text);
    run('git', ['add', ...Object.keys(files)], { cwd: project, env });
    const r = run('git', ['commit', '-m', message], { cwd: project, env, timeout: 540000 });
    return { ...r, output: r.stdout + r.stderr };
  };
  const commitCount = () => Number(run('git', ['rev-list', '--count', 'HEAD'], { cwd: project, env }).stdout.trim() || 0);

  before(() => {
    const version = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
    assert.ok(!version.error && version.status === 0, "Debian's pre-commit is not installed: apt-get install pre-commit (.ci/run does)");
    work = makeTempDir('pre-commit');
    // prefer-offline: the hook's environment installs this package's devDependencies, which
    // `npm ci` has just put in npm's cache.
    env = cleanEnv({ ...GIT_IDENTITY, PRE_COMMIT_HOME: join(work.path, 'cache'), npm_config_prefer_offline: 'true' });
    const source = join(work.path, 'source');
    mkdirSync(source);
    const rev = snapshotRepository(source, env);

    // The README's configuration, pointed at the snapshot instead of GitHub.
    const manifest = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8'));
    const config = parse(readmeBlock('yaml', 'repos:'));
    assert.equal(config.repos[0].repo, manifest.repository.url.replace(/\.git$/, ''));
    assert.equal(config.repos[0].rev, `v${manifest.version}`);
    const hooks = parse(readFileSync(join(repoRoot(), '.pre-commit-hooks.yaml'), 'utf8'));
    assert.deepEqual(config.repos[0].hooks.map((h: { id: string }) => h.id), hooks.map((h: { id: string }) => h.id));
    config.repos[0].repo = source;
    config.repos[0].rev = rev;

    project = join(work.path, 'project');
    mkdirSync(project);
    assert.equal(run('git', ['init', '-q'], { cwd: project, env }).code, 0);
    writeFileSync(join(project, '.pre-commit-config.yaml'), stringify(config));
    const install = run('pre-commit', ['install'], { cwd: project, env });
    assert.equal(install.code, 0, install.stdout + install.stderr);
    // pre-commit refuses to run while its configuration is unstaged; committing it here (hooks
    // skipped) lets every test below run on its own, under a name filter too.
    run('git', ['add', '.pre-commit-config.yaml'], { cwd: project, env });
    const setup = run('git', ['commit', '-q', '--no-verify', '-m', 'pre-commit configuration'], { cwd: project, env });
    assert.equal(setup.code, 0, setup.stdout + setup.stderr);
  });
  after(() => work?.remove());

  test('a commit with correct code passes', { timeout: 600000 }, () => {
    const before = commitCount();
    const r = commit({ 'app.py': APP }, 'app');
    assert.equal(r.code, 0, r.output);
    assert.match(r.output, /^audit-events\.+Passed$/m);
    assert.equal(commitCount(), before + 1);
  });

  test('a hook that unpacks the wrong number of arguments is reported and the commit refused', { timeout: 600000 }, () => {
    const before = commitCount();
    const r = commit({ 'hooks.py': BAD_HOOK }, 'bad hook');
    assert.notEqual(r.code, 0, r.output);
    assert.match(r.output, /^audit-events\.+Failed$/m);
    assert.ok(r.output.includes(`hooks.py:${BAD_HOOK_FINDING}`), r.output);
    assert.equal(commitCount(), before, 'the commit was refused');
    run('git', ['reset', '-q', 'hooks.py'], { cwd: project, env });
  });

  test('the fixed hook passes, handling a custom event raised in a file the commit does not touch', { timeout: 600000 }, () => {
    const fixed = BAD_HOOK.replace('path, mode = args', 'path, mode, flags = args\n    elif event == "myapp.login":\n        user, ip = args');
    if (!existsSync(join(project, 'app.py'))) {
      // Run alone: app.py, which raises the custom event, comes from the first test.
      writeFileSync(join(project, 'app.py'), APP);
      run('git', ['add', 'app.py'], { cwd: project, env });
      run('git', ['commit', '-q', '--no-verify', '-m', 'app'], { cwd: project, env });
    }
    const before = commitCount();
    const r = commit({ 'hooks.py': fixed }, 'fixed hook');
    assert.equal(r.code, 0, r.output);
    assert.match(r.output, /^audit-events\.+Passed$/m);
    assert.equal(commitCount(), before + 1);
  });

  test('a C file is checked too: a PySys_Audit call with the wrong arity refuses the commit', { timeout: 600000 }, () => {
    const before = commitCount();
    const r = commit({ 'ext.c': '#include <Python.h>\n\nvoid f(PyObject *p, const char *m) {\n    PySys_Audit("open", "Os", p, m);\n}\n' }, 'ext');
    assert.notEqual(r.code, 0, r.output);
    assert.match(r.output, /ext\.c:4:\d+: warning\[arity\] 'open' takes 3 arguments \(path, mode, flags\); this call passes 2/);
    assert.equal(commitCount(), before);
    run('git', ['rm', '-q', '-f', 'ext.c'], { cwd: project, env });
  });

  test('a commit without Python or C files does not run the hook', { timeout: 600000 }, () => {
    const before = commitCount();
    const r = commit({ 'notes.txt': 'audit events\n' }, 'notes');
    assert.equal(r.code, 0, r.output);
    assert.match(r.output, /^audit-events\.+\(no files to check\)Skipped$/m);
    assert.equal(commitCount(), before + 1);
  });
});
