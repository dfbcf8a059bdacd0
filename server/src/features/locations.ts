import type { Range } from '../model';

/** `hooks.py:12` for another file, `line 12` for the same one (1-based, as editors show). */
export function relativeLocation(uri: string, range: Range, fromUri: string): string {
  const line = range.start.line + 1;
  if (uri === fromUri) return `line ${line}`;
  const file = decoded(uri.replace(/^file:\/\//, '')).split('/');
  const from = decoded(fromUri.replace(/^file:\/\//, '')).split('/');
  let common = 0;
  while (common < Math.min(file.length, from.length) - 1 && file[common] === from[common]) common++;
  const rel = [...from.slice(common, -1).map(() => '..'), ...file.slice(common)].join('/');
  return `${rel}:${line}`;
}

/** A URI's path as the user wrote it; as it is when it does not decode (`%FF.py`: issue 17 item 4). */
function decoded(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
