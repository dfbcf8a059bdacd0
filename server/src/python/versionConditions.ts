import type { Node } from '../parsing/treeSitter';
import { comparePositions, type Range } from '../model';
import { MAX_NESTING } from '../parsing/positions';
import type { ModuleScope } from './scope';
import { integerValue, namedChildren, unparenthesize } from './syntax';

import { MINORS, versionNames, type VersionMask } from '../narrowing/versionMask';

export { versionNames };

/** What a `sys.version_info` test tells: the minors under which it can be true, and false. */
export interface VersionFacts {
  whenTrue: VersionMask;
  whenFalse: VersionMask;
}

/** A patch number above any real one. */
const LATEST_PATCH = 1_000_000;

/**
 * The versions a condition allows when it holds and when it does not, if it tests only the
 * running Python's version: `sys.version_info >= (3, 11)`, `< (3, 11, 2)`, `[:2]`, `[0]`,
 * `.major`/`.minor`, `sys.hexversion >= 0x030B0000`, chains `(3, 9) <= v < (3, 12)`, `not`,
 * `and`/`or` of such tests, and module-level flags bound once to one (`PY311 = ...`). The
 * version object may be imported (`from sys import version_info`) or `sys` aliased.
 *
 * A minor is in `whenTrue` when some release 3.m.p makes the test true (`< (3, 11, 2)` is true
 * for 3.11.0), in `whenFalse` when some makes it false: a minor version stands for every patch.
 * Null: the condition is no pure version test.
 */
export function versionCondition(node0: Node, scope: ModuleScope, depth = 0): VersionFacts | null {
  if (depth > MAX_NESTING) return null;
  const node = unparenthesize(node0);
  switch (node.type) {
    case 'not_operator': {
      const arg = node.childForFieldName('argument');
      const f = arg ? versionCondition(arg, scope, depth + 1) : null;
      return f ? { whenTrue: f.whenFalse, whenFalse: f.whenTrue } : null;
    }
    case 'boolean_operator': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const l = left ? versionCondition(left, scope, depth + 1) : null;
      const r = right ? versionCondition(right, scope, depth + 1) : null;
      if (!l || !r) return null;
      return node.childForFieldName('operator')?.type === 'and'
        ? { whenTrue: l.whenTrue & r.whenTrue, whenFalse: l.whenFalse | r.whenFalse }
        : { whenTrue: l.whenTrue | r.whenTrue, whenFalse: l.whenFalse & r.whenFalse };
    }
    case 'comparison_operator':
      return comparison(node, scope);
    case 'identifier': {
      // PY311 = sys.version_info >= (3, 11): a module-level flag bound once.
      const value = scope.constantValue(node.text);
      return value && value.startIndex !== node.startIndex ? versionCondition(value, scope, depth + 1) : null;
    }
    default:
      return null;
  }
}


/** What a version expression yields for release 3.m.p: a tuple (compared as Python does) or an int. */
type Reading = (minor: number, patch: number) => number[] | number;

const OPS = new Set(['<', '<=', '>', '>=', '==', '!=']);
const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };

function comparison(node: Node, scope: ModuleScope): VersionFacts | null {
  const operands = namedChildren(node);
  const ops = node.childrenForFieldName('operators').map((o) => o?.text ?? '');
  if (operands.length < 2 || ops.length !== operands.length - 1 || !ops.every((o) => OPS.has(o))) return null;
  // Every link of a chain compares the version with a literal; the chain holds when all do.
  const tests: ((minor: number, patch: number) => boolean)[] = [];
  const patches = new Set<number>([0, LATEST_PATCH]);
  for (let i = 0; i < ops.length; i++) {
    const [a, b] = [operands[i], operands[i + 1]];
    let reading = versionReading(a, scope);
    let literal = literalValue(b);
    let op = ops[i];
    if (!reading || literal === null) {
      reading = versionReading(b, scope);
      literal = literalValue(a);
      op = FLIP[op];
    }
    if (!reading || literal === null) return null;
    if (Array.isArray(literal) && literal.length > 2) for (const d of [-1, 0, 1]) patches.add(Math.max(0, literal[2] + d));
    const [read, lit, o] = [reading, literal, op];
    tests.push((m, p) => holds(compareValues(read(m, p), lit), o));
  }
  let whenTrue = 0;
  let whenFalse = 0;
  for (let m = 0; m < MINORS; m++) {
    for (const p of patches) {
      if (tests.every((t) => t(m, p))) whenTrue |= 1 << m;
      else whenFalse |= 1 << m;
    }
  }
  return { whenTrue, whenFalse };
}

