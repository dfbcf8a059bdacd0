import type { Node } from '../parsing/treeSitter';
import type { EventArgumentKind, Position, Range } from '../model';

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
  /** row -> sorted columns, in repaired coordinates, of inserted characters. */
  constructor(private readonly insertions: ReadonlyMap<number, readonly number[]> = new Map()) {}

  position(row: number, column: number): Position {
    const cols = this.insertions.get(row);
    if (!cols) return { line: row, character: column };
    let shift = 0;
    for (const c of cols) if (c < column) shift++;
    return { line: row, character: column - shift };
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

export interface StringValue {
  kind: 'str' | 'bytes' | 'fstring-dynamic';
  value: string;
  /** The content between the quotes, for a single literal; null for a concatenation. */
  contentNode: { start: Node; end: Node } | null;
}

/**
 * The value of a string literal or an implicit concatenation of literals, as Python evaluates
 * it: prefixes r/u/b/f, escapes, `{{`/`}}` in f-strings. An f-string with a placeholder is
 * dynamic; a concatenation that mixes bytes and str is not a literal at all.
 */
export function evaluateString(node: Node): StringValue | null {
  if (node.type === 'concatenated_string') {
    let value = '';
    let kind: StringValue['kind'] | null = null;
    for (const part of node.namedChildren) {
      if (!part || part.type !== 'string') continue;
      const v = evaluateString(part);
      if (!v) return null;
      if (kind && (kind === 'bytes') !== (v.kind === 'bytes')) return null;
      kind = kind === 'fstring-dynamic' || v.kind === 'fstring-dynamic' ? 'fstring-dynamic' : v.kind;
      value += v.value;
    }
    return kind ? { kind, value, contentNode: null } : null;
  }
  if (node.type !== 'string') return null;
  const start = node.firstChild;
  const end = node.lastChild;
  if (!start || start.type !== 'string_start') return null;
  const prefix = start.text.replace(/['"]+$/, '').toLowerCase();
  const raw = prefix.includes('r');
  const isBytes = prefix.includes('b');
  const isF = prefix.includes('f') || prefix.includes('t');
  let value = '';
  let dynamic = false;
  for (const child of node.children) {
    if (!child) continue;
    if (child.type === 'string_content') value += raw ? child.text : decodeEscapes(child.text, isBytes);
    else if (child.type === 'escape_sequence') value += raw ? child.text : decodeEscapes(child.text, isBytes);
    else if (child.type === 'interpolation') dynamic = true;
  }
  if (isF && !dynamic) value = value.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
  const closed = !!end && end.type === 'string_end';
  return {
    kind: isBytes ? 'bytes' : dynamic ? 'fstring-dynamic' : 'str',
    value,
    contentNode: closed && end ? { start, end } : null,
  };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\n': '',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

function decodeEscapes(text: string, isBytes: boolean): string {
  return text.replace(
    /\\(N\{[^}]*\}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[0-7]{1,3}|[\s\S])/g,
    (whole, esc: string) => {
      if (esc in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[esc];
      const c = esc[0];
      if (c === 'x') return String.fromCharCode(parseInt(esc.slice(1), 16));
      if (/[0-7]/.test(c)) return String.fromCharCode(parseInt(esc, 8));
      if (!isBytes && (c === 'u' || c === 'U')) return String.fromCodePoint(parseInt(esc.slice(1), 16));
      return whole; // \N{...} and unknown escapes stay as written, as Python keeps them
    },
  );
}

/** What kind of value a call argument is, for `event-not-str`. */
export function literalKind(node: Node, depth = 0): EventArgumentKind {
  if (depth > MAX_NESTING) return 'dynamic';
  switch (node.type) {
    case 'string':
    case 'concatenated_string': {
      const v = evaluateString(node);
      if (!v) return 'dynamic';
      return v.kind === 'bytes' ? 'bytes' : v.kind === 'str' ? 'string' : 'dynamic';
    }
    case 'integer':
    case 'float':
      return 'number';
    case 'unary_operator': {
      const arg = node.childForFieldName('argument');
      return arg && (arg.type === 'integer' || arg.type === 'float') ? 'number' : 'dynamic';
    }
    case 'none':
      return 'none';
    case 'true':
    case 'false':
      return 'bool';
    case 'parenthesized_expression': {
      const inner = node.namedChildren.filter((c) => c && c.type !== 'comment');
      return inner.length === 1 && inner[0] ? literalKind(inner[0], depth + 1) : 'dynamic';
    }
    default:
      return 'dynamic';
  }
}

/** An int literal, also negative (`-1`), as a number; null for anything else. */
export function integerValue(node: Node, depth = 0): number | null {
  if (depth > MAX_NESTING) return null;
  if (node.type === 'integer') {
    const text = node.text.replace(/_/g, '').toLowerCase();
    const n = /^0[xob]/.test(text) ? Number(text) : /^\d+$/.test(text) ? Number(text) : NaN;
    return Number.isSafeInteger(n) ? n : null;
  }
  if (node.type === 'unary_operator') {
    const op = node.childForFieldName('operator')?.type;
    const arg = node.childForFieldName('argument');
    const v = arg ? integerValue(arg, depth + 1) : null;
    if (v === null) return null;
    return op === '-' ? -v : op === '+' ? v : null;
  }
  if (node.type === 'parenthesized_expression') {
    const inner = node.namedChildren.filter((c) => c && c.type !== 'comment');
    return inner.length === 1 && inner[0] ? integerValue(inner[0], depth + 1) : null;
  }
  return null;
}

/** The expression inside any number of parentheses. */
export function unparenthesize(node: Node): Node {
  let n = node;
  for (let depth = 0; n.type === 'parenthesized_expression' && depth < MAX_NESTING; depth++) {
    const inner = n.namedChildren.filter((c) => c && c.type !== 'comment');
    if (inner.length !== 1 || !inner[0]) break;
    n = inner[0];
  }
  return n;
}

/** `a.b.c` as ['a', 'b', 'c'], or null when the expression is not a plain dotted name. */
export function dottedName(node: Node): string[] | null {
  const parts: string[] = [];
  let n: Node | null = node;
  for (let depth = 0; n && depth < MAX_NESTING; depth++) {
    if (n.type === 'identifier') return [n.text, ...parts.reverse()];
    if (n.type !== 'attribute') return null;
    const attr = n.childForFieldName('attribute');
    if (!attr) return null;
    parts.push(attr.text);
    n = n.childForFieldName('object');
  }
  return null;
}

export function namedChildren(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
}
