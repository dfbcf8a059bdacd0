/**
 * Glob patterns for `exclude` (the same syntax as VS Code's files.exclude): `**` any number of
 * path segments, `*` and `?` within a segment, `{a,b}` alternatives. Paths use `/`.
 * A pattern without a slash matches a file or folder name anywhere (`node_modules`, `*.pyi`).
 */
export function globToRegExp(glob: string): RegExp {
  let pattern = glob.trim().replace(/\\/g, '/');
  // `dir/**` names the folder itself too (the walk must not even enter it).
  while (pattern.endsWith('/**')) pattern = pattern.slice(0, -3);
  if (!pattern.includes('/')) pattern = `**/${pattern}`;
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const slashAfter = pattern[i + 2] === '/';
        re += slashAfter ? '(?:.*/)?' : '.*';
        i += slashAfter ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = pattern.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${pattern.slice(i + 1, end).split(',').map(escape).join('|')})`;
        i = end;
      }
    } else re += escape(c);
  }
  // A pattern names a file or a folder: a folder excludes everything under it.
  return new RegExp(`^${re}(?:/.*)?$`);
}

function escape(s: string): string {
  return s.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

export class Excluder {
  private readonly res: RegExp[];
  constructor(globs: readonly string[]) {
    this.res = globs.map(globToRegExp);
  }
  /** `relPath` relative to the workspace folder, with `/`. */
  excludes(relPath: string): boolean {
    return this.res.some((r) => r.test(relPath));
  }
}
