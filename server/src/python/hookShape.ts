import type { Node } from '../parsing/treeSitter';
import { integerValue, namedChildren, unparenthesize } from './syntax';

/** A def that nothing registers but that reads its parameters as an audit hook would. */
export interface HookShapedFunction {
  node: Node;
  /** A method: the first parameter is self/cls. */
  bound: boolean;
}

const NESTED_SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);
const COMPARISONS = new Set(['==', '!=', 'in', 'not in']);

/**
 * Functions and methods whose first two parameters (after self) are used as an event name and an
 * args tuple (issue 12 §2): the first compared with strings (==, in, startswith, match), the
 * second never read as a mapping or an object (no `data["key"]`, no `data.get`). The second may
 * be unused yet: a hook typed top-down compares the event before it reads the arguments.
 * Whether the compared names look like audit events is for the features to decide: they know
 * what the workspace raises.
 */
export function hookShapedFunctions(root: Node, defStarts: readonly number[], skip: ReadonlySet<number>): HookShapedFunction[] {
  // Only the defs the text pre-filter found: walking every node of a large file costs minutes.
  const out: HookShapedFunction[] = [];
  const seen = new Set<number>();
  for (const start of defStarts) {
    let n: Node | null = root.descendantForIndex(start);
    while (n && n.type !== 'function_definition' && n.startIndex === start) n = n.parent;
    if (!n || n.type !== 'function_definition' || seen.has(n.startIndex) || skip.has(n.startIndex)) continue;
    seen.add(n.startIndex);
    const shaped = shapeOf(n);
    if (shaped) out.push(shaped);
  }
  return out;
}

function shapeOf(fn: Node): HookShapedFunction | null {
  const list = fn.childForFieldName('parameters');
  const body = fn.childForFieldName('body');
  if (!list) return null;
  const params = namedChildren(list);
  const bound = isMethod(fn);
  const positional: string[] = [];
  for (const p of params) {
    const name = p.type === 'identifier' ? p.text : p.type === 'typed_parameter' || p.type === 'default_parameter' || p.type === 'typed_default_parameter' ? (p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier'))?.text : null;
    if (!name) break;
    positional.push(name);
  }
  const names = bound ? positional.slice(1) : positional;
  if (names.length < 2) return null;
  const [event, args] = names;
  let compared = false;
  let mapping = false;
  const walk = (n: Node) => {
    if (compared && mapping) return;
    if (n.type === 'identifier') {
      if (n.text === event && comparedWithString(n)) compared = true;
      else if (n.text === args && readAsMapping(n)) mapping = true;
      return;
    }
    for (const c of n.children) if (c && !NESTED_SCOPES.has(c.type)) walk(c);
  };
  // A def typed top-down keeps its half-written statements in ERROR children beside the body.
  for (const c of fn.children) if (c && (c.id === body?.id || c.type === 'ERROR')) walk(c);
  return compared && !mapping ? { node: fn, bound } : null;
}

function isMethod(fn: Node): boolean {
  let n: Node | null = fn.parent;
  const decorators: string[] = [];
  if (n?.type === 'decorated_definition') {
    for (const d of namedChildren(n)) if (d.type === 'decorator') decorators.push(d.text.replace(/^@\s*/, ''));
    n = n.parent;
  }
  return n?.type === 'block' && n.parent?.type === 'class_definition' && !decorators.includes('staticmethod');
}

/** `event == "x"`, `"x" != event`, `event in (...)`, `event.startswith(...)`, `match event:`. */
function comparedWithString(id: Node): boolean {
  const parent = id.parent;
  if (!parent) return false;
  if (parent.type === 'comparison_operator' || parent.type === 'ERROR') {
    const next = id.nextSibling;
    const prev = id.previousSibling;
    const op = next && COMPARISONS.has(next.type) ? next : prev && (prev.type === '==' || prev.type === '!=') ? prev : null;
    if (!op) return false;
    const other = op === next ? next.nextSibling : prev?.previousSibling;
    if (!other) return parent.type === 'ERROR';
    const value = unparenthesize(other);
    return ['string', 'concatenated_string', 'tuple', 'list', 'set', 'identifier', 'attribute', 'ERROR'].includes(value.type);
  }
  if (parent.type === 'attribute' && parent.childForFieldName('object')?.id === id.id) {
    return parent.childForFieldName('attribute')?.text === 'startswith';
  }
  return parent.type === 'match_statement' && parent.childForFieldName('subject')?.id === id.id;
}

/** `args["key"]`, `args.get(...)`, `args.path`: the second parameter is not an args tuple. */
function readAsMapping(id: Node): boolean {
  const parent = id.parent;
  if (!parent) return false;
  if (parent.type === 'subscript' && parent.childForFieldName('value')?.id === id.id) {
    const index = parent.childForFieldName('subscript');
    if (!index) return false;
    const i = unparenthesize(index);
    return i.type === 'string' || i.type === 'concatenated_string' || (i.type !== 'slice' && i.type !== 'identifier' && integerValue(i) === null);
  }
  if (parent.type === 'attribute' && parent.childForFieldName('object')?.id === id.id) {
    return !['count', 'index', '__len__', '__getitem__'].includes(parent.childForFieldName('attribute')?.text ?? '');
  }
  return false;
}
