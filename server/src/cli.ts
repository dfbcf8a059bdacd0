#!/usr/bin/env node
// audit-events check|list|explain (SPEC §8): argument parsing and the commands; the analysis is
// the engine's (engine/workspace.ts), the output formats are cli/reporters.ts.
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getCatalog, type Catalog } from './catalog/catalog';
import { formatVersionSet, parseVersionTarget } from './catalog/versionTarget';
import { COVERAGE_FORMATS, coverageRows, formatCoverage, hasTargetedGaps, type CoverageFormat } from './cli/coverage';
import { fixFiles } from './cli/fix';
import { ProgressLine } from './cli/progress';
import { format, FORMATS, plainText, printablePath, rel, type CheckReport, type Format } from './cli/reporters';
import { defaultJobs } from './engine/analysisPool';
import { AuditWorkspace } from './engine/workspace';
import { catalogEntries } from './features/catalogEntries';
import { findings } from './features/diagnostics';
import { eventMarkdown } from './features/eventDocs';
import { versionRanges } from './features/events';

const VERSION = '0.1.0';

const USAGE = `usage:
  audit-events check [paths...] [--python-version X] [--format text|json|sarif|github] [--exclude GLOB]... [--exit-zero] [--jobs N]
                     [--report-unused-ignores] [--fix | --diff]
  audit-events coverage [paths...] [--python-version X] [--format text|json|markdown] [--exclude GLOB]... [--fail-on-missing]
  audit-events list [--python-version X] [--format text|json]
  audit-events explain EVENT [--python-version X]
  audit-events --version | --help

--fix writes the fixes that need no choice into the files and prints them; --diff shows them
as a unified diff and changes nothing (exit status 1 when there is something to fix).

Exit status of check: 0 when nothing at warning or above was found, 1 when something was,
2 on a usage error or when a file could not be read (0 with --exit-zero, whatever happened
but a usage error). Exit status of coverage: 1 with --fail-on-missing when a capability a hook
targets misses events, else 0.

--jobs N: analyze on N worker threads (default: one per core, or AUDIT_EVENTS_JOBS); the output
is the same whatever N.`;

class UsageError extends Error {}

interface Parsed {
  command: string;
  positional: string[];
  /** One version or a range, as the setting takes it (`3.11`, `3.9-3.13`, `>=3.10`, `3.10+`). */
  pythonVersion?: string;
  format: string;
  exclude: string[];
  exitZero: boolean;
  failOnMissing: boolean;
  reportUnusedIgnores: boolean;
  fix: boolean;
  diff: boolean;
  jobs: number;
}

const VALUE_OPTIONS = new Set(['--python-version', '--format', '--exclude', '--jobs']);

function parseArgs(argv: string[], catalog: Catalog): Parsed {
  const [command, ...rest] = argv;
  if (!command) throw new UsageError('no command given');
  const parsed: Parsed = { command, positional: [], format: 'text', exclude: [], exitZero: false, failOnMissing: false, reportUnusedIgnores: false, fix: false, diff: false, jobs: defaultJobs() };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    // Options are matched by their whole name, never by a prefix (`--formatting` is no `--format`).
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq >= 0 ? a.slice(0, eq) : a;
    let value = '';
    if (VALUE_OPTIONS.has(name)) {
      if (eq >= 0) value = a.slice(eq + 1);
      else if (rest[i + 1] === undefined) throw new UsageError(`${name} needs a value`);
      else value = rest[++i];
    }
    if (name === '--python-version') {
      const target = parseVersionTarget(value, catalog.versions);
      if (!target.ok) throw new UsageError(`unknown Python version '${value}': ${target.error} (expected one of ${catalog.versions.join(', ')}, a range such as 3.9-3.13 or >=3.10)`);
      parsed.pythonVersion = value;
    } else if (name === '--format') parsed.format = value;
    else if (name === '--exclude') parsed.exclude.push(value);
    else if (name === '--jobs') {
      if (!/^[1-9][0-9]{0,3}$/.test(value)) throw new UsageError(`--jobs needs a whole number from 1 (got '${value}')`);
      parsed.jobs = Number(value);
    }
    else if (a === '--exit-zero') parsed.exitZero = true;
    else if (a === '--fail-on-missing') parsed.failOnMissing = true;
    else if (a === '--report-unused-ignores') parsed.reportUnusedIgnores = true;
    else if (a === '--fix') parsed.fix = true;
    else if (a === '--diff') parsed.diff = true;
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
    else parsed.positional.push(a);
  }
  return parsed;
}

