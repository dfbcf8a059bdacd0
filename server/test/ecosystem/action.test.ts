import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { repoRoot } from '../helpers/repo';
import { cleanEnv, GOOD_HOOK, makeTempDir, offlineNpmEnv, packTarball, readmeBlock, run, type TempDir } from './support';
import { sarifProblems } from './sarif';

interface Step {
  id: string;
  name?: string;
  shell: string;
  env?: Record<string, string>;
  run: string;
  if?: string;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = (): Action => parse(readFileSync(join(repoRoot(), 'action.yml'), 'utf8'));

const INPUT_EXPRESSION = /^\$\{\{ inputs\.([\w-]+) \}\}$/;
const STEP_OUTPUT_EXPRESSION = /^\$\{\{ steps\.([\w-]+)\.outputs\.([\w-]+) \}\}$/;

interface StepRun {
  id: string;
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the composite action's steps the way the runner does: each `run` as a script file under
 * `bash --noprofile --norc -eo pipefail`, in GITHUB_WORKSPACE, with GITHUB_ACTION_PATH at this
 * repository, the step's `env` with its `${{ inputs.* }}` resolved, and GITHUB_OUTPUT collected.
 * A failing step stops the job, as no step has an `if:`.
 */
function runAction(work: string, workspace: string, inputs: Record<string, string>) {
  const { inputs: declared, outputs, runs } = action();
  for (const name of Object.keys(inputs)) assert.ok(name in declared, `input '${name}' is not declared in action.yml`);
  const steps: StepRun[] = [];
  const stepOutputs: Record<string, Record<string, string>> = {};
  for (const [i, step] of runs.steps.entries()) {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(step.env ?? {})) {
      const name = INPUT_EXPRESSION.exec(v)![1];
      env[k] = inputs[name] ?? declared[name].default ?? '';
    }
    const script = join(work, `step-${i}.sh`);
    const outputFile = join(work, `step-${i}.output`);
    writeFileSync(script, step.run);
    writeFileSync(outputFile, '');
    const r = run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: workspace,
      timeout: 150000,
      env: offlineNpmEnv(join(work, 'npm-cache'), {
        ...env,
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_ACTION_PATH: repoRoot(),
        GITHUB_WORKSPACE: workspace,
        GITHUB_OUTPUT: outputFile,
        RUNNER_TEMP: work,
      }),
    });
    steps.push({ id: step.id, ...r });
    stepOutputs[step.id] = Object.fromEntries(
      readFileSync(outputFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    if (r.code !== 0) break;
  }
  const resolved: Record<string, string | undefined> = {};
  for (const [name, output] of Object.entries(outputs)) {
    const [, id, key] = STEP_OUTPUT_EXPRESSION.exec(output.value)!;
    resolved[name] = stepOutputs[id]?.[key];
  }
  return { steps, outputs: resolved };
}

describe('the GitHub Action (action.yml)', () => {
  let work: TempDir;
  let tarball: string;
  before(() => {
    work = makeTempDir('action');
    tarball = packTarball(work.path).path;
  });
  after(() => work?.remove());

  const workspaceWith = (name: string, files: Record<string, string> | 'examples') => {
    const ws = join(work.path, name);
    mkdirSync(join(ws, 'src'), { recursive: true });
    if (files === 'examples') cpSync(join(repoRoot(), 'examples'), join(ws, 'src'), { recursive: true });
    else for (const [f, text] of Object.entries(files)) writeFileSync(join(ws, 'src', f), text);
    return ws;
  };

  test('a composite action of bash steps that read inputs from env only, never spliced into the script', () => {
    const { runs, inputs, outputs } = action();
    assert.equal(runs.using, 'composite');
    assert.deepEqual(Object.keys(inputs).sort(), ['package', 'paths', 'python-version', 'sarif-file']);
    for (const step of runs.steps) {
      assert.equal(step.shell, 'bash', step.id);
      assert.equal(step.if, undefined, 'a failing step stops the job: the runner emulation assumes no `if:`');
      assert.ok(!step.run.includes('${{'), `${step.id}: an expression in the script text`);
      for (const [k, v] of Object.entries(step.env ?? {})) {
        const m = INPUT_EXPRESSION.exec(v);
        assert.ok(m && m[1] in inputs, `${step.id}: env ${k}=${v} is not an input`);
      }
    }
    const [, stepId] = STEP_OUTPUT_EXPRESSION.exec(outputs['sarif-file'].value)!;
    assert.ok(runs.steps.some((s) => s.id === stepId));
  });

  test("the README's workflow on examples/: annotations for every finding, a valid SARIF log, the job fails", { timeout: 300000 }, () => {
    const workflow = parse(readmeBlock('yaml', 'runs-on:'));
    const jobSteps: { id?: string; uses?: string; with?: Record<string, string> }[] = Object.values(workflow.jobs as Record<string, { steps: [] }>)[0].steps;
    const manifest = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8'));
    const ours = jobSteps.find((s) => s.uses?.startsWith(`${manifest.repository.url.replace(/^https:\/\/github\.com\/|\.git$/g, '')}@`));
    assert.ok(ours?.id, 'the README workflow uses this action with an id');
    assert.equal(ours.uses, `python-audit-events/python-audit-events@v${manifest.version}`);
    const upload = jobSteps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.equal(upload?.with?.sarif_file, `\${{ steps.${ours.id}.outputs.sarif-file }}`);

    const ws = workspaceWith('examples', 'examples');
    const { steps, outputs } = runAction(work.path, ws, { ...ours.with, package: tarball });
    assert.deepEqual(steps.map((s) => [s.id, s.code]), [['sarif', 0], ['check', 1]], steps.map((s) => s.stderr).join('\n'));

    const annotations = steps[1].stdout.trim().split('\n');
    for (const line of annotations) {
      assert.match(line, /^::(error|warning|notice) file=src\/[\w.]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=audit-events\([\w-]+\)::\S/);
    }
    assert.ok(annotations.includes(
      "::warning file=src/hooks.py,line=11,col=9,endLine=11,endColumn=19,title=audit-events(unpack-arity)::'open' takes 3 arguments (path, mode, flags); this unpacks 2 (path, mode)",
    ), annotations.join('\n'));

    assert.equal(outputs['sarif-file'], 'audit-events.sarif');
    const log = JSON.parse(readFileSync(join(ws, outputs['sarif-file']!), 'utf8'));
    assert.deepEqual(sarifProblems(log), []);
    const located = log.runs[0].results.map((r: any) => {
      const { artifactLocation, region } = r.locations[0].physicalLocation;
      return `${artifactLocation.uri}:${region.startLine}:${region.startColumn}:${r.ruleId}`;
    });
    assert.deepEqual(located, annotations.map((a) => a.replace(/^::\w+ file=([^,]+),line=(\d+),col=(\d+),.*title=audit-events\(([\w-]+)\).*$/, '$1:$2:$3:$4')));
  });

  test('clean code: both steps pass, no annotations, a SARIF log with no results at the given path', { timeout: 300000 }, () => {
    const ws = workspaceWith('clean', { 'hooks.py': GOOD_HOOK });
    const { steps, outputs } = runAction(work.path, ws, { paths: 'src', 'sarif-file': 'reports/audit.sarif', package: tarball });
    assert.deepEqual(steps.map((s) => [s.id, s.code, s.stdout]), [['sarif', 0, ''], ['check', 0, '']], steps.map((s) => s.stderr).join('\n'));
    assert.equal(outputs['sarif-file'], 'reports/audit.sarif');
    const log = JSON.parse(readFileSync(join(ws, 'reports', 'audit.sarif'), 'utf8'));
    assert.deepEqual(sarifProblems(log), []);
    assert.deepEqual(log.runs[0].results, []);
  });

  test('by default it runs the npm release of its own version, with the python-version given', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8'));
    const r = run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', 'source "$GITHUB_ACTION_PATH/scripts/action-args.sh"; printf "%s\\n" "$AUDIT_EVENTS_PACKAGE" "${AUDIT_EVENTS_ARGS[@]}"'], {
      cwd: work.path,
      env: cleanEnv({ GITHUB_ACTION_PATH: repoRoot(), INPUT_PATHS: 'src  tests', INPUT_PYTHON_VERSION: '3.9', INPUT_PACKAGE: '' }),
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), [`python-audit-events@${manifest.version}`, 'src', 'tests', '--python-version', '3.9']);
  });

  test('the SARIF check finds what breaks the schema', () => {
    const valid = {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [{
        tool: { driver: { name: 'audit-events', rules: [{ id: 'arity', shortDescription: { text: 'arity' } }] } },
        results: [{ ruleId: 'arity', ruleIndex: 0, level: 'warning', message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a.py' }, region: { startLine: 1, startColumn: 1 } } }] }],
      }],
    };
    assert.deepEqual(sarifProblems(valid), []);
    const broken: [string, (log: any) => void][] = [
      ['version', (l) => (l.version = '2.0.0')],
      ['driver.name', (l) => delete l.runs[0].tool.driver.name],
      ['ruleId', (l) => (l.runs[0].results[0].ruleId = 'nope')],
      ['ruleIndex', (l) => (l.runs[0].results[0].ruleIndex = 3)],
      ['message', (l) => (l.runs[0].results[0].message = {})],
      ['level', (l) => (l.runs[0].results[0].level = 'info')],
      ['locations', (l) => (l.runs[0].results[0].locations = [])],
      ['uri', (l) => (l.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = '/abs/a.py')],
      ['startLine', (l) => (l.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0)],
    ];
    for (const [what, breakIt] of broken) {
      const log = structuredClone(valid);
      breakIt(log);
      assert.notDeepEqual(sarifProblems(log), [], `a broken ${what} passed`);
    }
  });

  test('inputs are data: a path with $(...) in it is not run', { timeout: 300000 }, () => {
    const ws = workspaceWith('hostile', { 'hooks.py': GOOD_HOOK });
    const { steps } = runAction(work.path, ws, { paths: 'src $(touch${IFS}pwned)', package: tarball });
    // Each word of `paths` is a path: the hostile one is reported as missing, never run.
    const check = steps[steps.length - 1];
    assert.equal(check.code, 2, check.stderr);
    assert.match(check.stdout, /^::error file=\$\(touch\$\{IFS\}pwned\)::no such file or directory$/m);
    assert.ok(!existsSync(join(ws, 'pwned')));
  });
});
