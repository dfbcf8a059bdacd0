import type { Node } from '../parsing/treeSitter';
import type { EventArgumentKind } from '../model';
import { MAX_NESTING } from '../parsing/positions';

export interface Point {
  row: number;
  column: number;
}

export interface StringValue {
  kind: 'str' | 'bytes' | 'fstring-dynamic';
  value: string;
  /** Between the quotes of a single, closed literal (tree coordinates); null otherwise. */
  content: { start: Point; end: Point } | null;
}

/**
 * The value of a string literal or an implicit concatenation of literals, as Python evaluates
 * it: prefixes r/u/b/f, escapes, `{{`/`}}` in f-strings. An f-string with a placeholder is
 * dynamic; a concatenation that mixes bytes and str is not a literal at all. Read from the
 * literal's own text, which the parser delimited: one call into the tree, not one per child.
 */
export function evaluateString(node: Node): StringValue | null {
  const type = node.type;
  if (type === 'concatenated_string') {
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
    return kind ? { kind, value, content: null } : null;
  }
  if (type !== 'string') return null;
  const text = node.text;
  const prefix = /^[A-Za-z]*/.exec(text)![0];
  const afterPrefix = text.slice(prefix.length);
  const quote = afterPrefix.startsWith('"""') ? '"""' : afterPrefix.startsWith("'''") ? "'''" : afterPrefix[0];
  if (quote !== '"' && quote !== "'" && quote.length !== 3) return null;
  const closed = afterPrefix.length >= 2 * quote.length && afterPrefix.endsWith(quote);
  const raw = afterPrefix.slice(quote.length, closed ? afterPrefix.length - quote.length : undefined);
  const p = prefix.toLowerCase();
  const isBytes = p.includes('b');
  const isF = p.includes('f') || p.includes('t');
  let value = p.includes('r') ? raw : decodeEscapes(raw, isBytes);
  if (isF) {
    const unescaped = value.replace(/\{\{|\}\}/g, '');
    if (unescaped.includes('{')) return { kind: 'fstring-dynamic', value, content: null };
    value = value.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
  }
  const start = node.startPosition;
  const end = node.endPosition;
  return {
    kind: isBytes ? 'bytes' : 'str',
    value,
    content: closed
      ? { start: { row: start.row, column: start.column + prefix.length + quote.length }, end: { row: end.row, column: end.column - quote.length } }
      : null,
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
      // A short `\u` or a `\U` past U+10FFFF is a syntax error in Python: left as written.
      const code = !isBytes && (c === 'u' || c === 'U') && esc.length > 1 ? parseInt(esc.slice(1), 16) : NaN;
      if (code <= 0x10ffff) return String.fromCodePoint(code);
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