async function main(argv: string[]): Promise<number> {
  const catalog = getCatalog();
  if (argv.includes('--help') || argv.includes('-h')) {
    out(USAGE + '\n');
    return 0;
  }
  if (argv[0] === '--version') {
    out(`audit-events ${VERSION}\n`);
    return 0;
  }
  let args: Parsed;
  try {
    args = parseArgs(argv, catalog);
    if (args.command === 'check' && !(FORMATS as readonly string[]).includes(args.format)) {
      throw new UsageError(`unknown format '${args.format}' (text, json, sarif or github)`);
    }
    if (args.command === 'coverage' && !(COVERAGE_FORMATS as readonly string[]).includes(args.format)) {
      throw new UsageError(`unknown format '${args.format}' (text, json or markdown)`);
    }
    if (args.fix && args.diff) throw new UsageError('--fix writes the fixes, --diff only shows them: give one');
    if ((args.command === 'list' || args.command === 'explain') && !['text', 'json'].includes(args.format)) {
      throw new UsageError(`unknown format '${args.format}' (text or json)`);
    }
  } catch (e) {
    if (e instanceof UsageError) return usage(e.message);
    throw e;
  }
  if (!['check', 'coverage', 'list', 'explain'].includes(args.command)) return usage(`unknown command '${args.command}'`);
  const engine = makeEngine(args);
  const status =
    args.command === 'check' ? await check(args, engine) : args.command === 'coverage' ? await coverageCommand(args, engine) : args.command === 'list' ? list(args, engine) : explain(args, engine);
  return projectProblems ? 2 : status;
}

/** pyproject.toml problems told so far (a usage error: exit 2). */
let projectProblems = 0;

function makeEngine(args: Parsed): AuditWorkspace {
  // `check` loads the grammars (WebAssembly compiled on other threads) while it reads the files;
  // `list` and `explain` parse nothing and never load them.
  // A pyproject.toml the CLI cannot use is a usage error (SPEC §8): told with its line, exit 2.
  const engine = new AuditWorkspace({
    analyzer: args.command === 'check' || args.command === 'coverage' ? undefined : new Promise(() => {}),
    onProjectProblems: (project) => {
      for (const p of project.problems) {
        projectProblems++;
        process.stderr.write(`${printablePath(rel(project.path))}:${p.line}: error: ${p.message}\n`);
      }
    },
  });
  engine.setPushedSettings({ pythonVersion: args.pythonVersion, exclude: args.exclude });
  return engine;
}

function usage(message: string): number {
  process.stderr.write(`audit-events: ${message}\nRun 'audit-events --help' for usage.\n`);
  return 2;
}

async function check(args: Parsed, engine: AuditWorkspace): Promise<number> {
  const paths = args.positional.length ? args.positional : ['.'];
  // A path that is not there is reported, and the others are still checked.
  const missing = paths.filter((p) => !existsSync(p));
  const progress = new ProgressLine();
  const { files, errors, contexts } = await engine.checkPaths(
    paths.filter((p) => !missing.includes(p)),
    { jobs: args.jobs, onProgress: progress.enabled ? (p) => progress.scan(p, (path) => relative(process.cwd(), path)) : undefined },
  );
  progress.clear();
  if (args.fix || args.diff) {
    const fixed = fixFiles(contexts, args.diff ? 'diff' : 'write');
    for (const e of fixed.errors) process.stderr.write(`audit-events: ${e}\n`);
    // The list of changes goes beside a machine-readable report, not into it.
    const changes = args.diff || args.format === 'text' ? process.stdout : process.stderr;
    changes.write(fixed.output);
    if (args.diff) return fixed.filesChanged && !args.exitZero ? 1 : 0;
    if (fixed.filesChanged) {
      changes.write(`${fixed.fixes} fix${fixed.fixes === 1 ? '' : 'es'} in ${fixed.filesChanged} file${fixed.filesChanged === 1 ? '' : 's'}\n`);
      // What is left is reported from the files as they are now.
      return check({ ...args, fix: false }, makeEngine(args));
    }
  }
  const report: CheckReport = {
    findings: [],
    errors: [...missing.map((p) => ({ path: resolve(p), message: 'no such file or directory' })), ...errors],
    filesChecked: files.length,
  };
  contexts.forEach((ctx, i) => {
    progress.checking(i + 1, contexts.length);
    const path = fileURLToPath(ctx.uri);
    for (const f of findings(ctx, { reportUnusedIgnores: args.reportUnusedIgnores })) report.findings.push({ ...f, path });
  });
  progress.clear();
  const failed = report.findings.some((f) => f.effectiveSeverity === 'error' || f.effectiveSeverity === 'warning');
  // A run that could not check everything it was asked to is not clean (2), whatever it found;
  // --exit-zero is for reports that must be written whatever happens (a SARIF upload step).
  const status = args.exitZero ? 0 : report.errors.length ? 2 : failed ? 1 : 0;
  process.exitCode = status;
  out(format(report, args.format as Format, VERSION));
  return status;
}

