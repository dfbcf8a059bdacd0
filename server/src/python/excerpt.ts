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
}

import { scanLine, START_OF_FILE, startsLogicalLine } from './lines';
import { mayHoldHookShape, mentionsAudit } from '../parsing/prefilter';
import { externalFunctionName } from '../model';

const CLAUSE = /^(?:else|elif|except|finally)\b/;
const WORD = /[A-Za-z_]\w*/g;

/** Null when the excerpt would be most of the file anyway (then parse the file). */
export function excerptOf(text: string, externalHooks: ReadonlySet<string> = new Set(), maxShare = 0.5): Excerpt | null {
  const lines = text.split('\n');
  if (lines.length < 200) return null;
  const statements = splitStatements(lines);
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
  for (const [i, s] of statements.entries()) {
    if (mentionsAudit(s.text) || mayHoldHookShape(s.text) || /\bimport\b/.test(s.text)) select(i);
    else if ([...externalHooks].some((h) => defined[i].has(externalFunctionName(h)))) select(i);
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

function splitStatements(lines: string[]): Statement[] {
  const out: Statement[] = [];
  let state = START_OF_FILE;
  let current: { first: number } | null = null;
  let decorated = false;
  const close = (end: number) => {
    if (current) out.push({ first: current.first, end, text: lines.slice(current.first, end).join('\n') });
  };
  for (let r = 0; r < lines.length; r++) {
    const line = lines[r];
    const topLevel = startsLogicalLine(state) && line.length > 0 && !/^[\s#]/.test(line);
    if (topLevel && !CLAUSE.test(line) && !decorated) {
      close(r);
      current = { first: r };
    } else if (!current) {
      current = { first: r };
    }
    if (topLevel) decorated = line.startsWith('@');
    state = scanLine(line, state);
  }
  close(lines.length);
  return out;
}

/**
 * The module-level names a statement can bind: a def or class name, assignment targets, for
 * and with targets; for compound statements (if/try/with/for/while/match), every word in them,
 * which over-approximates safely; `global` statements anywhere rebind their names.
 */
function definedNames(s: Statement): Set<string> {
  const names = new Set<string>();
  const head = s.text.replace(/^(?:@.*\n)+/, '');
  const def = /^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)/.exec(head);
  if (def) names.add(def[1]);
  else if (/^(?:if|try|with|for|while|match|async)\b/.test(head)) {
    for (const w of s.text.match(WORD) ?? []) names.add(w);
  } else {
    // NAME = ..., a, b = ..., A = B = ..., NAME: T = ..., NAME += ...
    const firstLine = head.split('\n')[0];
    const segments = firstLine.split(/(?<![=!<>])=(?!=)/);
    for (const target of segments.slice(0, -1)) for (const w of target.match(WORD) ?? []) names.add(w);
    const aug = /^([A-Za-z_]\w*)\s*(?:[-+*/%&|^@]|\/\/|\*\*|<<|>>)=/.exec(firstLine);
    if (aug) names.add(aug[1]);
  }
  for (const g of s.text.matchAll(/\bglobal\s+([\w\s,]+)/g)) for (const w of g[1].match(WORD) ?? []) names.add(w);
  return names;
}
