import type { Position, Range } from '../model';
import type { Node } from './treeSitter';

/**
 * How deep any walk of the analysis goes. CPython itself rejects code nested deeper than about
 * 200 levels (too many nested parentheses / blocks), so nothing real is lost; and a JavaScript
 * stack that grows with the input could overflow inside a call into tree-sitter's WebAssembly,
 * which would leave its memory corrupted.
 */
export const MAX_NESTING = 200;

/**
 * Maps positions of a repaired text (python/repair.ts closes unterminated strings by inserting
 * one quote) back to the user's text. Tree-sitter reports UTF-16 columns for JavaScript strings,
 * which are LSP columns already.
 */
export class PositionMap {
  constructor(
    /** row -> sorted columns, in repaired coordinates, of inserted characters. */
    private readonly insertions: ReadonlyMap<number, readonly number[]> = new Map(),
    /** For an excerpt of the file (python/excerpt.ts): the original row of a row. */
    private readonly rowOf: (row: number) => number = (row) => row,
  ) {}

  /** The same map, for a text that is itself an excerpt whose rows map through `rowOf`. */
  withRows(rowOf: (row: number) => number): PositionMap {
    return new PositionMap(this.insertions, rowOf);
  }

  position(row: number, column: number): Position {
    const cols = this.insertions.get(row);
    let shift = 0;
    if (cols) for (const c of cols) if (c < column) shift++;
    return { line: this.rowOf(row), character: column - shift };
  }

  range(node: Node): Range {
    return {
      start: this.position(node.startPosition.row, node.startPosition.column),
      end: this.position(node.endPosition.row, node.endPosition.column),
    };
  }

  span(from: Node, to: Node): Range {
    return {
      start: this.position(from.startPosition.row, from.startPosition.column),
      end: this.position(to.endPosition.row, to.endPosition.column),
    };
  }
}