async function coverageCommand(args: Parsed, engine: AuditWorkspace): Promise<number> {
  const paths = args.positional.length ? args.positional : ['.'];
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length) return usage(`no such file or directory: ${missing.join(', ')}`);
  const { contexts } = await engine.checkPaths(paths);
  const rows = coverageRows(contexts);
  out(formatCoverage(rows, args.format as CoverageFormat, contexts));
  return args.failOnMissing && hasTargetedGaps(rows) ? 1 : 0;
}

function list(args: Parsed, engine: AuditWorkspace): number {
  const { catalog } = engine;
  const settings = engine.settingsForPath(process.cwd());
  const rows = catalogEntries(engine.catalogContext(settings), true).map((e) => ({
    name: e.name,
    args: e.args ?? [],
    arity: e.arity,
    versions: e.versions,
    unknownIn: catalog.versionsUnknown(e.name),
    docs: e.docs,
    byVersion: Object.fromEntries(
      settings.versions.map((v) => {
        const facts = catalog.get(e.name)!.versions[v];
        return [v, { status: facts.status, arity: facts.arity, args: facts.args }];
      }),
    ),
  }));
  if (args.format === 'json') {
    out(JSON.stringify(rows, null, 2) + '\n');
  } else {
    const width = Math.max(...rows.map((r) => r.name.length));
    for (const r of rows) {
      const unknown = r.unknownIn.length ? `  unknown for ${versionRanges(r.unknownIn, catalog.versions)}` : '';
      out(`${r.name.padEnd(width)}  ${argumentsByVersion(r.byVersion, catalog)}${unknown}\n`);
    }
    out(`${rows.length} events for Python ${formatVersionSet(settings.versions, catalog.versions)}\n`);
  }
  return 0;
}

/** "(path)" when the target versions agree, else "3.9–3.10 (path) · 3.11–3.15 (path, dir_fd)". */
function argumentsByVersion(byVersion: Record<string, { status: string; arity: number | null; args: string[] | null }>, catalog: Catalog): string {
  const groups = new Map<string, string[]>();
  for (const [v, f] of Object.entries(byVersion)) {
    const key = f.status === 'not-raised' ? 'not raised' : f.arity === null ? '(?)' : `(${(f.args ?? []).join(', ')})`;
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  if (groups.size === 1) return [...groups.keys()][0];
  return [...groups].map(([key, versions]) => `${formatVersionSet(versions, catalog.versions)} ${key}`).join(' · ');
}

function explain(args: Parsed, engine: AuditWorkspace): number {
  const name = args.positional[0];
  if (!name) return usage('explain needs an EVENT');
  const ctx = engine.catalogContext(engine.settingsForPath(process.cwd()));
  const text = eventMarkdown(name, ctx);
  if (!text) {
    const suggestions = engine.catalog.closest(name).map((s) => s.name);
    if (args.format === 'json') out(JSON.stringify({ name, known: false, suggestions }, null, 2) + '\n');
    else out(`'${name}' is not in the catalog${suggestions.length ? `; did you mean ${suggestions.map((s) => `'${s}'`).join(', ')}?` : '.'}\n`);
    return 1;
  }
  if (args.format === 'json') {
    // What hover shows: the catalog's data for the event, and the hover text itself.
    const entry = catalogEntries(ctx, true).find((e) => e.name === name) ?? null;
    out(JSON.stringify({ name, known: true, version: ctx.settings.version, ...entry, unknownIn: engine.catalog.versionsUnknown(name), hover: text }, null, 2) + '\n');
  } else out(plainText(text) + '\n');
  return 0;
}

/**
 * Writes to stdout. A reader that went away (`| head`) ends the CLI quietly with the status it
 * already had; any other write failure (a full disk) is an internal failure: one line, exit 3.
 */
function out(text: string): void {
  try {
    process.stdout.write(text);
  } catch (e) {
    writeFailed(e as NodeJS.ErrnoException);
  }
}

function writeFailed(e: NodeJS.ErrnoException): void {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`audit-events: cannot write the output: ${e.code ?? e.message}\n`);
  process.exit(3);
}
process.stdout.on('error', writeFailed);

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`audit-events: internal error: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 3;
  },
);
