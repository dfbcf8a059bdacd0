import type { PythonVersion } from '../catalog/catalog';
import { parseVersionTarget } from '../catalog/versionTarget';
import { DEFAULT_MAX_FILE_SIZE, validSize } from '../parsing/sizeLimit';
import type { ProjectSettings, SeveritySetting, Settings, UserSettings } from '../model';

export type { ProjectSettings, SeverityName, SeveritySetting, Settings, UserSettings } from '../model';

export const DEFAULT_EXCLUDE = [
  '**/.git/**',
  '**/node_modules/**',
  '**/.venv/**',
  '**/venv/**',
  '**/.tox/**',
  '**/__pycache__/**',
  '**/site-packages/**',
];



const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

/**
 * Merges the editor's settings with the project's pyproject.toml: an explicit editor setting wins
 * (a value other than the default), then [tool.audit-events], then requires-python, then the
 * newest version in the catalog. A version setting is one version or a range in any form
 * catalog/versionTarget.ts reads; `auto` (or one that selects nothing) defers to the next source.
 */
export function resolveSettings(
  editor: UserSettings | undefined,
  project: ProjectSettings | undefined,
  versions: readonly PythonVersion[],
  /** The diagnostic codes the rules know (features/diagnostics/rules.ts): other keys are dropped. */
  codes?: readonly string[],
): Settings {
  const target = (spec: unknown): PythonVersion[] | null => {
    if (typeof spec !== 'string' || spec.trim() === 'auto') return null;
    const parsed = parseVersionTarget(spec, versions);
    return parsed.ok ? (parsed.versions as PythonVersion[]) : null;
  };
  const newest = versions[versions.length - 1];
  let range: readonly PythonVersion[] = [newest];
  let versionSource: Settings['versionSource'] = 'newest';
  const fromEditor = target(editor?.pythonVersion);
  const fromTool = fromEditor ? null : target(project?.tool.pythonVersion);
  if (fromEditor) {
    range = fromEditor;
    versionSource = 'setting';
  } else if (fromTool) {
    range = fromTool;
    versionSource = 'pyproject';
  } else if (project?.requiresPython?.length) {
    range = project.requiresPython;
    versionSource = 'requires-python';
  }
  const version = range[range.length - 1];

  const customEvents = new Map<string, readonly string[]>();
  for (const source of [project?.tool.customEvents, editor?.customEvents]) {
    if (!source || typeof source !== 'object') continue;
    for (const [name, args] of Object.entries(source)) {
      if (Array.isArray(args) && args.every((a) => typeof a === 'string')) customEvents.set(name, args);
    }
  }

  const severity: Partial<Record<string, SeveritySetting>> = {};
  for (const source of [project?.tool.severity, editor?.severity]) {
    if (!source || typeof source !== 'object') continue;
    for (const [code, level] of Object.entries(source)) {
      if ((!codes || codes.includes(code)) && typeof level === 'string' && SEVERITIES.has(level)) {
        severity[code] = level as SeveritySetting;
      }
    }
  }

  // A Set: ten thousand globs deduplicated by `includes` cost minutes.
  const exclude = new Set(DEFAULT_EXCLUDE);
  for (const source of [project?.tool.exclude, editor?.exclude]) {
    if (Array.isArray(source)) for (const g of source) if (typeof g === 'string') exclude.add(g);
  }

  const hookRegistrars: string[] = [];
  for (const source of [project?.tool.hookRegistrars, editor?.hookRegistrars]) {
    if (Array.isArray(source)) for (const r of source) if (typeof r === 'string' && /^[\w.]+$/.test(r) && !hookRegistrars.includes(r)) hookRegistrars.push(r);
  }

  const inlay = editor?.inlayHints?.enable ?? project?.tool.inlayHints?.enable;
  const mode = editor?.diagnosticMode ?? project?.tool.diagnosticMode;
  const diagnosticMode = mode === 'workspace' ? 'workspace' : 'openFiles';
  const editorSize = validSize(editor?.maxFileSize);
  const maxFileSize = (editorSize !== DEFAULT_MAX_FILE_SIZE ? editorSize : null) ?? validSize(project?.tool.maxFileSize) ?? DEFAULT_MAX_FILE_SIZE;
  return { versions: range, version, versionSource, customEvents, severity, inlayHints: inlay !== false, exclude: [...exclude], maxFileSize, diagnosticMode, hookRegistrars };
}
