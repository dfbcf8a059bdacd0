import type { PythonVersion } from '../catalog/catalog';

// The one place a setting is declared on the server side. Adding a setting:
//   1. its schema in package.json (contributes.configuration, key auditEvents.<name>),
//   2. its field in UserSettings below and its pyproject key in workspace/pyproject.ts,
//   3. read it in resolveSettings(); the client forwards the whole `auditEvents` section.

export const DIAGNOSTIC_CODES = [
  'arity',
  'keyword-args',
  'event-not-str',
  'unpack-arity',
  'index-range',
  'unknown-event',
  'version',
  'never-raised',
  'inconsistent-arity',
  'hook-signature',
] as const;
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

export type SeverityName = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = SeverityName | 'off';

/** Settings as the user writes them: VS Code's auditEvents.* or pyproject's [tool.audit-events]. */
export interface UserSettings {
  pythonVersion?: string;
  customEvents?: Record<string, string[]>;
  severity?: Partial<Record<string, string>>;
  inlayHints?: { enable?: boolean };
  exclude?: string[];
}

export const DEFAULT_EXCLUDE = [
  '**/.git/**',
  '**/node_modules/**',
  '**/.venv/**',
  '**/venv/**',
  '**/.tox/**',
  '**/__pycache__/**',
  '**/site-packages/**',
];

/** What the engine works with for one document, after every source is merged. */
export interface Settings {
  version: PythonVersion;
  /** Where the version came from, for the status bar and hover. */
  versionSource: 'setting' | 'pyproject' | 'requires-python' | 'newest';
  customEvents: ReadonlyMap<string, readonly string[]>;
  severity: Readonly<Partial<Record<DiagnosticCode, SeveritySetting>>>;
  inlayHints: boolean;
  exclude: readonly string[];
}

export interface ProjectSettings {
  tool: UserSettings;
  /** The lower bound of [project] requires-python, as a catalog version. */
  requiresPython: PythonVersion | null;
}

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

/**
 * Merges the editor's settings with the project's pyproject.toml: an explicit editor setting wins
 * (a value other than the default), then [tool.audit-events], then requires-python, then the
 * newest version in the catalog.
 */
export function resolveSettings(
  editor: UserSettings | undefined,
  project: ProjectSettings | undefined,
  versions: readonly PythonVersion[],
): Settings {
  const isVersion = (v: unknown): v is PythonVersion => typeof v === 'string' && (versions as readonly string[]).includes(v);
  const newest = versions[versions.length - 1];
  let version: PythonVersion = newest;
  let versionSource: Settings['versionSource'] = 'newest';
  if (isVersion(editor?.pythonVersion)) {
    version = editor.pythonVersion;
    versionSource = 'setting';
  } else if (isVersion(project?.tool.pythonVersion)) {
    version = project.tool.pythonVersion;
    versionSource = 'pyproject';
  } else if (project?.requiresPython) {
    version = project.requiresPython;
    versionSource = 'requires-python';
  }

  const customEvents = new Map<string, readonly string[]>();
  for (const source of [project?.tool.customEvents, editor?.customEvents]) {
    if (!source || typeof source !== 'object') continue;
    for (const [name, args] of Object.entries(source)) {
      if (Array.isArray(args) && args.every((a) => typeof a === 'string')) customEvents.set(name, args);
    }
  }

  const severity: Partial<Record<DiagnosticCode, SeveritySetting>> = {};
  for (const source of [project?.tool.severity, editor?.severity]) {
    if (!source || typeof source !== 'object') continue;
    for (const [code, level] of Object.entries(source)) {
      if ((DIAGNOSTIC_CODES as readonly string[]).includes(code) && typeof level === 'string' && SEVERITIES.has(level)) {
        severity[code as DiagnosticCode] = level as SeveritySetting;
      }
    }
  }

  const exclude = [...DEFAULT_EXCLUDE];
  for (const source of [project?.tool.exclude, editor?.exclude]) {
    if (Array.isArray(source)) for (const g of source) if (typeof g === 'string' && !exclude.includes(g)) exclude.push(g);
  }

  const inlay = editor?.inlayHints?.enable ?? project?.tool.inlayHints?.enable;
  return { version, versionSource, customEvents, severity, inlayHints: inlay !== false, exclude };
}
