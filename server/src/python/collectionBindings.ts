import type { Node } from '../parsing/treeSitter';
import type { ModuleScope } from './scope';
import { namedChildren, unparenthesize } from './syntax';
import { MAX_NESTING } from '../parsing/positions';

/**
 * Methods that read a collection without changing it. Any other method called on a bound
 * collection (`add`, `update`, `append`, a method we do not know) may change its members, and
 * then its literal no longer says what it holds.
 */
const READ_ONLY_METHODS = new Set([
  'get', 'keys', 'values', 'items', 'copy', 'union', 'intersection', 'difference', 'symmetric_difference',
  'issubset', 'issuperset', 'isdisjoint', 'count', 'index', '__contains__', '__len__', '__iter__',
]);

const SCOPES = new Set(['function_definition', 'lambda', 'class_definition', 'module']);

/** Parents in which an identifier (or `x.attr`) is bound by something other than a plain `=`. */
const OTHER_BINDINGS = new Set([
  'pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'dictionary_splat_pattern', 'as_pattern_target',
  'global_statement', 'nonlocal_statement', 'parameters', 'lambda_parameters', 'typed_parameter', 'aliased_import',
  'import_statement', 'import_from_statement', 'delete_statement', 'keyword_pattern', 'splat_pattern',
]);

type Occurrence = { kind: 'assign'; node: Node; value: Node } | { kind: 'other'; node: Node } | { kind: 'use'; node: Node };

/** A mention of a name in the text, as its identifier node, or null when the text there is no identifier. */
interface Found {
  id: Node;
  /** `x.NAME`: the attribute node; a bare `NAME`: null. */
  attribute: Node | null;
}

/** What a name is bound to in one scope; 'unbound' when that scope does not bind it. */
type Lookup = Node | null | 'unbound';

/** A name's occurrences in the whole file: its `=` bindings, and whether anything changes it. */
interface InFile {
  assigns: Extract<Occurrence, { kind: 'assign' }>[];
  /** `X.add(...)`, `X[k] = v`, `del X[k]`. */
  mutated: boolean;
  /** Mutated, or bound by something other than `=`. */
  changed: boolean;
}

/** Per file: what each name is bound to in each scope, and where names occur in the whole file. */
interface Caches {
  values: Map<string, Lookup>;
  inFile: Map<string, InFile>;
}

const caches = new WeakMap<ModuleScope, Caches>();

/**
 * The collection a name or attribute stands for where it is used: a local of the function (or of
 * an enclosing one), a module-level name, a class attribute (`self.X`, `cls.X`, `Cls.X`) or an
 * attribute set in `__init__` (`self.X = {...}`) — bound exactly once, by `=`, and never changed
 * after (no `add`, no item assignment, no other binding anywhere in the file). Anything we cannot
 * follow gives null: a wrong set would give wrong findings (issue 12 §3, precision first).
 */
export class CollectionBindings {
  private readonly cache: Caches;

  constructor(private readonly scope: ModuleScope) {
    let cache = caches.get(scope);
    if (!cache) caches.set(scope, (cache = { values: new Map(), inFile: new Map() }));
    this.cache = cache;
  }

  /** The value bound to an identifier or attribute expression, or null. */
  valueOf(node0: Node): Node | null {
    const node = unparenthesize(node0);
    if (node.type !== 'identifier' && node.type !== 'attribute') return null;
    // A hook's conditions are read several times over (mentions, narrowing, guards): once per place.
    return asValue(this.cached(`@${node.startIndex}:${node.endIndex}`, () => (node.type === 'identifier' ? this.nameValue(node) : this.attributeValue(node))));
  }

  // ---- names ------------------------------------------------------------------------------

  private nameValue(use: Node): Node | null {
    const name = use.text;
    let s: Node | null = scopeOf(use);
    const direct = s;
    for (let i = 0; s && s.type !== 'module' && i < MAX_NESTING; i++, s = scopeOf(s)) {
      // A class body's names are seen only by the class body itself, never by its methods.
      if (s.type === 'class_definition' && !sameNode(s, direct)) continue;
      const found = this.cached(`${s.startIndex}:${name}`, () => this.localValue(s!, name));
      if (found !== 'unbound') return found;
    }
    return asValue(this.cached(`module:${name}`, () => this.moduleValue(name)));
  }

