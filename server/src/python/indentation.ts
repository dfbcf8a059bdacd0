import { scanLine, START_OF_FILE, startsLogicalLine } from './lines';

/**
 * CPython rejects more than 100 levels of indentation (IndentationError: too many levels of
 * indentation, Parser/tokenizer.c MAXINDENT). tree-sitter-python's WebAssembly build corrupts
 * its memory on a few hundred levels, so such a file is not parsed at all: nothing in it can
 * run anyway.
 */
export const MAX_INDENT_LEVELS = 100;

/**
 * The deepest indentation of a Python text, counted as CPython's tokenizer does: a stack of
 * indentation widths, ignoring blank and comment lines, lines inside brackets and inside
 * triple-quoted strings. Stops counting once past `limit`.
 */
export function exceedsIndentLimit(text: string, limit = MAX_INDENT_LEVELS): boolean {
  // Each level is at least one column wide: if no line is indented more than `limit` columns
  // (a tab counts up to 8), there cannot be more than `limit` levels. One pass over the line
  // starts decides for nearly every file (it runs before every reparse, so it is a plain loop);
  // the exact count runs only when some line is indented that far.
  let widest = 0;
  for (let start = 0; start < text.length; ) {
    let tabs = 0;
    let i = start;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 9) tabs++;
      else if (c !== 32 && c !== 12) break;
    }
    widest = Math.max(widest, i - start + 7 * tabs);
    const newline = text.indexOf('\n', i);
    if (newline < 0) break;
    start = newline + 1;
  }
  return widest > limit && indentationLevels(text, limit) > limit;
}

export function indentationLevels(text: string, limit = MAX_INDENT_LEVELS): number {
  const stack: number[] = [0];
  let max = 0;
  let state = START_OF_FILE;
  for (const line of text.split('\n')) {
    let i = 0;
    let width = 0;
    for (; i < line.length && (line[i] === ' ' || line[i] === '\t' || line[i] === '\f'); i++) {
      width = line[i] === '\t' ? Math.floor(width / 8 + 1) * 8 : width + 1; // tab stops of 8, as CPython
    }
    const blank = i >= line.length || line[i] === '#' || line[i] === '\r';
    if (!blank && startsLogicalLine(state)) {
      while (stack.length > 1 && stack[stack.length - 1] > width) stack.pop();
      if (width > stack[stack.length - 1]) stack.push(width);
      if (stack.length - 1 > max) {
        max = stack.length - 1;
        if (max > limit) return max;
      }
    }
    state = scanLine(line, state);
  }
  return max;
}
