import type { Node } from '../parsing/treeSitter';
import type { ArgumentUse, LiteralKind } from '../model';
import type { Narrowing } from '../narrowing/narrowing';
import type { PositionMap } from '../parsing/positions';
import { dottedName, evaluateString, namedChildren, unparenthesize } from './syntax';

/** Calls whose first argument they iterate: `list(args[1])`, `sorted(argv)`. */
const ITERATING_CALLS = new Set(['list', 'tuple', 'set', 'frozenset', 'sorted', 'iter', 'enumerate']);
/** Calls that tell the value's type before using it: a later use is the code's own choice. */
const TYPE_TESTS = new Set(['isinstance', 'type', 'hasattr', 'callable', 'issubclass']);
/** Exceptions an `except` catches that a wrong use would raise (TypeError, AttributeError). */
const CATCHING = new Set(['TypeError', 'AttributeError', 'Exception', 'BaseException']);
const MAX_EXPRESSION = 60;

interface Binding {
  index: number;
  narrowing: Narrowing;
}

/**
 * Records, while a hook's body is walked (python/hookBody.ts), what the code does with each
 * argument's value: through `args[i]` itself or a name bound from it (`mode = args[1]`,
 * `path, mode, flags = args`). The uses go to the block narrowed where the value was taken.
 */
export class ArgumentUseRecorder {
  private readonly bound = new Map<string, Binding>();
  /** Argument positions the code has tested (for None, or for its type) earlier in the walk. */
  private readonly guards = new Map<number, 'none' | 'type'>();

  constructor(
    private readonly map: PositionMap,
    /** `args[i]` (a literal i on the hook's args tuple): i; null for anything else. */
    private readonly argIndex: (node: Node) => number | null,
    private readonly add: (narrowing: Narrowing, use: ArgumentUse) => void,
  ) {}

  /** The hook's body, set before the walk: where the `try` statements are looked for. */
  scope: Node | null = null;
  /** Found once per hook, at its first use of an argument: walking up per use costs too much. */
  private tryBodies: [number, number][] | undefined;

  /** Inside the body of a `try` whose handlers catch what a wrong use raises (TypeError, AttributeError). */
  private insideCatchingTry(node: Node): boolean {
    if (!this.tryBodies) {
      const text = this.scope?.text ?? '';
      this.tryBodies = this.scope && /\btry\s*:/.test(text) ? catchingTryBodies(this.scope) : [];
    }
    return this.tryBodies.some(([start, end]) => node.startIndex >= start && node.endIndex <= end);
  }

  forget(name: string): void {
    this.bound.delete(name);
  }

  /** `mode = args[1]`: from here the name holds argument 1 of the narrowed events. */
  bind(target: Node, right: Node, narrowing: Narrowing | undefined): void {
    if (!narrowing || target.type !== 'identifier') return;
    const index = this.argIndex(unparenthesize(right));
    if (index === null) return;
    this.bound.set(target.text, { index, narrowing });
    this.add(narrowing, {
      kind: 'bind',
      index,
      operand: { text: target.text, range: this.map.range(target) },
      range: this.map.range(right),
      expression: cut(right.text),
    });
  }

  /** `path, mode, *rest, last = args`: names after a *rest count from the end. */
  bindUnpacked(targets: Node[], narrowing: Narrowing): void {
    const star = targets.findIndex((t) => t.type === 'list_splat_pattern');
    targets.forEach((t, i) => {
      if (t.type !== 'identifier') {
        for (const id of t.descendantsOfType('identifier')) if (id) this.forget(id.text);
        return;
      }
      const index = star >= 0 && i > star ? i - targets.length : i;
      this.bound.set(t.text, { index, narrowing });
    });
  }

  /** Called for every expression node the walk visits, before it descends. */
  visit(node: Node, narrowing: Narrowing | undefined): void {
    switch (node.type) {
      case 'subscript': {
        const value = node.childForFieldName('value');
        if (value) this.use(value, narrowing, 'subscript', node);
        this.visitInContext(node, narrowing);
        break;
      }
      case 'call':
        this.visitCall(node, narrowing);
        break;
      case 'comparison_operator':
        this.visitComparison(node, narrowing);
        break;
      case 'for_in_clause': {
        const right = node.childForFieldName('right');
        if (right) this.use(right, narrowing, 'iterate', right);
        break;
      }
      default:
        this.visitInContext(node, narrowing);
    }
  }