  /**
   * The value of a name bound in one function or class body: 'unbound' when the body does not
   * bind it (look further out), null when it binds it in a way we cannot follow.
   */
  private localValue(s: Node, name: string): Lookup {
    const occurrences = this.occurrences(s, name, false);
    // `global X` / `nonlocal X` anywhere in here: bindings we would have to follow across scopes.
    if (occurrences.some((o) => o.node.parent?.type === 'nonlocal_statement' || o.node.parent?.type === 'global_statement')) return null;
    const own = occurrences.filter((o) => sameNode(scopeOfBinding(o.node), s));
    const assigns = own.filter((o) => o.kind === 'assign');
    if (own.some((o) => o.kind === 'other')) return null;
    if (assigns.length === 0) return 'unbound';
    if (assigns.length > 1 || occurrences.some((o) => mutates(o.node))) return null;
    return assigns[0].kind === 'assign' ? assigns[0].value : null;
  }

  private moduleValue(name: string): Node | null {
    const value = this.scope.constantValue(name);
    if (!value) return null;
    // A function that calls NAME.add(...) changes the module's set for every hook.
    // (Its other bindings are the scope's to judge: a local of the same name in a function is one.)
    return this.inFile(name, false).mutated ? null : finalValue(value);
  }

  // ---- attributes -------------------------------------------------------------------------

  private attributeValue(attr: Node): Node | null {
    const obj = attr.childForFieldName('object');
    const name = attr.childForFieldName('attribute')?.text;
    if (obj?.type !== 'identifier' || !name) return null;
    const cls = selfClass(attr, obj.text) ?? this.scope.classNamed(obj.text);
    if (!cls) return null;
    return asValue(this.cached(`${cls.startIndex}.${name}`, () => this.classAttribute(cls, name)));
  }

  /** `X = ...` in the class body or `self.X = ...` in `__init__`, when that is X's one binding. */
  private classAttribute(cls: Node, name: string): Node | null {
    const inBody = this.occurrences(cls, name, false).filter((o) => sameNode(scopeOfBinding(o.node), cls));
    if (inBody.some((o) => o.kind === 'other' || mutates(o.node))) return null;
    const attributes = this.inFile(name, true);
    if (attributes.changed) return null;
    if (this.overriddenInSubclass(cls, name)) return null;
    const assigns = [...inBody.filter((o): o is Extract<Occurrence, { kind: 'assign' }> => o.kind === 'assign'), ...attributes.assigns];
    if (assigns.length !== 1) return null;
    const [only] = assigns;
    if (only.node.type === 'identifier') return finalValue(only.value);
    // self.X = ... must sit in this class's __init__, on its own first parameter.
    const init = enclosingFunction(only.node);
    const obj = only.node.childForFieldName('object');
    if (!init || init.childForFieldName('name')?.text !== '__init__' || !sameNode(classOfMethod(init), cls)) return null;
    return obj?.type === 'identifier' && firstParameter(init) === obj.text ? finalValue(only.value) : null;
  }

  /** A class of this file that derives from `cls` and binds the name in its own body. */
  private overriddenInSubclass(cls: Node, name: string): boolean {
    const className = cls.childForFieldName('name')?.text;
    if (!className) return false;
    for (const f of this.find(this.scope.tree.rootNode, className)) {
      const list = f.attribute ? null : f.id.parent;
      const sub = list?.type === 'argument_list' ? list.parent : null;
      if (sub?.type !== 'class_definition' || sub.childForFieldName('superclasses')?.startIndex !== list!.startIndex) continue;
      if (this.occurrences(sub, name, false).some((o) => o.kind !== 'use' && sameNode(scopeOfBinding(o.node), sub))) return true;
    }
    return false;
  }

  // ---- occurrences ------------------------------------------------------------------------

