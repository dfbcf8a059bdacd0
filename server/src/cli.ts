#!/usr/bin/env node
// audit-events check|list|explain (SPEC §8). Same analysis and diagnostics as the editor.
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { getCatalog, type Catalog, type PythonVersion } from './catalog/catalog';
import { checkPaths, type CheckResult, type FileFinding } from './check';
import type { FeatureContext } from './features/context';
import { NO_WORKSPACE } from './features/context';
import { catalogEntries } from './features/catalogEntries';
import { eventMarkdown } from './features/eventDocs';
import { versionRanges } from './features/events';
import { emptyModel } from './model';
import { SourceParser } from './parsing/sourceParser';
import { findPyproject } from './workspace/pyproject';
import { DIAGNOSTIC_CODES, resolveSettings } from './workspace/settings';

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
    if (args.command === 'check' && !['text', 'json', 'sarif', 'github'].includes(args.format)) {
      throw new UsageError(`unknown format '${args.format}' (text, json, sarif or github)`);
    }
    if ((args.command === 'list' || args.command === 'explain') && !['text', 'json'].includes(args.format)) {
      throw new UsageError(`unknown format '${args.format}' (text or json)`);
    }
  } catch (e) {
    if (e instanceof UsageError) return usage(e.message);
    throw e;
  }
  switch (args.command) {
    case 'check':
      return check(args, catalog);
    case 'list':
      return list(args, catalog);
    case 'explain':
      return explain(args, catalog);
    default:
      return usage(`unknown command '${args.command}'`);
  }
}

function usage(message: string): number {
  process.stderr.write(`audit-events: ${message}\n${USAGE}\n`);
  return 2;
}

async function check(args: Parsed, catalog: Catalog): Promise<number> {
  const paths = args.positional.length ? args.positional : ['.'];
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length) return usage(`no such file or directory: ${missing.join(', ')}`);
  // Loading the grammars (WebAssembly compiled on other threads) overlaps reading the files.
  const parser = SourceParser.create();
  const started = Date.now();
  const tty = process.stderr.isTTY;
  let lastProgress = 0;
  const result = await checkPaths(parser, catalog, {
    paths,
    pythonVersion: args.pythonVersion,
    exclude: args.exclude,
    onProgress: tty
      ? (n, current) => {
          const now = Date.now();
          if (now - started > 1000 && now - lastProgress > 100) {
            lastProgress = now;
            process.stderr.write(`\r\x1b[Kaudit-events: ${n} files… ${relative(process.cwd(), current).slice(-60)}`);
          }
        }
      : undefined,
  });
  if (tty && lastProgress) process.stderr.write('\r\x1b[K');
  process.stdout.write(format(result, args.format));
  const failed = result.findings.some((f) => f.effectiveSeverity === 'error' || f.effectiveSeverity === 'warning');
  return failed && !args.exitZero ? 1 : 0;
}

function rel(path: string): string {
  const r = relative(process.cwd(), path);
  return r.startsWith('..') ? path : r;
}

function format(result: CheckResult, fmt: string): string {
  const sorted = [...result.findings].sort(
    (a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  switch (fmt) {
    case 'json':
      return JSON.stringify(sorted.map(jsonFinding), null, 2) + '\n';
    case 'sarif':
      return JSON.stringify(sarif(sorted, result), null, 2) + '\n';
    case 'github':
      return (
        [
          ...result.errors.map((e) => `::error file=${ghProperty(rel(e.path))}::${ghData(e.message)}`),
          ...sorted.map((f) => {
            const level = f.effectiveSeverity === 'error' ? 'error' : f.effectiveSeverity === 'warning' ? 'warning' : 'notice';
            const j = jsonFinding(f);
            return `::${level} file=${ghProperty(j.file)},line=${j.line},col=${j.column},endLine=${j.endLine},endColumn=${j.endColumn},title=${ghProperty(`audit-events(${f.code})`)}::${ghData(f.message)}`;
          }),
        ].join('\n') + (sorted.length || result.errors.length ? '\n' : '')
      );
    default: {
      const lines = [
        ...result.errors.map((e) => `${rel(e.path)}: error: ${e.message}`),
        ...sorted.map((f) => {
          const j = jsonFinding(f);
          return `${j.file}:${j.line}:${j.column}: ${f.effectiveSeverity}[${f.code}] ${f.message}`;
        }),
      ];
      lines.push(summary(result));
      return lines.join('\n') + '\n';
    }
  }
}

function summary(result: CheckResult): string {
  const count = (s: string) => result.findings.filter((f) => f.effectiveSeverity === s).length;
  const parts = [
    [count('error'), 'error'],
    [count('warning'), 'warning'],
    [count('information'), 'information'],
    [count('hint'), 'hint'],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, s]) => `${n} ${s}${(n as number) > 1 && s !== 'information' ? 's' : ''}`);
  const files = new Set(result.findings.map((f) => f.path)).size;
  const unreadable = result.errors.length ? `, ${result.errors.length} unreadable` : '';
  return parts.length
    ? `${parts.join(', ')} in ${files} file${files === 1 ? '' : 's'} (${result.filesChecked} checked${unreadable})`
    : `no problems (${result.filesChecked} file${result.filesChecked === 1 ? '' : 's'} checked${unreadable})`;
}