  /** A value in a place that iterates it (`for x in v`, `a, b = v`) or tests its truth (`if v`, `v and ...`). */
  private visitInContext(node: Node, narrowing: Narrowing | undefined): void {
    if (node.type === 'identifier' ? this.bound.size === 0 || !this.bound.has(node.text) : node.type !== 'subscript' || !narrowing || this.argIndex(node) === null) return;
    let child = node;
    let parent = node.parent;
    while (parent?.type === 'parenthesized_expression') {
      child = parent;
      parent = parent.parent;
    }
    if (!parent) return;
    const isField = (field: string) => same(parent!.childForFieldName(field), child);
    switch (parent.type) {
      case 'for_statement':
        if (isField('right')) this.use(node, narrowing, 'iterate', node);
        break;
      case 'assignment': {
        const left = parent.childForFieldName('left');
        const unpacks = left && ['pattern_list', 'tuple_pattern', 'list_pattern'].includes(unparenthesize(left).type);
        if (isField('right') && unpacks) this.use(node, narrowing, 'iterate', parent);
        break;
      }
      case 'if_statement':
      case 'elif_clause':
      case 'while_statement':
        if (isField('condition')) this.guard(node, narrowing, 'none');
        break;
      case 'not_operator':
      case 'boolean_operator':
        this.guard(node, narrowing, 'none');
        break;
      case 'conditional_expression':
        if (same(namedChildren(parent)[1] ?? null, child)) this.guard(node, narrowing, 'none');
        break;
    }
  }

  private visitCall(node: Node, narrowing: Narrowing | undefined): void {
    const fn = node.childForFieldName('function');
    if (!fn) return;
    // Most calls are none of ours: decide on the callee before reading the arguments.
    if (fn.type === 'identifier' && !TYPE_TESTS.has(fn.text) && !ITERATING_CALLS.has(fn.text)) return;
    if (fn.type === 'attribute') {
      const object = fn.childForFieldName('object');
      if (!object || (!this.operand(object, narrowing) && fn.childForFieldName('attribute')?.text !== 'join')) return;
    } else if (fn.type !== 'identifier') return;
    const argList = node.childForFieldName('arguments');
    if (!argList || argList.type !== 'argument_list') return;
    const args = namedChildren(argList);
    const first = args[0];
    if (fn.type === 'identifier' && first) {
      if (fn.text === 'isinstance' && args.length === 2) this.recordIsinstance(node, first, args[1], narrowing);
      if (TYPE_TESTS.has(fn.text)) this.guard(first, narrowing, 'type');
      else if (ITERATING_CALLS.has(fn.text) && args.length === 1) this.use(first, narrowing, 'iterate', node);
      return;
    }
    if (fn.type !== 'attribute') return;
    const object = fn.childForFieldName('object');
    const name = fn.childForFieldName('attribute')?.text;
    if (!object || !name) return;
    // "sep".join(v) iterates v.
    if (name === 'join' && first && args.length === 1 && literalOf(object) !== undefined) this.use(first, narrowing, 'iterate', node);
    this.use(object, narrowing, 'method', node, (u) => {
      u.method = name;
      const literal = first ? literalOf(first) : undefined;
      if (literal) u.literal = literal;
    });
  }

  private recordIsinstance(call: Node, value: Node, classes: Node, narrowing: Narrowing | undefined): void {
    const list = unparenthesize(classes).type === 'tuple' ? namedChildren(unparenthesize(classes)) : [classes];
    const names = list.map((c) => dottedName(unparenthesize(c))?.join('.') ?? null);
    let outer = call;
    while (outer.parent?.type === 'parenthesized_expression') outer = outer.parent;
    const negated = outer.parent?.type === 'not_operator';
    this.use(value, narrowing, 'isinstance', negated ? outer.parent! : call, (u) => {
      if (names.every((n): n is string => n !== null)) u.classes = names;
      if (negated) u.negated = true;
    });
  }