  /** Every occurrence of the name inside `within`: bare names, or `x.name` attributes. */
  private occurrences(within: Node, name: string, attributes: boolean): Occurrence[] {
    const out: Occurrence[] = [];
    for (const f of this.find(within, name)) {
      if (attributes !== !!f.attribute) continue;
      out.push(classify(f.attribute ?? f.id));
    }
    return out;
  }

  /** Every occurrence of the name in the file (one search per name, whichever hook asks). */
  private inFile(name: string, attributes: boolean): InFile {
    const key = `${attributes ? '.' : ''}${name}`;
    let found = this.cache.inFile.get(key);
    if (!found) {
      const all = this.occurrences(this.scope.tree.rootNode, name, attributes);
      const mutated = all.some((o) => mutates(o.node));
      const assigns = all.filter((o): o is Extract<Occurrence, { kind: 'assign' }> => o.kind === 'assign');
      found = { assigns, mutated, changed: mutated || all.some((o) => o.kind === 'other') };
      this.cache.inFile.set(key, found);
    }
    return found;
  }

  /** Where the name occurs as an identifier inside `within` (a text search, then the tree decides). */
  private find(within: Node, name: string): Found[] {
    const out: Found[] = [];
    const text = within.type === 'module' ? this.scope.text : within.text;
    const base = within.type === 'module' ? 0 : within.startIndex;
    const root = this.scope.tree.rootNode;
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length)) {
      if (at > 0 && /\w/.test(text[at - 1])) continue;
      if (/\w/.test(text[at + name.length] ?? '')) continue;
      const id = root.descendantForIndex(base + at);
      if (!id || id.type !== 'identifier' || id.text !== name) continue;
      const p = id.parent;
      const isAttribute = p?.type === 'attribute' && p.childForFieldName('attribute')?.startIndex === id.startIndex;
      out.push({ id, attribute: isAttribute ? p : null });
    }
    return out;
  }

  private cached(key: string, compute: () => Lookup): Lookup {
    let v = this.cache.values.get(key);
    if (v === undefined) this.cache.values.set(key, (v = compute()));
    return v;
  }
}

