// The CLI binary against input built to stall it (issue 17). A run that does not end within a
// generous time is the failure; how fast it ends is measured by `npm run bench`, not here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { CLI_JS } from './helpers/repo';
import { tempTree } from './helpers/tempDir';

/** Far beyond what a linear run needs; the quadratic or backtracking runs took minutes. */
const GENEROUS_MS = 90000;

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI_JS(), ...args], { cwd, encoding: 'utf8', timeout: GENEROUS_MS, maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw new Error(`audit-events ${args.join(' ')} did not finish within ${GENEROUS_MS} ms (${r.error.message})`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}


describe('the CLI under hostile input', () => {
  test('an exclude glob that makes a regular expression backtrack, against a long file name', () => {
    const longName = 'a'.repeat(200) + '.py';
    const dir = tempTree('hostile', {
      'pyproject.toml': '[tool.audit-events]\nexclude = ["*a*a*a*a*a*a*a*a*a*a*a*a*b"]\n',
      [longName]: 'import sys\nsys.audit(b"x")\n',
      'skipped_ab': 'not python',
    });
    const r = cli(['check', '.', '--format', 'json'], dir);
    const rows = JSON.parse(r.stdout);
    assert.deepEqual(rows.map((x: any) => `${x.file}:${x.code}`), [`${longName}:event-not-str`], 'the long name is not excluded, and is checked');
  });

  test('10,000 exclude globs', () => {
    const globs = Array.from({ length: 10000 }, (_, i) => (i % 3 === 0 ? `gen${i}/**` : i % 3 === 1 ? `**/vendor${i}` : `out${i}/*.py`));
    globs.push('skip_*/**');
    const files: Record<string, string> = {};
    for (let i = 0; i < 1000; i++) files[`pkg${i}/mod${i}.py`] = 'import sys\nsys.audit(b"x")\n';
    files['gen3/a.py'] = files['vendor4/b.py'] = files['out5/c.py'] = files['skip_me/d.py'] = 'import sys\nsys.audit(b"y")\n';
    const dir = tempTree('hostile', { 'pyproject.toml': `[tool.audit-events]\nexclude = ${JSON.stringify(globs)}\n`, ...files });
    const rows = JSON.parse(cli(['check', '.', '--format', 'json'], dir).stdout);
    assert.equal(rows.length, 1000, 'the four excluded files are not checked');
    assert.ok(rows.every((x: any) => x.file.startsWith('pkg')));
  });

  test('40,000 raise sites of one custom event, one of them with another count', () => {
    const sites = 40000;
    const dir = tempTree('hostile', {
      'many.py': 'import sys\n' + Array.from({ length: sites }, (_, i) => `sys.audit("myapp.ev", x${i % 10})`).join('\n') + '\n',
      'odd.py': 'import sys\nsys.audit("myapp.ev", a, b)\n',
    });
    const rows = JSON.parse(cli(['check', '.', '--format', 'json'], dir).stdout);
    assert.equal(rows.length, sites + 1);
    assert.ok(rows.every((x: any) => x.code === 'inconsistent-arity'));
    assert.equal(rows[0].message, "'myapp.ev' is raised with 1 argument here and with 2 elsewhere (odd.py:2); a hook cannot unpack it safely");
    const odd = rows.find((x: any) => x.file === 'odd.py');
    assert.equal(odd.message, `'myapp.ev' is raised with 2 arguments here and with 1 elsewhere (many.py:2, and ${sites - 1} more); a hook cannot unpack it safely`);
  });
});
