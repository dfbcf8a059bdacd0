import type { HandOffContext, HandOffOrigin } from './document';

/**
 * A function of this file that a hook in another file hands its event/args to (issue 12 §1), as
 * the index passes it to the file's analysis. It travels in the same channel as the names of
 * hooks registered from other files (`externalHooks`: into the scanner's skip decision, the
 * analysis workers, the document cache key and the excerpt), encoded as one string; a JSON object
 * never collides with a Python function name.
 */
export interface HandOffTarget extends HandOffContext {
  /** The function's name at the module's top level. */
  name: string;
  /** The call in the other file, with that file's uri. */
  origin: HandOffOrigin & { uri: string };
}

const TAG = 'handOff';

export function encodeHandOffTarget(t: HandOffTarget): string {
  return JSON.stringify({ [TAG]: t });
}

/** The target an `externalHooks` entry encodes; null for a plain hook name. */
export function decodeHandOffTarget(entry: string): HandOffTarget | null {
  if (!entry.startsWith('{')) return null;
  try {
    const t = (JSON.parse(entry) as Record<string, HandOffTarget | undefined>)[TAG];
    return t && typeof t.name === 'string' && Array.isArray(t.prefixes) && t.origin ? t : null;
  } catch {
    return null;
  }
}

/** The function an `externalHooks` entry names, hook or hand-off target. */
export function externalFunctionName(entry: string): string {
  return decodeHandOffTarget(entry)?.name ?? entry;
}