/** Tree nodes are fresh objects on every access: the same node is the same place and kind. */
function sameNode(a: Node | null, b: Node | null): boolean {
  return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

function asValue(v: Lookup): Node | null {
  return v === 'unbound' ? null : v;
}

/** What an occurrence of a name (or `x.name`) does: bind it by `=`, bind it otherwise, or use it. */
function classify(node: Node): Occurrence {
  const p = node.parent;
  if (!p) return { kind: 'use', node };
  const isField = (field: string) => p.childForFieldName(field)?.startIndex === node.startIndex && p.childForFieldName(field)?.endIndex === node.endIndex;
  switch (p.type) {
    case 'assignment': {
      if (!isField('left')) return { kind: 'use', node };
      const right = p.childForFieldName('right');
      return right ? { kind: 'assign', node, value: right } : { kind: 'use', node }; // `X: set` binds nothing
    }
    case 'augmented_assignment':
      return isField('left') ? { kind: 'other', node } : { kind: 'use', node };
    case 'for_statement':
    case 'for_in_clause':
      return isField('left') ? { kind: 'other', node } : { kind: 'use', node };
    case 'named_expression':
      return isField('name') ? { kind: 'other', node } : { kind: 'use', node };
    case 'default_parameter':
    case 'typed_default_parameter':
      return isField('name') ? { kind: 'other', node } : { kind: 'use', node };
    case 'function_definition':
    case 'class_definition':
      return isField('name') ? { kind: 'other', node } : { kind: 'use', node };
    case 'dotted_name': {
      const gp = p.parent?.type;
      return gp === 'case_pattern' || gp === 'import_statement' || gp === 'import_from_statement' || gp === 'aliased_import' ? { kind: 'other', node } : { kind: 'use', node };
    }
    case 'expression_list':
      return p.parent?.type === 'delete_statement' ? { kind: 'other', node } : { kind: 'use', node };
    default:
      return OTHER_BINDINGS.has(p.type) ? { kind: 'other', node } : { kind: 'use', node };
  }
}

/** Does this occurrence change the collection it holds: `X.add(...)`, `X[k] = v`, `del X[k]`? */
function mutates(node: Node): boolean {
  const p = node.parent;
  if (!p) return false;
  if (p.type === 'attribute' && p.childForFieldName('object')?.startIndex === node.startIndex) {
    const call = p.parent;
    const method = p.childForFieldName('attribute')?.text ?? '';
    return call?.type === 'call' && call.childForFieldName('function')?.startIndex === p.startIndex && !READ_ONLY_METHODS.has(method);
  }
  if (p.type === 'subscript' && p.childForFieldName('value')?.startIndex === node.startIndex) return classify(p).kind !== 'use' || inDelete(p);
  return false;
}

function inDelete(node: Node): boolean {
  const p = node.parent;
  return p?.type === 'delete_statement' || (p?.type === 'expression_list' && p.parent?.type === 'delete_statement');
}

/** `A = B = {...}`: the value at the end of the chain. */
function finalValue(value: Node): Node {
  let v = value;
  for (let i = 0; v.type === 'assignment' && i < MAX_NESTING; i++) v = v.childForFieldName('right') ?? v;
  return v;
}

/** The function, lambda, class body or module whose names a node's identifiers are. */
function scopeOf(node: Node): Node | null {
  let n = node.parent;
  for (let i = 0; n && !SCOPES.has(n.type) && i < MAX_NESTING * 10; i++) n = n.parent;
  return n;
}

/** The scope an occurrence binds in: a def's or class's name binds in the scope around it. */
function scopeOfBinding(node: Node): Node | null {
  const p = node.parent;
  if ((p?.type === 'function_definition' || p?.type === 'class_definition') && p.childForFieldName('name')?.startIndex === node.startIndex) return scopeOf(p);
  return scopeOf(node);
}

function enclosingFunction(node: Node): Node | null {
  for (let n = node.parent, i = 0; n && i < MAX_NESTING * 10; n = n.parent, i++) {
    if (n.type === 'function_definition') return n;
    if (n.type === 'class_definition' || n.type === 'module') return null;
  }
  return null;
}

/** The class a def is a method of (directly in its body, decorated or not). */
function classOfMethod(fn: Node): Node | null {
  let n = fn.parent;
  if (n?.type === 'decorated_definition') n = n.parent;
  return n?.type === 'block' && n.parent?.type === 'class_definition' ? n.parent : null;
}

function firstParameter(fn: Node): string | null {
  const list = fn.childForFieldName('parameters');
  const first = list ? namedChildren(list)[0] : undefined;
  if (!first) return null;
  if (first.type === 'identifier') return first.text;
  return first.childForFieldName('name')?.text ?? first.namedChildren.find((c) => c?.type === 'identifier')?.text ?? null;
}

/**
 * The class whose instance (or class) `objectName` is at a use: the nearest enclosing def that
 * has a parameter of that name must be a method, with that name first (`self`, `cls`); a
 * static method's first parameter is no instance.
 */
function selfClass(use: Node, objectName: string): Node | null {
  for (let n = use.parent, i = 0; n && i < MAX_NESTING * 10; n = n.parent, i++) {
    if (n.type !== 'function_definition' && n.type !== 'lambda') continue;
    const list = n.childForFieldName('parameters');
    const names = list ? namedChildren(list).map((p) => (p.type === 'identifier' ? p.text : p.childForFieldName('name')?.text ?? p.namedChildren.find((c) => c?.type === 'identifier')?.text)) : [];
    if (!names.includes(objectName)) continue;
    if (n.type === 'lambda' || names[0] !== objectName) return null;
    const cls = classOfMethod(n);
    const decorated = n.parent?.type === 'decorated_definition' ? n.parent : null;
    if (decorated && namedChildren(decorated).some((d) => d.type === 'decorator' && /\bstaticmethod\b/.test(d.text))) return null;
    return cls;
  }
  return null;
}
