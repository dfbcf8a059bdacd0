import type { Node } from '../parsing/treeSitter';
import { MINORS, versionNames } from '../narrowing/versionMask';
import { MAX_NESTING } from '../parsing/positions';

/**
 * The Python versions (`3.X`) under which C code can be compiled, from the `#if`/`#elif`/`#else`
 * around it that test `PY_VERSION_HEX` (or `PY_MAJOR_VERSION`/`PY_MINOR_VERSION`):
 * `#if PY_VERSION_HEX >= 0x030B0000`. Undefined when none does.
 */
export function preprocessorVersions(node: Node): string[] | undefined {
  let mask: number | undefined;
  let child: Node = node;
  for (let parent = node.parent, depth = 0; parent && depth < MAX_NESTING * 4; child = parent, parent = parent.parent, depth++) {
    if (parent.type !== 'preproc_if' && parent.type !== 'preproc_elif') continue;
    const condition = parent.childForFieldName('condition');
    if (!condition || condition.startIndex === child.startIndex) continue;
    const inElse = parent.childForFieldName('alternative')?.startIndex === child.startIndex;
    const m = versionMask(condition, 0);
    if (m === null) continue;
    const allowed = inElse ? m.whenFalse : m.whenTrue;
    mask = mask === undefined ? allowed : mask & allowed;
  }
  return mask === undefined ? undefined : versionNames(mask);
}

type Facts = { whenTrue: number; whenFalse: number };

function versionMask(node: Node, depth: number): Facts | null {
  if (depth > MAX_NESTING) return null;
  if (node.type === 'parenthesized_expression') {
    const inner = node.namedChildren.filter((c): c is Node => !!c);
    return inner.length === 1 ? versionMask(inner[0], depth + 1) : null;
  }
  if (node.type === 'unary_expression' && node.childForFieldName('operator')?.type === '!') {
    const arg = node.childForFieldName('argument');
    const f = arg ? versionMask(arg, depth + 1) : null;
    return f ? { whenTrue: f.whenFalse, whenFalse: f.whenTrue } : null;
  }
  if (node.type !== 'binary_expression') return null;
  const op = node.childForFieldName('operator')?.type ?? '';
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right) return null;
  if (op === '&&' || op === '||') {
    const l = versionMask(left, depth + 1);
    const r = versionMask(right, depth + 1);
    if (!l || !r) return null;
    return op === '&&' ? { whenTrue: l.whenTrue & r.whenTrue, whenFalse: l.whenFalse | r.whenFalse } : { whenTrue: l.whenTrue | r.whenTrue, whenFalse: l.whenFalse & r.whenFalse };
  }
  let reading = macroReading(left);
  let literal = numberValue(right);
  let operator = op;
  if (!reading || literal === null) {
    reading = macroReading(right);
    literal = numberValue(left);
    operator = ({ '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as Record<string, string>)[op] ?? op;
  }
  if (!reading || literal === null) return null;
  let whenTrue = 0;
  let whenFalse = 0;
  for (let m = 0; m < MINORS; m++) {
    // The first and the last release of the minor version: 3.m.0 and 3.m.255 final.
    for (const p of [0, 255]) {
      if (compare(reading(m, p), literal, operator)) whenTrue |= 1 << m;
      else whenFalse |= 1 << m;
    }
  }
  return { whenTrue, whenFalse };
}

function macroReading(node: Node): ((minor: number, patch: number) => number) | null {
  if (node.type !== 'identifier') return null;
  switch (node.text) {
    case 'PY_VERSION_HEX':
      return (m, p) => ((3 << 24) | (m << 16) | (p << 8) | 0xf0) >>> 0;
    case 'PY_MAJOR_VERSION':
      return () => 3;
    case 'PY_MINOR_VERSION':
      return (m) => m;
    default:
      return null;
  }
}

function numberValue(node: Node): number | null {
  if (node.type !== 'number_literal') return null;
  const text = node.text.replace(/[uUlL]+$/, '');
  const n = /^0[xX][0-9a-fA-F]+$/.test(text) ? parseInt(text, 16) : /^\d+$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(n) ? n : null;
}

function compare(a: number, b: number, op: string): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    default:
      return false;
  }
}
