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
  /** Callables whose first argument is an audit hook (issue 12 §2), as dotted names. */
  hookRegistrars?: string[];
}

/** What the engine works with for one document, after every source is merged. */
export interface Settings {
  version: PythonVersion;
  /** Where the version came from, for the status bar and hover. */
  versionSource: 'setting' | 'pyproject' | 'requires-python' | 'newest';
  customEvents: ReadonlyMap<string, readonly string[]>;
  /** Chosen severities by diagnostic code (codes the rules do not know are never consulted). */
  severity: Readonly<Partial<Record<string, SeveritySetting>>>;
  inlayHints: boolean;
  exclude: readonly string[];
  maxFileSize: number;
  hookRegistrars: readonly string[];
}

export interface ProjectSettings {
  tool: UserSettings;
  /** The lower bound of [project] requires-python, as a catalog version. */
  requiresPython: PythonVersion | null;
}
