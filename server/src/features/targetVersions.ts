import type { PythonVersion } from '../catalog/catalog';
import type { FeatureContext } from './context';
import { versionRanges } from './events';

/**
 * The target versions a piece of code runs under: the target range cut to the versions its
 * `sys.version_info` tests allow (absent: no test). Empty: the code never runs on the target,
 * and nothing in it is checked.
 */
export function targetVersions(ctx: FeatureContext, narrowed?: readonly string[]): PythonVersion[] {
  if (!narrowed) return [...ctx.settings.versions];
  const allowed = new Set(narrowed);
  return ctx.settings.versions.filter((v) => allowed.has(v));
}

/** "Python 3.11 (the target version)" / "Python 3.9–3.15 (the target versions)". */
export function describeTarget(ctx: Pick<FeatureContext, 'catalog' | 'settings'>, versions: readonly PythonVersion[] = ctx.settings.versions): string {
  const text = versionRanges(versions, ctx.catalog.versions);
  return versions.length === 1 ? `Python ${text} (the target version)` : `Python ${text} (the target versions)`;
}
