// Settings as the engine works with them. Declared here, below everything that reads them; read
// from the editor and pyproject.toml by workspace/settings.ts. Adding a setting:
//   1. its schema in package.json (contributes.configuration, key auditEvents.<name>),
//   2. its field in UserSettings and Settings below and its pyproject key in workspace/pyproject.ts,
//   3. read it in resolveSettings() (workspace/settings.ts); the client forwards the whole
//      `auditEvents` section.
import type { PythonVersion } from '../catalog/catalog';

export type SeverityName = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = SeverityName | 'off';

/** Settings as the user writes them: VS Code's auditEvents.* or pyproject's [tool.audit-events]. */
export interface UserSettings {
  pythonVersion?: string;
  customEvents?: Record<string, string[]>;
  severity?: Partial<Record<string, string>>;
  inlayHints?: { enable?: boolean };
  exclude?: string[];
  /** Bytes; larger files are not parsed. */
  maxFileSize?: number;
  diagnosticMode?: string;
  /** Callables whose first argument is an audit hook (issue 12 §2), as dotted names. */
  hookRegistrars?: string[];
}

/** What the engine works with for one document, after every source is merged. */
export interface Settings {
  /**
   * The target: every catalog version the code must be right for, oldest first, never empty
   * (`3.9-3.13`, `>=3.10`, or requires-python's whole range). Checks run over each of them.
   */
  versions: readonly PythonVersion[];
  /** The newest version of the target: what a view that shows one version (docs links) uses. */
  version: PythonVersion;
  /** Where the version came from, for the status bar and hover. */
  versionSource: 'setting' | 'pyproject' | 'requires-python' | 'newest';
  customEvents: ReadonlyMap<string, readonly string[]>;
  /** Chosen severities by diagnostic code (codes the rules do not know are never consulted). */
  severity: Readonly<Partial<Record<string, SeveritySetting>>>;
  inlayHints: boolean;
  exclude: readonly string[];
  maxFileSize: number;
  /** Which files' problems the editor lists: the open ones, or every file of the workspace. */
  diagnosticMode: 'openFiles' | 'workspace';
  hookRegistrars: readonly string[];
}

export interface ProjectSettings {
  tool: UserSettings;
  /** The catalog versions [project] requires-python admits (null: none given, or none admitted). */
  requiresPython: readonly PythonVersion[] | null;
}
