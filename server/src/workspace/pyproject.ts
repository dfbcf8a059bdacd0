import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { PythonVersion } from '../catalog/catalog';
import { parseVersionTarget } from '../catalog/versionTarget';
import type { ProjectSettings, UserSettings } from '../model';

export interface PyprojectResult {
  path: string;
  settings: ProjectSettings;
  /** Set when the file exists but cannot be read or parsed: shown to the user, never thrown. */
  error: string | null;
  /** What is wrong in [tool.audit-events] (and where): a usage error in the CLI, a warning in the editor. */
  problems: PyprojectProblem[];
}

export interface PyprojectProblem {
  /** 1-based line of the key (or of the parse error). */
  line: number;
  key: string | null;
  message: string;
}

const cache = new Map<string, { mtimeMs: number; result: PyprojectResult }>();

/**
 * The pyproject.toml that governs files of `fromDir`: the nearest one at or above it, looking no
 * higher than the root of the repository it is in (the folder that holds `.git`; the file
 * system's root outside a repository). The server and the CLI both ask this, so a file is checked
 * with the same project settings in the editor and in CI.
 */
export function findPyproject(fromDir: string, versions: readonly PythonVersion[]): PyprojectResult | null {
  let dir = resolve(fromDir);
  for (;;) {
    const result = readPyproject(join(dir, 'pyproject.toml'), versions);
    if (result) return result;
    const parent = dirname(dir);
    if (parent === dir || existsSync(join(dir, '.git'))) return null;
    dir = parent;
  }
}

export function readPyproject(path: string, versions: readonly PythonVersion[]): PyprojectResult | null {
  let mtimeMs: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) return null;
    mtimeMs = st.mtimeMs;
  } catch {
    return null;
  }
  const cached = cache.get(path);
  if (cached && cached.mtimeMs === mtimeMs) return cached.result;
  let result: PyprojectResult;
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
    const problems: PyprojectProblem[] = [];
    result = { path, settings: projectSettingsFromToml(text, versions, problems), error: null, problems };
  } catch (e) {
    const line = (e as { line?: number }).line ?? 1;
    const message = (e as Error).message.split('\n')[0];
    result = { path, settings: { tool: {}, requiresPython: null }, error: `${path}:${line}: ${message}`, problems: [{ line, key: null, message }] };
  }
  cache.set(path, { mtimeMs, result });
  return result;
}

/**
 * Reads [tool.audit-events] and the versions requires-python admits out of pyproject text. A key of
 * [tool.audit-events] that this reader never looks at is unknown (the reader is the list of
 * keys), and an unusable python-version is a problem too: both go to `problems` with their line.
 */
export function projectSettingsFromToml(text: string, versions: readonly PythonVersion[], problems: PyprojectProblem[] = []): ProjectSettings {
  // Plain objects: smol-toml's tables have no prototype.
  const doc = JSON.parse(JSON.stringify(parseToml(text))) as Record<string, unknown>;
  const raw = (asObject(asObject(doc.tool)?.['audit-events']) ?? {}) as Record<string, unknown>;
  const read = new Set<string>();
  const tool = new Proxy(raw, {
    get: (target, key) => {
      if (typeof key === 'string') read.add(key);
      return target[key as string];
    },
  });
  const settings = readTool(tool);
  for (const key of Object.keys(raw)) {
    if (!read.has(key)) problems.push({ line: keyLine(text, key), key, message: `unknown key '${key}' in [tool.audit-events]` });
  }
  if (typeof raw['python-version'] === 'string' && raw['python-version'] !== 'auto' && !parseVersionTarget(raw['python-version'], versions).ok) {
    problems.push({
      line: keyLine(text, 'python-version'),
      key: 'python-version',
      message: `python-version '${raw['python-version']}' is not a Python version this catalog knows (${versions[0]}–${versions[versions.length - 1]}), a range of them, or 'auto'`,
    });
  }
  return { tool: settings, requiresPython: requiresPython(doc, versions) };
}

function readTool(tool: Record<string, unknown>): UserSettings {
  const settings: UserSettings = {};
  if (typeof tool['python-version'] === 'string') settings.pythonVersion = tool['python-version'];
  const custom = asObject(tool['custom-events']);
  if (custom) settings.customEvents = custom as Record<string, string[]>;
  const severity = asObject(tool.severity);
  if (severity) settings.severity = severity as Record<string, string>;
  if (Array.isArray(tool['hook-registrars'])) settings.hookRegistrars = tool['hook-registrars'].filter((g): g is string => typeof g === 'string');
  if (Array.isArray(tool.exclude)) settings.exclude = tool.exclude.filter((g): g is string => typeof g === 'string');
  if (typeof tool['max-file-size'] === 'number') settings.maxFileSize = tool['max-file-size'];
  if (typeof tool['diagnostic-mode'] === 'string') settings.diagnosticMode = tool['diagnostic-mode'];
  const inlay = asObject(tool['inlay-hints']);
  if (inlay && typeof inlay.enable === 'boolean') settings.inlayHints = { enable: inlay.enable };
  return settings;
}

function requiresPython(doc: Record<string, unknown>, versions: readonly PythonVersion[]): PythonVersion[] | null {
  const project = asObject(doc.project);
  let requires = typeof project?.['requires-python'] === 'string' ? (project['requires-python'] as string) : null;
  if (!requires) {
    const poetry = asObject(asObject(asObject(doc.tool)?.poetry)?.dependencies);
    if (typeof poetry?.python === 'string') requires = poetry.python;
  }
  return requires ? requiredVersions(requires, versions) : null;
}

/** The 1-based line where a key of [tool.audit-events] is written (its own line or its table's). */
function keyLine(text: string, key: string): number {
  const lines = text.split(/\r\n|\r|\n/);
  let inTable = false;
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const assignment = new RegExp(`^\\s*(["']?)${escaped}\\1\\s*[.=]`);
  const table = new RegExp(`^\\s*\\[\\s*tool\\.(["']?)audit-events\\1\\.(["']?)${escaped}\\2\\s*\\]`);
  let header = 1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (table.test(line)) return i + 1;
    if (/^\s*\[/.test(line)) {
      inTable = /^\s*\[\s*tool\.(["']?)audit-events\1\s*\]/.test(line);
      if (inTable) header = i + 1;
      continue;
    }
    if (inTable && assignment.test(line)) return i + 1;
  }
  return header;
}

/**
 * The catalog versions a requires-python specifier set admits: `>=3.9` -> 3.9 to the newest,
 * `>=3.9,<3.14` -> 3.9–3.13, `~=3.10`, `^3.11`, `>=3.8,!=3.9.*`. Null when it admits none of them
 * (or cannot be read): the caller falls back to the newest. Poetry's `||` takes either side.
 */
export function requiredVersions(spec: string, versions: readonly PythonVersion[]): PythonVersion[] | null {
  const admitted = new Set<string>();
  for (const alternative of spec.split('||')) {
    const parsed = parseVersionTarget(alternative.trim().replace(/\s*,\s*|\s+(?=[<>=!~^])/g, ','), versions);
    if (parsed.ok) for (const v of parsed.versions) admitted.add(v);
  }
  const out = versions.filter((v) => admitted.has(v));
  return out.length ? out : null;
}

function asObject(v: unknown): Record<string, unknown> | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}
