/** Where a Python line leaves the tokenizer: open brackets, an open triple-quoted string, a `\`. */
export interface LineState {
  brackets: number;
  triple: string | null;
  continued: boolean;
}

export const START_OF_FILE: LineState = { brackets: 0, triple: null, continued: false };

/**
 * Carries the bracket depth and triple-quoted-string state through one line, as CPython's
 * tokenizer would, without building tokens: enough to tell which lines start a statement and
 * which are continuations (python/excerpt.ts, python/indentation.ts).
 */
export function scanLine(line: string, state: LineState): LineState {
  let { brackets, triple } = state;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (triple !== null) {
      if (c === BACKSLASH) i++;
      else if (line.startsWith(triple, i)) {
        i += 2;
        triple = null;
      }
    } else if (c === HASH) {
      return { brackets, triple, continued: false };
    } else if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      if (line.charCodeAt(i + 1) === c && line.charCodeAt(i + 2) === c) {
        triple = c === DOUBLE_QUOTE ? '"""' : "'''";
        i += 2;
      } else {
        for (i++; i < line.length && line.charCodeAt(i) !== c; i++) if (line.charCodeAt(i) === BACKSLASH) i++;
      }
    } else if (c === 0x28 || c === 0x5b || c === 0x7b) brackets++; // ( [ {
    else if ((c === 0x29 || c === 0x5d || c === 0x7d) && brackets > 0) brackets--; // ) ] }
  }
  return { brackets, triple, continued: triple === null && endsWithBackslash(line) };
}

const BACKSLASH = 0x5c;
const HASH = 0x23;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

/** A `\` followed by nothing but white space (`/\\\s*$/`). */
function endsWithBackslash(line: string): boolean {
  let e = line.length;
  while (e > 0 && isJsSpace(line.charCodeAt(e - 1))) e--;
  return e > 0 && line.charCodeAt(e - 1) === BACKSLASH;
}

/** What JavaScript's `\s` matches: white space and line terminators, Unicode's included. */
export function isJsSpace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Whether a line is a logical line's first (not inside brackets, a string, a continuation). */
export function startsLogicalLine(state: LineState): boolean {
  return state.brackets === 0 && state.triple === null && !state.continued;
}
