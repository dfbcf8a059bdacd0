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
    const c = line[i];
    if (triple !== null) {
      if (c === '\\') i++;
      else if (line.startsWith(triple, i)) {
        i += 2;
        triple = null;
      }
    } else if (c === '#') {
      return { brackets, triple, continued: false };
    } else if (c === '"' || c === "'") {
      if (line.startsWith(c + c + c, i)) {
        triple = c + c + c;
        i += 2;
      } else {
        for (i++; i < line.length && line[i] !== c; i++) if (line[i] === '\\') i++;
      }
    } else if (c === '(' || c === '[' || c === '{') brackets++;
    else if ((c === ')' || c === ']' || c === '}') && brackets > 0) brackets--;
  }
  return { brackets, triple, continued: triple === null && /\\\s*$/.test(line) };
}

/** Whether a line is a logical line's first (not inside brackets, a string, a continuation). */
export function startsLogicalLine(state: LineState): boolean {
  return state.brackets === 0 && state.triple === null && !state.continued;
}