function jsonFinding(f: FileFinding) {
  return {
    file: rel(f.path),
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    severity: f.effectiveSeverity,
    code: f.code,
    message: f.message,
  };
}

const RULE_TEXT: Record<string, string> = {
  arity: 'A raise site passes another number of arguments than the event takes',
  'keyword-args': 'sys.audit called with keyword arguments',
  'event-not-str': 'The event argument is not a str',
  'unpack-arity': "A hook unpacks an event's args into the wrong number of names",
  'index-range': "A hook indexes an event's args out of range",
  'unknown-event': 'An event name that nothing raises',
  version: 'An event the target Python version does not raise',
  'never-raised': 'A documented event name that CPython never raises',
  'inconsistent-arity': 'A custom event raised with different numbers of arguments',
  'hook-signature': 'An audit hook that cannot be called as hook(event, args)',
};

function sarif(findings: FileFinding[], result: CheckResult) {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'audit-events',
            version: VERSION,
            informationUri: 'https://peps.python.org/pep-0578/',
            rules: DIAGNOSTIC_CODES.map((id) => ({ id, shortDescription: { text: RULE_TEXT[id] } })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => {
          const j = jsonFinding(f);
          return {
            ruleId: f.code,
            ruleIndex: DIAGNOSTIC_CODES.indexOf(f.code),
            level: f.effectiveSeverity === 'error' ? 'error' : f.effectiveSeverity === 'warning' ? 'warning' : 'note',
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: j.file.split('\\').join('/') },
                  region: { startLine: j.line, startColumn: j.column, endLine: j.endLine, endColumn: j.endColumn },
                },
              },
            ],
          };
        }),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: result.errors.map((e) => ({
              level: 'error',
              message: { text: e.message },
              locations: [{ physicalLocation: { artifactLocation: { uri: rel(e.path).split('\\').join('/') } } }],
            })),
          },
        ],
      },
    ],
  };
}

function ghData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function ghProperty(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function cliSettings(args: Parsed, catalog: Catalog) {
  const project = findPyproject(process.cwd(), catalog.versions);
  return resolveSettings({ pythonVersion: args.pythonVersion }, project?.settings, catalog.versions);
}

function list(args: Parsed, catalog: Catalog): number {
  const settings = cliSettings(args, catalog);
  const v = settings.version;
  const rows = catalogEntries({ catalog, settings, workspace: NO_WORKSPACE }, true).map((e) => ({
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
    process.stdout.write(`${rows.length} events for Python ${v}\n`);
  }
  return 0;
}

function explain(args: Parsed, catalog: Catalog): number {
  const name = args.positional[0];
  if (!name) return usage('explain needs an EVENT');
  const ctx: FeatureContext = { uri: '', model: emptyModel('python'), catalog, settings: cliSettings(args, catalog), workspace: NO_WORKSPACE };
  const text = eventMarkdown(name, ctx);
  if (!text) {
    const suggestions = catalog.closest(name);
    process.stdout.write(`'${name}' is not in the catalog${suggestions.length ? `; did you mean ${suggestions.map((s) => `'${s.name}'`).join(', ')}?` : '.'}\n`);
    return 1;
  }
  process.stdout.write(plainText(text) + '\n');
  return 0;
}

/** Markdown for a terminal: no fences, links as "text <url>". */
function plainText(md: string): string {
  return md
    .replace(/```\w*\n?/g, '')
    .replace(/\[`?([^\]`]+)`?\]\(([^)]+)\)/g, '$1 <$2>')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|\s)\*([^*]+)\*/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .trim();
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
