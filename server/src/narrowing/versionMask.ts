/**
 * A set of Python 3 minor versions as a bit mask: bit m stands for 3.m. Python 2 is out of
 * scope (no audit hooks), and minors past 3.30 are far beyond any catalog. Shared by the Python
 * (`sys.version_info`) and C (`PY_VERSION_HEX`) readings of version tests.
 */
export type VersionMask = number;

export const MINORS = 31;

/** The minors of a mask as the catalog names them: 3.9, 3.10, ... */
export function versionNames(mask: VersionMask): string[] {
  const out: string[] = [];
  for (let m = 0; m < MINORS; m++) if (mask & (1 << m)) out.push(`3.${m}`);
  return out;
}
