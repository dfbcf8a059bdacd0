// Requests the VS Code client sends beyond LSP. Shared by both sides: the client imports these
// types from here, so a change shows up as a type error on the side that is behind.

/** `auditEvents/targetVersion`: the Python versions a document is checked against, and why. */
export const TARGET_VERSION_REQUEST = 'auditEvents/targetVersion';
export interface TargetVersionParams {
  uri: string;
}
export interface TargetVersionResult {
  /** The newest version of the target. */
  version: string;
  /** Every version of the target, oldest first (one for a single-version target). */
  target: string[];
  /** The target as text: "3.11", "3.9–3.15". */
  label: string;
  source: 'setting' | 'pyproject' | 'requires-python' | 'newest';
  /** Every version the catalog knows, for the picker. */
  versions: string[];
}

/** `auditEvents/catalog`: the events of a document's target version, for the catalog quick pick. */
export const CATALOG_REQUEST = 'auditEvents/catalog';
export interface CatalogParams {
  uri: string | null;
}
export interface CatalogEntry {
  name: string;
  args: string[] | null;
  /** Null when nothing tells the count for the version. */
  arity: number | null;
  /** The versions that raise it (empty for a custom event). */
  versions: string[];
  docs: string | null;
  api: string | null;
  /** Raised by the target version (false: the evidence does not confirm it). */
  confirmed: boolean;
  custom: boolean;
  /** Internal to CPython (the docs list it among internal events). */
  internal: boolean;
  /** Raised on Windows only. */
  windowsOnly: boolean;
}
export interface CatalogResult {
  version: string;
  events: CatalogEntry[];
}
