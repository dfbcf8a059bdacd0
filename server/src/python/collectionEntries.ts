import type { Node } from '../parsing/treeSitter';
import type { EventName } from '../model';
import { literalEventName } from './eventNames';
import { evaluateString, namedChildren, unparenthesize } from './syntax';
import { MAX_NESTING, type PositionMap } from '../parsing/positions';

/** One member of a collection of names: its name (null when not a str literal), a dict value beside. */
export interface CollectionEntry {
  name: EventName | null;
  value: Node | null;
}

/** What a name inside a collection expression stands for: its bound collection, or null. */
export type NameResolver = (node: Node) => Node | null;

const COPYING_CALLS = new Set(['set', 'frozenset', 'tuple', 'list']);

/**
 * The members of a collection value as Python builds it: a set/list/tuple/dict literal (dict:
 * the keys, values beside), `set(...)`/`frozenset(...)`/`tuple(...)`/`list(...)` of one,
 * `"a;b".split(";")` and `"a b".split()`, and `A | B` / `A + B` of two. Null when the value is
 * none of these; a member that is not a str literal has a null name.
 */
export function collectionEntries(node0: Node, map: PositionMap, resolve: NameResolver, depth = 0): CollectionEntry[] | null {
  if (depth > MAX_NESTING) return null;
  const node = unparenthesize(node0);
  switch (node.type) {
    case 'identifier':
    case 'attribute': {
      const bound = resolve(node);
      return bound && bound !== node ? collectionEntries(bound, map, resolve, depth + 1) : null;
    }
    case 'tuple':
    case 'list':
    case 'set':
      return namedChildren(node).map((k) => ({ name: literalEventName(k, map), value: null }));
    case 'dictionary': {
      const out: CollectionEntry[] = [];
      for (const pair of namedChildren(node)) {
        if (pair.type !== 'pair') return null;
        const key = pair.childForFieldName('key');
        if (!key) return null;
        out.push({ name: literalEventName(key, map), value: pair.childForFieldName('value') ?? null });
      }
      return out;
    }
    case 'binary_operator': {
      // ALL = NETWORK | PROCESS (sets), BLOCKED = BASE + ("os.system",) (tuples): every member of both.
      const op = node.childForFieldName('operator')?.type;
      if (op !== '|' && op !== '+') return null;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const l = left ? collectionEntries(left, map, resolve, depth + 1) : null;
      const r = l && right ? collectionEntries(right, map, resolve, depth + 1) : null;
      return l && r ? [...l, ...r] : null;
    }
    case 'call':
      return callEntries(node, map, resolve, depth);
    default:
      return null;
  }
}

function callEntries(node: Node, map: PositionMap, resolve: NameResolver, depth: number): CollectionEntry[] | null {
  const fn = node.childForFieldName('function');
  const args = node.childForFieldName('arguments');
  if (!fn || args?.type !== 'argument_list') return null;
  const inner = namedChildren(args);
  if (fn.type === 'identifier' && COPYING_CALLS.has(fn.text)) {
    if (inner.length === 0) return [];
    // set(d) of a dict keeps its keys, and the values no longer travel with them.
    const entries = inner.length === 1 && inner[0].type !== 'keyword_argument' ? collectionEntries(inner[0], map, resolve, depth + 1) : null;
    return entries ? entries.map((e) => ({ name: e.name, value: null })) : null;
  }
  if (fn.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'split') {
    const obj = fn.childForFieldName('object');
    const string = obj ? unparenthesize(obj) : null;
    if (!string || (string.type !== 'string' && string.type !== 'concatenated_string')) return null;
    let separator: string | null = null;
    if (inner.length > 1 || inner.some((a) => a.type === 'keyword_argument')) return null;
    if (inner.length === 1 && inner[0].type !== 'none') {
      const v = inner[0].type === 'string' ? evaluateString(inner[0]) : null;
      if (!v || v.kind !== 'str' || v.value === '') return null;
      separator = v.value;
    }
    return splitEntries(string, separator, map);
  }
  return null;
}

/**
 * The pieces of `"a;b".split(";")` (a null separator: runs of whitespace, as `.split()`). Each
 * piece's range is where it sits in the literal when the literal's text is its value (no escapes,
 * one plain literal); else the whole literal, with no content range to edit. Empty pieces
 * (`"a;b;"`) are left out: they are not names anyone wrote.
 */
function splitEntries(string: Node, separator: string | null, map: PositionMap): CollectionEntry[] | null {
  const v = evaluateString(string);
  if (!v || v.kind !== 'str') return null;
  const pieces: { text: string; at: number }[] = [];
  if (separator === null) {
    for (const m of v.value.matchAll(/\S+/g)) pieces.push({ text: m[0], at: m.index! });
  } else {
    let at = 0;
    for (const text of v.value.split(separator)) {
      if (text !== '') pieces.push({ text, at });
      at += text.length + separator.length;
    }
  }
  const whole = literalEventName(string, map);
  if (!whole) return null;
  const raw = v.content ? rawContent(string) : null;
  const exact = raw !== null && raw === v.value && v.content !== null;
  return pieces.map(({ text, at }) => {
    if (!exact || !v.content) return { name: { ...whole, value: text, contentRange: null }, value: null };
    const start = pointAfter(v.content.start, raw!, at);
    const end = pointAfter(v.content.start, raw!, at + text.length);
    const range = { start: map.position(start.row, start.column), end: map.position(end.row, end.column) };
    return { name: { value: text, range, contentRange: range, via: 'literal' as const }, value: null };
  });
}

/** The text between the quotes of one plain literal (no prefix): null when it has a prefix. */
function rawContent(string: Node): string | null {
  if (string.type !== 'string') return null;
  const text = string.text;
  if (/^[A-Za-z]/.test(text)) return null;
  const quote = text.startsWith('"""') || text.startsWith("'''") ? 3 : 1;
  return text.slice(quote, text.length - quote);
}

/** The tree point `offset` characters into `text`, which starts at `start` (UTF-16 columns). */
function pointAfter(start: { row: number; column: number }, text: string, offset: number): { row: number; column: number } {
  let row = start.row;
  let column = start.column;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\n') {
      row++;
      column = 0;
    } else column++;
  }
  return { row, column };
}
