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

interface Statement {
  first: number; // row
  end: number; // row after the last one
  text: string;
  /** Where the statement's text starts in the file's. */
  offset: number;
}

import { isJsSpace, scanLine, START_OF_FILE, startsLogicalLine } from './lines';
import { hookShapeCandidates, mayHoldHookShape } from '../parsing/prefilter';
import { externalFunctionName } from '../model';

const CLAUSE = /^(?:else|elif|except|finally)\b/;
const WORD = /[A-Za-z_]\w*/g;

/** Null when the excerpt would be most of the file anyway (then parse the file). */
export function excerptOf(text: string, externalHooks: ReadonlySet<string> = new Set(), maxShare = 0.5): Excerpt | null {
  const lines = text.split('\n');
  if (lines.length < 200) return null;
  const statements = splitStatements(text, lines);
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
  const hooks = [...externalHooks];
  for (const [i, s] of statements.entries()) {
    if (holds[i]) select(i);
    else if (hooks.length && hooks.some((h) => defined[i].has(externalFunctionName(h)))) select(i);
    else if (auditNames.size && callsAuditName(s.text)) select(i);
  }
  const definers = new Map<string, number[]>();
  for (const [i, names] of defined.entries()) {
    for (const n of names) {
      const list = definers.get(n);
      if (list) list.push(i);
      else definers.set(n, [i]);
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
  for (const [i, s] of statements.entries()) if (selected[i]) rowsKept += s.end - s.first;
  if (rowsKept > lines.length * maxShare) return null;
  const parts: string[] = [];
  const rows: Excerpt['rows'] = [];
  let row = 0;
  for (const [i, s] of statements.entries()) {
    if (!selected[i]) continue;
    rows.push([row, s.first, s.end - s.first]);
    parts.push(s.text);
    row += s.end - s.first;
  }
  return { text: parts.join('\n') + '\n', rows };
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

function splitStatements(text: string, lines: string[]): Statement[] {
  const out: Statement[] = [];
  let state = START_OF_FILE;
  let current: { first: number; offset: number } | null = null;
  let decorated = false;
  let offset = 0;
  const close = (end: number, endOffset: number) => {
    // Sliced from the whole text: the lines' join, without building it.
    if (current) out.push({ first: current.first, end, offset: current.offset, text: text.slice(current.offset, endOffset - 1) });
  };
  for (let r = 0; r < lines.length; r++) {
    const line = lines[r];
    const first = line.charCodeAt(0);
    const topLevel = line.length > 0 && first !== 0x23 /* # */ && !isJsSpace(first) && startsLogicalLine(state);
    if (topLevel && !CLAUSE.test(line) && !decorated) {
      close(r, offset);
      current = { first: r, offset };
    } else if (!current) {
      current = { first: r, offset };
    }
    if (topLevel) decorated = line.charCodeAt(0) === 0x40; /* @ */
    state = scanLine(line, state);
    offset += line.length + 1;
  }
  close(lines.length, offset);
  return out;
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
 * which over-approximates safely; `global` statements anywhere rebind their names.
 */
function definedNames(s: Statement): Set<string> {
  const names = new Set<string>();
  const head = s.text.charCodeAt(0) === 0x40 /* @ */ ? s.text.replace(/^(?:@.*\n)+/, '') : s.text;
  const def = /^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)/.exec(head);
  if (def) names.add(def[1]);
  else if (/^(?:if|try|with|for|while|match|async)\b/.test(head)) {
    for (const w of s.text.match(WORD) ?? []) names.add(w);
  } else {
    // NAME = ..., a, b = ..., A = B = ..., NAME: T = ..., NAME += ...
    const newline = head.indexOf('\n');
    const firstLine = newline < 0 ? head : head.slice(0, newline);
    if (!firstLine.includes('=')) return globalNames(s, names);
    const segments = firstLine.split(/(?<![=!<>])=(?!=)/);
    for (const target of segments.slice(0, -1)) for (const w of target.match(WORD) ?? []) names.add(w);
    const aug = /^([A-Za-z_]\w*)\s*(?:[-+*/%&|^@]|\/\/|\*\*|<<|>>)=/.exec(firstLine);
    if (aug) names.add(aug[1]);
  }
  return globalNames(s, names);
}

/** Adds the names of the statement's `global` statements. */
function globalNames(s: Statement, names: Set<string>): Set<string> {
  if (!s.text.includes('global')) return names;
  for (const g of s.text.matchAll(/\bglobal\s+([\w\s,]+)/g)) for (const w of g[1].match(WORD) ?? []) names.add(w);
  return names;
}
