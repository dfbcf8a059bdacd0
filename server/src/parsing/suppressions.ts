// Reads `audit-events: ignore` directives from the comment nodes of a syntax tree, for both
// languages. Only comments are read: the same words inside a string silence nothing.
import type { Position, Suppression } from '../model';
import type { Tree } from './treeSitter';

const MARKER = 'audit-events:';
/** The directive after the marker: `ignore-file`, `ignore`, or `ignore[code, ...]`. */
const DIRECTIVE = /^audit-events:[ \t]*(ignore-file|ignore)(?![\w-])(?:\[([^\]\n]*)\])?/;

/** `position` maps a row and column of the parsed text to the document's (excerpts, repairs). */
export function readSuppressions(text: string, tree: Tree, position: (row: number, column: number) => Position): Suppression[] {
  const out: Suppression[] = [];
  const root = tree.rootNode;
  for (let i = text.indexOf(MARKER); i >= 0; i = text.indexOf(MARKER, i + MARKER.length)) {
    const comment = root.descendantForIndex(i);
    if (comment?.type !== 'comment') continue;
    const m = DIRECTIVE.exec(text.slice(i, Math.min(comment.endIndex, i + 1000)));
    if (!m) continue;
    const before = text.slice(comment.startIndex, i);
    const rows = before.split('\n');
    const row = comment.startPosition.row + rows.length - 1;
    const column = (rows.length > 1 ? 0 : comment.startPosition.column) + rows[rows.length - 1].length;
    const codes = m[2] === undefined ? null : m[2].split(',').map((c) => c.trim()).filter(Boolean);
    out.push({
      range: { start: position(row, column), end: position(row, column + m[0].length) },
      line: position(comment.startPosition.row, comment.startPosition.column).line,
      codes: codes && codes.length ? codes : null,
      scope: m[1] === 'ignore-file' ? 'file' : 'line',
    });
  }
  return out;
}
