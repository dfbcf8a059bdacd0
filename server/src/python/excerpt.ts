/**
 * The part of a Python module that the analysis can need: the top-level statements that mention
 * an audit API or import something, and, transitively, the module-level definitions of the names
 * they use. Parsing only those (rows mapped back) makes a large file that calls sys.audit once
 * cost what that one statement costs. Used where no syntax tree is kept (the CLI, the workspace
 * index); open documents are parsed whole and incrementally.
 *
 * A top-level statement starts on a line indented zero columns that is not inside brackets, a
 * string or a backslash continuation, and is not an `else`/`elif`/`except`/`finally` clause;
 * decorators stay with what they decorate.
 */

export interface Excerpt {
  text: string;
  /** [first row of the excerpt, first row in the original, number of rows], one per statement. */
  rows: [number, number, number][];
}

export interface Statement {
  first: number; // row
  end: number; // row after the last one
  text: string;
  /** Where the statement's text starts in the file's. */
  offset: number;
}

import { isJsSpace } from './lines';
import { hookShapeCandidates, mayHoldHookShape } from '../parsing/prefilter';
import { externalFunctionName } from '../model';

const WORD = /[A-Za-z_]\w*/g;

/** Null when the excerpt would be most of the file anyway (then parse the file). */
export function excerptOf(text: string, externalHooks: ReadonlySet<string> = new Set(), maxShare = 0.5): Excerpt | null {
  if (lineCountAtLeast(text, 200) < 200) return null;
  const { statements, lineCount } = splitStatements(text);
  const selected = new Array<boolean>(statements.length).fill(false);
  const defined = statements.map(definedNames);
  // Names imported from an audit module (`from sys import audit as emit`, `from subaudit import
  // listening`) are audit APIs wherever they are called.
  const auditNames = new Set<string>();
  for (const m of text.matchAll(/\bfrom\s+(?:sys|sysaudit|subaudit)\s+import\s+\(?([\w\s,]+)/g)) {
    for (const part of m[1].split(',')) {
      const words = part.trim().split(/\s+/);
      const bound = words[words.length - 1];
      if (bound) auditNames.add(bound);
    }
  }
  const callsAuditName = (t: string) => [...auditNames].some((n) => new RegExp(`\\b${n}\\b`).test(t));
  // Names the selected statements use pull in the statements that define them, until nothing
  // new comes in. Each statement's words are read once, when it is selected.
  const used = new Set<string>();
  const queue: number[] = [];
  const select = (i: number) => {
    if (selected[i]) return;
    selected[i] = true;
    queue.push(i);
  };
  // Each test runs once over the whole text; a statement holds what starts inside it (a
  // statement starts at a line's start, so no match straddles two).
  const holds = new Array<boolean>(statements.length).fill(false);
  const at = statementAt(statements);
  for (const m of text.matchAll(/audit|Audit|\bimport\b/g)) holds[at(m.index)] = true;
  // A def the whole text's test finds may be shaped only through what follows its statement.
  for (const start of hookShapeCandidates(text)) {
    const i = at(start);
    if (!holds[i] && mayHoldHookShape(statements[i].text)) holds[i] = true;
  }
  const hookNames = [...externalHooks].map(externalFunctionName);
  for (let i = 0; i < statements.length; i++) {
    if (holds[i]) select(i);
    else if (hookNames.length && hookNames.some((n) => defined[i].includes(n))) select(i);
    else if (auditNames.size && callsAuditName(statements[i].text)) select(i);
  }
  const definers = new Map<string, number[]>();
  for (let i = 0; i < defined.length; i++) {
    for (const n of defined[i]) {
      const list = definers.get(n);
      if (!list) definers.set(n, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  }
  while (queue.length) {
    const i = queue.pop()!;
    for (const w of statements[i].text.match(WORD) ?? []) {
      if (used.has(w)) continue;
      used.add(w);
      for (const j of definers.get(w) ?? []) select(j);
    }
  }
  let rowsKept = 0;
  for (let i = 0; i < statements.length; i++) if (selected[i]) rowsKept += statements[i].end - statements[i].first;
  if (rowsKept > lineCount * maxShare) return null;
  const parts: string[] = [];
  const rows: Excerpt['rows'] = [];
  let row = 0;
  for (let i = 0; i < statements.length; i++) {
    if (!selected[i]) continue;
    const s = statements[i];
    rows.push([row, s.first, s.end - s.first]);
    parts.push(s.text);
    row += s.end - s.first;
  }
  return { text: parts.join('\n') + '\n', rows };
}

/** How many lines the text has, counted up to `enough`. */
function lineCountAtLeast(text: string, enough: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && n < enough; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The original row of an excerpt row. */
export function originalRow(excerpt: Excerpt, row: number): number {
  let lo = 0;
  let hi = excerpt.rows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (excerpt.rows[mid][0] <= row) lo = mid;
    else hi = mid - 1;
  }
  const [start, original] = excerpt.rows[lo] ?? [0, 0];
  return original + (row - start);
}

/**
 * The file's top-level statements, and how many lines it has. Carries python/lines.ts's line
 * state (scanLine) through the whole text without splitting it into lines: most characters of a
 * line are none that change the state, and a regex finds the next one that does.
 */
export function splitStatements(text: string): { statements: Statement[]; lineCount: number } {
  const out: Statement[] = [];
  let brackets = 0;
  let triple: string | null = null;
  let continued = false;
  let current: { first: number; offset: number } | null = null;
  let decorated = false;
  const close = (end: number, endOffset: number) => {
    // Sliced from the whole text, without the line break that ends the statement.
    if (current) out.push({ first: current.first, end, offset: current.offset, text: text.slice(current.offset, endOffset - 1) });
  };
  // Where the next backslash, closing triple quote and character that changes the state are
  // (-1: none; text.length: none), found once and kept while the scan is before them: a long
  // string, or a run of lines that change nothing, is searched once, not once per line.
  const next = { backslash: -2, tripleAt: -2, triple: '', special: -1 };
  const nextSpecial = (i: number) => {
    if (next.special >= i) return next.special;
    SPECIAL.lastIndex = i;
    return (next.special = SPECIAL.exec(text)?.index ?? text.length);
  };
  const nextBackslash = (i: number) => (next.backslash >= i || next.backslash === -1 ? next.backslash : (next.backslash = text.indexOf('\\', i)));
  const nextTriple = (i: number, t: string) => {
    if (next.triple !== t) next.tripleAt = -2;
    next.triple = t;
    return next.tripleAt >= i || next.tripleAt === -1 ? next.tripleAt : (next.tripleAt = text.indexOf(t, i));
  };
  let row = 0;
  let start = 0;
  for (;;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const first = text.charCodeAt(start);
    const topLevel = end > start && first !== HASH && !isJsSpace(first) && brackets === 0 && triple === null && !continued;
    if (topLevel && !isClause(text, start) && !decorated) {
      close(row, start);
      current = { first: row, offset: start };
    } else if (!current) {
      current = { first: row, offset: start };
    }
    if (topLevel) decorated = first === 0x40; /* @ */
    // scanLine over [start, end).
    let comment = false;
    let i = start;
    while (i < end) {
      if (triple !== null) {
        const b = nextBackslash(i);
        const t = nextTriple(i, triple);
        if (t >= 0 && t < end && (b < 0 || t < b)) {
          i = t + 3;
          triple = null;
        } else if (b >= 0 && b < end) i = b + 2;
        else i = end;
        continue;
      }
      const p = nextSpecial(i);
      if (p >= end) break;
      const c = text.charCodeAt(p);
      if (c === HASH) {
        comment = true;
        break;
      } else if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
        if (text.charCodeAt(p + 1) === c && text.charCodeAt(p + 2) === c) {
          triple = c === DOUBLE_QUOTE ? '"""' : "'''";
          i = p + 3;
        } else {
          let j = p + 1;
          for (; j < end && text.charCodeAt(j) !== c; j++) if (text.charCodeAt(j) === BACKSLASH) j++;
          i = j + 1;
        }
      } else {
        if (c === 0x28 || c === 0x5b || c === 0x7b) brackets++; // ( [ {
        else if (brackets > 0) brackets--; // ) ] }
        i = p + 1;
      }
    }
    continued = !comment && triple === null && endsWithBackslash(text, start, end);
    row++;
    if (end === text.length) break;
    start = end + 1;
  }
  close(row, text.length + 1);
  return { statements: out, lineCount: row };
}

/** What changes a line's state outside a triple-quoted string (python/lines.ts). */
const SPECIAL = /[#"'()[\]{}]/g;
const CLAUSE_AT = /(?:else|elif|except|finally)\b/y;
const HASH = 0x23;
const BACKSLASH = 0x5c;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

/** An `else`/`elif`/`except`/`finally` clause starts at a line's start. */
function isClause(text: string, start: number): boolean {
  CLAUSE_AT.lastIndex = start;
  return CLAUSE_AT.test(text);
}

/** The line [start, end) ends with a `\` followed by nothing but white space. */
function endsWithBackslash(text: string, start: number, end: number): boolean {
  let e = end;
  while (e > start && isJsSpace(text.charCodeAt(e - 1))) e--;
  return e > start && text.charCodeAt(e - 1) === BACKSLASH;
}

/** The index of the statement that holds a text offset (statements in order, covering the text). */
function statementAt(statements: readonly Statement[]): (offset: number) => number {
  return (offset) => {
    let lo = 0;
    let hi = statements.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (statements[mid].offset <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
}

/**
 * The module-level names a statement can bind: a def or class name, assignment targets, for
 * and with targets; for compound statements (if/try/with/for/while/match), every word in them,
 * which over-approximates safely; `global` statements anywhere rebind their names. A name may
 * be listed more than once.
 */
function definedNames(s: Statement): string[] {
  const head = s.text.charCodeAt(0) === 0x40 /* @ */ ? s.text.replace(/^(?:@.*\n)+/, '') : s.text;
  const def = /^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)/.exec(head);
  let names: string[];
  if (def) names = [def[1]];
  else if (/^(?:if|try|with|for|while|match|async)\b/.test(head)) names = s.text.match(WORD) ?? [];
  else {
    names = [];
    // NAME = ..., a, b = ..., A = B = ..., NAME: T = ..., NAME += ...
    const newline = head.indexOf('\n');
    const firstLine = newline < 0 ? head : head.slice(0, newline);
    if (!firstLine.includes('=')) return globalNames(s, names);
    const segments = firstLine.split(/(?<![=!<>])=(?!=)/);
    for (let k = 0; k < segments.length - 1; k++) for (const w of segments[k].match(WORD) ?? []) names.push(w);
    const aug = /^([A-Za-z_]\w*)\s*(?:[-+*/%&|^@]|\/\/|\*\*|<<|>>)=/.exec(firstLine);
    if (aug) names.push(aug[1]);
  }
  return globalNames(s, names);
}

/** Adds the names of the statement's `global` statements. */
function globalNames(s: Statement, names: string[]): string[] {
  if (!s.text.includes('global')) return names;
  for (const g of s.text.matchAll(/\bglobal\s+([\w\s,]+)/g)) for (const w of g[1].match(WORD) ?? []) names.push(w);
  return names;
}