  private visitComparison(node: Node, narrowing: Narrowing | undefined): void {
    const operands = namedChildren(node);
    if (operands.length !== 2) return;
    const [a, b] = operands;
    if (!this.operand(a, narrowing) && !this.operand(b, narrowing)) return;
    const ops = node.childrenForFieldName('operators');
    if (ops.length !== 1 || !ops[0]) return;
    const op = ops[0].text.replace(/\s+/g, ' ');
    if (op === 'in' || op === 'not in') {
      this.use(b, narrowing, 'contains', node, (u) => {
        const literal = literalOf(a);
        if (literal) u.literal = literal;
      });
      return;
    }
    if (['is', 'is not', '==', '!='].includes(op)) {
      if (unparenthesize(b).type === 'none') this.guard(a, narrowing, 'none');
      else if (unparenthesize(a).type === 'none') this.guard(b, narrowing, 'none');
    }
  }

  /** The argument a node holds: a name bound from args[i], or args[i] itself in a narrowed block. */
  private operand(node0: Node, narrowing: Narrowing | undefined): Binding | null {
    const node = unparenthesize(node0);
    if (node.type === 'identifier') return this.bound.get(node.text) ?? null;
    if (!narrowing) return null;
    const index = this.argIndex(node);
    return index === null ? null : { index, narrowing };
  }

  private guard(node: Node, narrowing: Narrowing | undefined, kind: 'none' | 'type'): void {
    const arg = this.operand(node, narrowing);
    if (arg && this.guards.get(arg.index) !== 'type') this.guards.set(arg.index, kind);
  }

  private use(value: Node, narrowing: Narrowing | undefined, kind: ArgumentUse['kind'], whole: Node, more?: (u: ArgumentUse) => void): void {
    const arg = this.operand(value, narrowing);
    if (!arg) return;
    const operand = unparenthesize(value);
    const use: ArgumentUse = {
      kind,
      index: arg.index,
      operand: { text: cut(operand.text), range: this.map.range(operand) },
      range: this.map.range(whole),
      expression: cut(whole.text),
    };
    const guard = this.insideCatchingTry(whole) ? 'type' : this.guards.get(arg.index);
    if (guard) use.guard = guard;
    more?.(use);
    this.add(arg.narrowing, use);
  }
}

/** The bodies (start and end offsets) of the `try` statements whose handlers catch what a wrong use raises. */
function catchingTryBodies(scope: Node): [number, number][] {
  const out: [number, number][] = [];
  for (const t of scope.descendantsOfType('try_statement')) {
    const body = t?.childForFieldName('body');
    if (!t || !body) continue;
    const catches = namedChildren(t).some((clause) => {
      if (clause.type !== 'except_clause') return false;
      const caught = namedChildren(clause).filter((c) => c.type !== 'block');
      if (caught.length === 0) return true;
      const names = caught[0].type === 'as_pattern' ? namedChildren(caught[0]).slice(0, 1) : caught.slice(0, 1);
      const listed = names.flatMap((n) => (unparenthesize(n).type === 'tuple' ? namedChildren(unparenthesize(n)) : [n]));
      return listed.some((n) => CATCHING.has(n.text));
    });
    if (catches) out.push([body.startIndex, body.endIndex]);
  }
  return out;
}

/** What a literal is: a str or bytes literal (or a tuple of them, as startswith takes), an int. */
function literalOf(node0: Node): LiteralKind | undefined {
  const node = unparenthesize(node0);
  if (node.type === 'integer') return 'int';
  if (node.type === 'string' || node.type === 'concatenated_string') {
    const v = evaluateString(node);
    return v?.kind === 'str' ? 'str' : v?.kind === 'bytes' ? 'bytes' : undefined;
  }
  if (node.type === 'tuple') {
    const kinds = new Set(namedChildren(node).map(literalOf));
    const [only] = kinds;
    return kinds.size === 1 && (only === 'str' || only === 'bytes') ? only : undefined;
  }
  return undefined;
}

function same(a: Node | null, b: Node): boolean {
  return !!a && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

function cut(text: string): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > MAX_EXPRESSION ? `${one.slice(0, MAX_EXPRESSION - 1)}…` : one;
}