/** `sys.version_info` (a 5-tuple: 3, m, p, 'final', 0), a slice, an item, .major/.minor, hexversion. */
function versionReading(node0: Node, scope: ModuleScope): Reading | null {
  const node = unparenthesize(node0);
  const full: Reading = (m, p) => [3, m, p, 0xf, 0];
  if (isSysMember(node, 'version_info', scope)) return full;
  if (isSysMember(node, 'hexversion', scope)) return (m, p) => (3 << 24) | (m << 16) | (Math.min(p, 255) << 8) | 0xf0;
  if (node.type === 'attribute') {
    const obj = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute')?.text;
    if (!obj || !isSysMember(unparenthesize(obj), 'version_info', scope)) return null;
    if (attr === 'major') return () => 3;
    if (attr === 'minor') return (m) => m;
    if (attr === 'micro') return (_m, p) => p;
    return null;
  }
  if (node.type === 'subscript') {
    const value = node.childForFieldName('value');
    const subscripts = node.childrenForFieldName('subscript');
    if (!value || subscripts.length !== 1 || !subscripts[0] || !isSysMember(unparenthesize(value), 'version_info', scope)) return null;
    const index = subscripts[0];
    if (index.type === 'slice') {
      // [:n] only: the leading n numbers.
      const parts = namedChildren(index);
      const colon = index.children.findIndex((c) => c?.type === ':');
      const stop = parts.length === 1 && colon === 0 && index.children.length === 2 ? integerValue(parts[0]) : null;
      if (stop === null || stop < 0) return null;
      return (m, p) => (full(m, p) as number[]).slice(0, stop);
    }
    const i = integerValue(index);
    if (i === null || i < 0 || i > 2) return null;
    return (m, p) => (full(m, p) as number[])[i];
  }
  return null;
}

/** `sys.version_info` through any binding of sys, or `version_info` imported from sys. */
function isSysMember(node: Node, member: string, scope: ModuleScope): boolean {
  if (node.type !== 'attribute' && node.type !== 'identifier') return false;
  const q = scope.qualify(node);
  return !!q && q.module === 'sys' && q.member === member && q.level === 0;
}

/** `(3, 11)` / `(3, 11, 2)` as numbers, or an int literal; null for anything else. */
function literalValue(node0: Node): number[] | number | null {
  const node = unparenthesize(node0);
  if (node.type === 'tuple') {
    const out: number[] = [];
    for (const k of namedChildren(node)) {
      const v = integerValue(k);
      if (v === null) return null;
      out.push(v);
    }
    return out.length ? out : null;
  }
  return integerValue(node);
}

/** Python's comparison of two tuples (or two ints): element by element, then by length. */
function compareValues(a: number[] | number, b: number[] | number): number | null {
  if (typeof a === 'number' || typeof b === 'number') return typeof a === 'number' && typeof b === 'number' ? a - b : null;
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function holds(c: number | null, op: string): boolean {
  // A tuple against an int: == is False, != True; an ordering raises TypeError (never true).
  if (c === null) return op === '!=';
  switch (op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    case '==':
      return c === 0;
    default:
      return c !== 0;
  }
}

/**
 * The versions under which a node can run, from the `if`/`elif`/`else` around it that test
 * `sys.version_info`: `if sys.version_info >= (3, 11): sys.audit("x", a, b)`. Undefined when no
 * enclosing condition is a version test. `conditions` collects the tests it read, for the model's
 * dependencies (an edit to them changes the answer).
 */
export function enclosingVersions(node: Node, scope: ModuleScope, conditions: Node[] = []): VersionMask | undefined {
  if (!scope.mayTestVersions) return undefined;
  let mask: VersionMask | undefined;
  const narrow = (m: VersionMask) => {
    mask = mask === undefined ? m : mask & m;
  };
  let child: Node = node;
  for (let parent = node.parent, depth = 0; parent && depth < MAX_NESTING * 4; child = parent, parent = parent.parent, depth++) {
    if (parent.type === 'if_statement' || parent.type === 'elif_clause') {
      const consequence = parent.childForFieldName('consequence');
      if (consequence?.startIndex !== child.startIndex) continue;
      const condition = parent.childForFieldName('condition');
      const facts = condition ? versionCondition(condition, scope) : null;
      if (facts && condition) {
        narrow(facts.whenTrue);
        conditions.push(condition);
      }
      if (parent.type === 'elif_clause') narrowByEarlier(parent, scope, narrow, conditions);
    } else if (parent.type === 'else_clause') {
      narrowByEarlier(parent, scope, narrow, conditions);
    }
  }
  return mask;
}

/** An `elif`/`else` runs only when the `if` and every earlier `elif` were false. */
function narrowByEarlier(clause: Node, scope: ModuleScope, narrow: (m: VersionMask) => void, conditions: Node[]): void {
  const ifStmt = clause.parent;
  if (!ifStmt || ifStmt.type !== 'if_statement') return;
  const tests: Node[] = [];
  const first = ifStmt.childForFieldName('condition');
  if (first) tests.push(first);
  for (const c of namedChildren(ifStmt)) {
    if (c.startIndex >= clause.startIndex) break;
    const cond = c.type === 'elif_clause' ? c.childForFieldName('condition') : null;
    if (cond) tests.push(cond);
  }
  for (const t of tests) {
    const facts = versionCondition(t, scope);
    if (facts) {
      narrow(facts.whenFalse);
      conditions.push(t);
    }
  }
}

/**
 * Gives each mention the versions of the innermost block around it (blocks in the order the walk
 * opened them, so a later block that holds the mention is inside an earlier one).
 */
export function mentionVersions(mentions: { name: { range: Range }; versions?: string[] }[], blocks: readonly { range: Range; versions?: string[] }[]): void {
  for (const m of mentions) {
    for (let i = blocks.length - 1; i >= 0; i--) {
      if (!rangeHolds(blocks[i].range, m.name.range)) continue;
      if (blocks[i].versions) m.versions = blocks[i].versions;
      break;
    }
  }
}

function rangeHolds(outer: Range, inner: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}
