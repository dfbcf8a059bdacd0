// The output formats of `audit-events check` (SPEC §8): text, json, sarif and github.
import { relative } from 'node:path';
import type { SeverityName } from '../model';
import type { Finding } from '../features/diagnostics/finding';
import { RULES } from '../features/diagnostics/rules';

export interface FileFinding extends Finding {
  path: string;
  effectiveSeverity: SeverityName;
}

export interface CheckReport {
  findings: FileFinding[];
  /** Files that could not be read, decoded or parsed, with the reason. */
  errors: { path: string; message: string }[];
  filesChecked: number;
}

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export function rel(path: string): string {
  const r = relative(process.cwd(), path);
  return r.startsWith('..') ? path : r;
}

/** A path as one line of text: a name holding a newline or another control character is quoted, so it cannot forge a line. */
export function printablePath(path: string): string {
  return /[\u0000-\u001f\u007f]/.test(path) ? JSON.stringify(path) : path;
}

/** A relative path as a SARIF artifact URI: '/'-separated, each segment percent-encoded. */
function sarifUri(path: string): string {
  return path.split(/[\\/]/).map(encodeURIComponent).join('/');
}

export function format(report: CheckReport, fmt: Format, toolVersion: string): string {
  const sorted = [...report.findings].sort(
    (a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  switch (fmt) {
    case 'json':
      return JSON.stringify([...report.errors.map(jsonError), ...sorted.map(jsonFinding)], null, 2) + '\n';
    case 'sarif':
      return JSON.stringify(sarif(sorted, report, toolVersion), null, 2) + '\n';
    case 'github':
      return (
        [
          ...report.errors.map((e) => `::error file=${ghProperty(rel(e.path))}::${ghData(e.message)}`),
          ...sorted.map((f) => {
            const level = f.effectiveSeverity === 'error' ? 'error' : f.effectiveSeverity === 'warning' ? 'warning' : 'notice';
            const j = jsonFinding(f);
            return `::${level} file=${ghProperty(j.file)},line=${j.line},col=${j.column},endLine=${j.endLine},endColumn=${j.endColumn},title=${ghProperty(`audit-events(${f.code})`)}::${ghData(f.message)}`;
          }),
        ].join('\n') + (sorted.length || report.errors.length ? '\n' : '')
      );
    case 'text': {
      const lines = [
        ...report.errors.map((e) => `${printablePath(rel(e.path))}: error: ${e.message}`),
        ...sorted.map((f) => {
          const j = jsonFinding(f);
          return `${printablePath(j.file)}:${j.line}:${j.column}: ${f.effectiveSeverity}[${f.code}] ${f.message}`;
        }),
      ];
      lines.push(summary(report));
      return lines.join('\n') + '\n';
    }
  }
}

function summary(report: CheckReport): string {
  const count = (s: string) => report.findings.filter((f) => f.effectiveSeverity === s).length;
  const parts = [
    [count('error'), 'error'],
    [count('warning'), 'warning'],
    [count('information'), 'information'],
    [count('hint'), 'hint'],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, s]) => `${n} ${s}${(n as number) > 1 && s !== 'information' ? 's' : ''}`);
  const files = new Set(report.findings.map((f) => f.path)).size;
  const unreadable = report.errors.length ? `, ${report.errors.length} unreadable` : '';
  return parts.length
    ? `${parts.join(', ')} in ${files} file${files === 1 ? '' : 's'} (${report.filesChecked} checked${unreadable})`
    : `no problems (${report.filesChecked} file${report.filesChecked === 1 ? '' : 's'} checked${unreadable})`;
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

/** A file that could not be checked, in the findings' shape (code `unreadable`), so that no format hides it. */
function jsonError(e: { path: string; message: string }) {
  return { file: rel(e.path), line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'error', code: 'unreadable', message: e.message };
}

function sarif(findings: FileFinding[], report: CheckReport, toolVersion: string) {
  const ruleIndex = new Map<string, number>(RULES.map((r, i) => [r.code, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'audit-events',
            version: toolVersion,
            informationUri: 'https://peps.python.org/pep-0578/',
            rules: RULES.map((r) => ({ id: r.code, shortDescription: { text: r.summary } })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => {
          const j = jsonFinding(f);
          return {
            ruleId: f.code,
            ruleIndex: ruleIndex.get(f.code),
            level: f.effectiveSeverity === 'error' ? 'error' : f.effectiveSeverity === 'warning' ? 'warning' : 'note',
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: sarifUri(j.file) },
                  region: { startLine: j.line, startColumn: j.column, endLine: j.endLine, endColumn: j.endColumn },
                },
              },
            ],
          };
        }),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.errors.map((e) => ({
              level: 'error',
              message: { text: e.message },
              locations: [{ physicalLocation: { artifactLocation: { uri: sarifUri(rel(e.path)) } } }],
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

/** Markdown for a terminal: no fences, links as "text <url>". */
export function plainText(md: string): string {
  return md
    .replace(/```\w*\n?/g, '')
    .replace(/\[`?([^\]`]+)`?\]\(([^)]+)\)/g, '$1 <$2>')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|\s)\*([^*]+)\*/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .trim();
}
