#!/usr/bin/env node
// audit-events check|list|explain (SPEC §8): argument parsing and the commands; the analysis is
// the engine's (engine/workspace.ts), the output formats are cli/reporters.ts.
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getCatalog, type Catalog, type PythonVersion } from './catalog/catalog';
import { format, FORMATS, plainText, type CheckReport, type Format } from './cli/reporters';
import { AuditWorkspace } from './engine/workspace';
import { catalogEntries } from './features/catalogEntries';
import { findings } from './features/diagnostics';
import { eventMarkdown } from './features/eventDocs';
import { versionRanges } from './features/events';

const VERSION = '0.1.0';

const USAGE = `usage:
  audit-events check [paths...] [--python-version X] [--format text|json|sarif|github] [--exclude GLOB]... [--exit-zero]
  audit-events list [--python-version X] [--format text|json]
  audit-events explain EVENT [--python-version X]
  audit-events --version | --help

Exit status of check: 0 when nothing at warning or above was found, 1 when something was
(0 with --exit-zero), 2 on a usage error.`;

class UsageError extends Error {}

interface Parsed {
  command: string;
  positional: string[];
  pythonVersion?: PythonVersion;
  format: string;
  exclude: string[];
  exitZero: boolean;
}

function parseArgs(argv: string[], catalog: Catalog): Parsed {
  const [command, ...rest] = argv;
  if (!command) throw new UsageError('no command given');
  const parsed: Parsed = { command, positional: [], format: 'text', exclude: [], exitZero: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = (): string => {
      const eq = a.indexOf('=');
      if (eq >= 0) return a.slice(eq + 1);
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a.startsWith('--python-version')) {
      const v = value();
      if (!catalog.isVersion(v)) throw new UsageError(`unknown Python version '${v}' (expected one of ${catalog.versions.join(', ')})`);
      parsed.pythonVersion = v;
    } else if (a.startsWith('--format')) parsed.format = value();
    else if (a.startsWith('--exclude')) parsed.exclude.push(value());
    else if (a === '--exit-zero') parsed.exitZero = true;
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
    else parsed.positional.push(a);
  }
  return parsed;
}

async function main(argv: string[]): Promise<number> {
  const catalog = getCatalog();
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (argv[0] === '--version') {
    process.stdout.write(`audit-events ${VERSION}\n`);
    return 0;
  }
  let args: Parsed;
  try {
    args = parseArgs(argv, catalog);
    if (args.command === 'check' && !(FORMATS as readonly string[]).includes(args.format)) {
      throw new UsageError(`unknown format '${args.format}' (text, json, sarif or github)`);
    }
    if ((args.command === 'list' || args.command === 'explain') && !['text', 'json'].includes(args.format)) {
      throw new UsageError(`unknown format '${args.format}' (text or json)`);
    }
  } catch (e) {
    if (e instanceof UsageError) return usage(e.message);
    throw e;
  }
  if (!['check', 'list', 'explain'].includes(args.command)) return usage(`unknown command '${args.command}'`);
  // `check` loads the grammars (WebAssembly compiled on other threads) while it reads the files;
  // `list` and `explain` parse nothing and never load them.
  const engine = new AuditWorkspace({
    analyzer: args.command === 'check' ? undefined : new Promise(() => {}),
    onProjectError: (message) => process.stderr.write(`audit-events: cannot read ${message}\n`),
  });
  engine.setPushedSettings({ pythonVersion: args.pythonVersion, exclude: args.exclude });
  if (args.command === 'check') return check(args, engine);
  if (args.command === 'list') return list(args, engine);
  return explain(args, engine);
}

function usage(message: string): number {
  process.stderr.write(`audit-events: ${message}\n${USAGE}\n`);
  return 2;
}

async function check(args: Parsed, engine: AuditWorkspace): Promise<number> {
  const paths = args.positional.length ? args.positional : ['.'];
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length) return usage(`no such file or directory: ${missing.join(', ')}`);
  const started = Date.now();
  const tty = process.stderr.isTTY;
  let lastProgress = 0;
  const { scan, contexts } = await engine.checkPaths(paths, {
    onProgress: tty
      ? (p) => {
          const now = Date.now();
          if (now - started > 1000 && now - lastProgress > 100) {
            lastProgress = now;
            process.stderr.write(`\r\x1b[Kaudit-events: ${p.filesSeen} files… ${relative(process.cwd(), p.current).slice(-60)}`);
          }
        }
      : undefined,
  });
  if (tty && lastProgress) process.stderr.write('\r\x1b[K');
  const report: CheckReport = { findings: [], errors: scan.errors, filesChecked: scan.filesSeen };
  for (const ctx of contexts) {
    const path = fileURLToPath(ctx.uri);
    for (const f of findings(ctx)) report.findings.push({ ...f, path });
  }
  process.stdout.write(format(report, args.format as Format, VERSION));
  const failed = report.findings.some((f) => f.effectiveSeverity === 'error' || f.effectiveSeverity === 'warning');
  return failed && !args.exitZero ? 1 : 0;
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
  }));
  if (args.format === 'json') {
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
  } else {
    const width = Math.max(...rows.map((r) => r.name.length));
    for (const r of rows) {
      const unknown = r.unknownIn.length ? `  unknown for ${versionRanges(r.unknownIn, catalog.versions)}` : '';
      process.stdout.write(`${r.name.padEnd(width)}  (${r.arity === null ? '?' : r.args.join(', ')})${unknown}\n`);
    }
    process.stdout.write(`${rows.length} events for Python ${settings.version}\n`);
  }
  return 0;
}

function explain(args: Parsed, engine: AuditWorkspace): number {
  const name = args.positional[0];
  if (!name) return usage('explain needs an EVENT');
  const text = eventMarkdown(name, engine.catalogContext(engine.settingsForPath(process.cwd())));
  if (!text) {
    const suggestions = engine.catalog.closest(name);
    process.stdout.write(`'${name}' is not in the catalog${suggestions.length ? `; did you mean ${suggestions.map((s) => `'${s.name}'`).join(', ')}?` : '.'}\n`);
    return 1;
  }
  process.stdout.write(plainText(text) + '\n');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`audit-events: internal error: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 3;
  },
);
