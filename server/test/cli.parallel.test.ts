import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { MIN_FILES_FOR_WORKERS } from '../src/engine/parallelScan';
import { MAX_INDENT_LEVELS } from '../src/python/indentation';
import { seededRandom } from './helpers/engine';
import { CLI_JS } from './helpers/repo';
import { tempDir } from './helpers/tempDir';

/**
 * A project of a few hundred files with everything whose order could leak into the output:
 * custom events raised with agreeing and disagreeing counts across files, hooks defined in one
 * file (that never names audit) and registered in another, C files, files the CLI cannot read
 * or will not parse.
 */
function generatedProject(): { dir: string; auditFiles: number } {
  const dir = tempDir('parallel');
  const random = seededRandom(1578);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  let auditFiles = 0;
  const write = (name: string, text: string | Buffer) => {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
    if (String(text).includes('audit') || String(text).includes('Audit')) auditFiles++;
  };
  // A registering call the setting names (issue 12 §2): the workers must know it as the main thread does.
  writeFileSync(join(dir, 'pyproject.toml'), '[tool.audit-events]\nhook-registrars = ["agentkit.sandbox.watch"]\n');
  for (let i = 0; i < 320; i++) {
    const pkg = `pkg${i % 7}`;
    const filler = Array.from({ length: Math.floor(random() * 40) }, (_, k) => `value_${k} = ${k} * ${i}`).join('\n');
    switch (i % 8) {
      case 0:
        // Every file agrees on myapp.login's two arguments; myapp.drift is raised with 2 or 3.
        write(`${pkg}/raise_${i}.py`, `import sys\n${filler}\ndef f(user, where, extra):\n    sys.audit("myapp.login", user, where)\n    sys.audit("myapp.drift", user, where${random() < 0.5 ? ', extra' : ''})\n`);
        break;
      case 1:
        // A hook module that never says "audit": only the second pass analyzes it as a hook.
        write(`${pkg}/handlers_${i}.py`, `${filler}\ndef on_event(event, args):\n    if event == "myapp.login":\n        ${pick(['user, where = args', 'user, where, extra = args', 'user = args[2]'])}\n    elif event == "${pick(['open', 'socket.connect', 'myapp.drift'])}":\n        a, b = args\n`);
        write(`${pkg}/register_${i}.py`, `import sys\nfrom handlers_${i} import on_event\nsys.addaudithook(on_event)\n`);
        break;
      case 2:
        write(`${pkg}/hook_${i}.py`, `import sys\ndef hook(event, args):\n    if event == "${pick(['open', 'exec', 'myapp.login', 'myapp.unknwon', 'socket.connect'])}":\n        ${pick(['path, mode = args', 'x, = args', 'print(args[5])', 'a, b, c = args'])}\nsys.addaudithook(hook)\n${filler}\n`);
        break;
      case 3:
        write(`${pkg}/ext_${i}.c`, `#include <Python.h>\nstatic int f(PyObject *a, PyObject *b) {\n    return PySys_Audit("${pick(['open', 'myapp.cevent', 'os.system'])}", "${pick(['O', 'OO', 'OOO'])}", a, b);\n}\n`);
        break;
      case 4:
        write(`${pkg}/binary_${i}.py`, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a]));
        write(`${pkg}/latin1_${i}.py`, Buffer.from(`x = "caf\xe9"\nimport sys\nsys.audit("myapp.login", 1)\n`, 'latin1'));
        break;
      case 5:
        write(`${pkg}/deep_${i}.py`, `import sys\n${Array.from({ length: MAX_INDENT_LEVELS + 5 }, (_, d) => `${'  '.repeat(d)}if x:`).join('\n')}\n${'  '.repeat(MAX_INDENT_LEVELS + 5)}sys.audit("myapp.login", 1, 2)\n`);
        break;
      case 6:
        // Registered only through the setting, named without "audit": a hook for the setting's sake alone.
        write(`${pkg}/watched_${i}.py`, `from agentkit import sandbox\n${filler}\ndef on_event(name, data):\n    if name == "${pick(['myapp.logn', 'myapp.login', 'cmod.op'])}":\n        ${pick(['a, = data', 'a, b = data', 'a, b, c = data'])}\nsandbox.watch(on_event)\n`);
        // A C raise site whose event's prefix comes from a header beside it (issue 12 shape 7).
        write(`${pkg}/cmod_${i}.h`, `#define MODULE_NAME "cmod"\n`);
        write(`${pkg}/cmod_${i}.c`, `#include <Python.h>\n#include "cmod_${i}.h"\nstatic int f(PyObject *a, PyObject *b) {\n    return PySys_Audit(MODULE_NAME ".op", "OO", a, b);\n}\n`);
        break;
      default:
        write(`${pkg}/plain_${i}.py`, `${filler}\n`);
    }
  }
  // A FIFO the walk must pass over without blocking, with one worker or four.
  execFileSync('mkfifo', [join(dir, 'pkg0', 'pipe.py')]);
  return { dir, auditFiles };
}

function check(dir: string, jobs: number, format: string) {
  const r = spawnSync(process.execPath, [CLI_JS(), 'check', dir, '--format', format, '--jobs', String(jobs)], {
    cwd: dir,
    encoding: 'utf8',
    // Node's own debug log tells how many worker threads the run started.
    env: { ...process.env, NODE_DEBUG: 'worker' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, workers: (r.stderr.match(/instantiating Worker/g) ?? []).length, stderr: r.stderr };
}

describe('audit-events check on worker threads', () => {
  const { dir, auditFiles } = generatedProject();

  test('the tree is large enough for workers to start', () => {
    assert.ok(auditFiles >= 2 * MIN_FILES_FOR_WORKERS, `${auditFiles} files mention audit`);
  });

  for (const format of ['text', 'json', 'sarif']) {
    test(`--jobs 4 prints byte for byte what --jobs 1 prints (${format})`, { timeout: 180000 }, () => {
      const one = check(dir, 1, format);
      const four = check(dir, 4, format);
      assert.equal(one.workers, 0, 'one job analyzes on the main thread');
      assert.equal(four.workers, 4, 'four jobs start four workers');
      assert.equal(four.code, one.code);
      assert.equal(one.code, 2, 'unreadable files make the run not clean');
      assert.equal(four.stdout, one.stdout);
      // The output is a real report, not two identical empty ones.
      for (const expected of ['unpack-arity', 'binary file', 'not valid UTF-8', 'levels of indentation', 'handlers_', 'watched_', "'cmod.op'"]) {
        assert.ok(one.stdout.includes(expected), `no ${expected} in the ${format} output`);
      }
    });
  }

  test('a run with few files that mention audit starts no worker', () => {
    const small = tempDir('parallel-small');
    for (let i = 0; i < 5; i++) writeFileSync(join(small, `f${i}.py`), 'import sys\nsys.audit("open", 1)\n');
    const r = check(small, 4, 'json');
    assert.equal(r.workers, 0);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, check(small, 1, 'json').stdout);
  });

  test('--jobs takes a whole number from 1', () => {
    for (const bad of ['0', '-1', 'x', '1.5']) {
      const r = spawnSync(process.execPath, [CLI_JS(), 'check', dir, '--jobs', bad], { encoding: 'utf8' });
      assert.equal(r.status, 2, bad);
      assert.match(r.stderr, /--jobs needs a whole number/);
    }
  });
});
