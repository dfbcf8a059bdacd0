import type { Node } from '../parsing/treeSitter';
import type { ArgsUse, ArgumentTable, EventMention, EventName, MentionRole, NarrowedBlock, Range } from '../model';
import { intersect, union, type Narrowing } from '../narrowing';
import { eventName, literalEventName } from './eventNames';
import type { ModuleScope } from './scope';
import { evaluateString, integerValue, namedChildren, unparenthesize } from './syntax';
import { MAX_NESTING, PositionMap } from '../parsing/positions';

/** The narrowing a condition gives when it is true and when it is false; undefined: nothing. */
interface ConditionFacts {
  whenTrue?: Narrowing;
  whenFalse?: Narrowing;
}

export interface HookBodyResult {
  blocks: NarrowedBlock[];
  mentions: Omit<EventMention, 'hook'>[];
  argumentTables: ArgumentTable[];
}

export interface HookParameters {
  /** Names that hold the event string. */
  event: string | null;
  /** Names that hold the args tuple; null when the hook's args cannot be followed. */
  args: string | null;
  /** `def hook(*a)`: the event is a[0], the args tuple a[1]. */
  packed: string | null;
}

const EXITS = new Set(['return_statement', 'raise_statement', 'continue_statement', 'break_statement']);

/**
 * Walks one hook's body in source order and records which event names each region handles,
 * the event names it compares with, and how it uses the args tuple there (SPEC §3).
 */
export class HookBodyAnalyzer {
  private readonly eventNames = new Set<string>();
  private readonly argsNames = new Set<string>();
  private readonly packed: string | null;
  private readonly blocks: (NarrowedBlock & { expression?: boolean })[] = [];
  private readonly mentions: Omit<EventMention, 'hook'>[] = [];
  private readonly argumentTables: ArgumentTable[] = [];
  private readonly seenCollections: Set<number>;

  constructor(
    private readonly scope: ModuleScope,
    private readonly map: PositionMap,
    params: HookParameters,
    /** Module-level collections already reported by another hook: their mentions are shared. */
    seenCollections: Set<number>,
  ) {
    if (params.event) this.eventNames.add(params.event);
    if (params.args) this.argsNames.add(params.args);
    this.packed = params.packed;
    this.seenCollections = seenCollections;
  }

  analyzeFunctionBody(body: Node): HookBodyResult {
    this.visitBlock(body, undefined);
    return this.result();
  }

  analyzeExpression(body: Node): HookBodyResult {
    this.visitExpression(body, undefined);
    return this.result();
  }

  private result(): HookBodyResult {
    // An expression-level block (`e == "x" and ...`) matters only if args is used in it.
    const blocks = this.blocks
      .filter((b) => (b.events.length > 0 || b.prefixes.length > 0) && (!b.expression || b.argsUses.length > 0))
      .map(({ expression: _, ...b }) => b);
    return { blocks, mentions: this.mentions, argumentTables: this.argumentTables };
  }

  // ---- statements -------------------------------------------------------------------------

  /** Visits a block's statements; a guard (`if event != "x": return`) narrows the rest. */
  /** Nesting of the walk; past MAX_NESTING the walk stops descending (see MAX_NESTING). */
  private depth = 0;

  private nested<T>(fallback: T, fn: () => T): T {
    if (this.depth >= MAX_NESTING) return fallback;
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  private visitBlock(block: Node, narrowing: Narrowing | undefined): void {
    this.nested(undefined, () => this.visitBlockStatements(block, narrowing));
  }

  private visitBlockStatements(block: Node, narrowing: Narrowing | undefined): void {
    let current = narrowing;
    for (const stmt of namedChildren(block)) {
      if (this.visitStatement(stmt, current)) return;
      if (stmt.type === 'if_statement') {
        const guard = this.guardNarrowing(stmt);
        if (guard) {
          current = intersect(current, guard);
          const rest = stmt.nextNamedSibling;
          if (rest && current) this.openBlockAt(current, rest, block);
        }
      }
    }
  }

  /** After `if <cond>: <exits>` with no else, the rest of the block runs only when cond is false. */
  private guardNarrowing(ifStmt: Node): Narrowing | undefined {
    const hasElse = namedChildren(ifStmt).some((c) => c.type === 'elif_clause' || c.type === 'else_clause');
    if (hasElse) return undefined;
    const consequence = ifStmt.childForFieldName('consequence');
    const condition = ifStmt.childForFieldName('condition');
    if (!consequence || !condition || !alwaysExits(consequence)) return undefined;
    return this.condition(condition).whenFalse;
  }

  private visitStatement(stmt: Node, narrowing: Narrowing | undefined): boolean {
    switch (stmt.type) {
      case 'if_statement':
        this.visitIf(stmt, narrowing);
        return false;
      case 'match_statement':
        this.visitMatch(stmt, narrowing);
        return false;
      case 'expression_statement':
        for (const e of namedChildren(stmt)) this.visitExpression(e, narrowing);
        return false;
      case 'return_statement':
      case 'raise_statement':
        for (const e of namedChildren(stmt)) this.visitExpression(e, narrowing);
        return true;
      case 'continue_statement':
      case 'break_statement':
        return true;
      case 'function_definition':
      case 'class_definition':
      case 'decorated_definition':
        return false; // another scope
      default: {
        // for / while / with / try and the rest: same narrowing inside every block.
        for (const child of namedChildren(stmt)) {
          if (child.type === 'block') this.visitBlock(child, narrowing);
          else if (child.type.endsWith('_clause')) {
            for (const b of namedChildren(child)) {
              if (b.type === 'block') this.visitBlock(b, narrowing);
              else this.visitExpression(b, narrowing);
            }
          } else this.visitExpression(child, narrowing);
        }
        return false;
      }
    }
  }

  private visitIf(stmt: Node, narrowing: Narrowing | undefined): void {
    const condition = stmt.childForFieldName('condition');
    const consequence = stmt.childForFieldName('consequence');
    if (condition) this.visitExpression(condition, narrowing);
    const facts = condition ? this.condition(condition) : {};
    if (consequence) this.visitNarrowedBlock(consequence, intersect(narrowing, facts.whenTrue), narrowing);
    let elseNarrowing = intersect(narrowing, facts.whenFalse);
    for (const clause of namedChildren(stmt)) {
      if (clause.type === 'elif_clause') {
        const c = clause.childForFieldName('condition');
        const body = clause.childForFieldName('consequence');
        if (c) this.visitExpression(c, elseNarrowing);
        const f = c ? this.condition(c) : {};
        if (body) this.visitNarrowedBlock(body, intersect(elseNarrowing, f.whenTrue), narrowing);
        elseNarrowing = intersect(elseNarrowing, f.whenFalse);
      } else if (clause.type === 'else_clause') {
        const body = clause.childForFieldName('body');
        if (body) this.visitNarrowedBlock(body, elseNarrowing, narrowing);
      }
    }
  }

  private visitMatch(stmt: Node, narrowing: Narrowing | undefined): void {
    const subject = stmt.childForFieldName('subject');
    const isEvent = !!subject && this.isEventExpression(subject);
    if (subject) this.visitExpression(subject, narrowing);
    const body = stmt.childForFieldName('body');
    if (!body) return;
    for (const clause of namedChildren(body)) {
      if (clause.type !== 'case_clause') continue;
      let caseNarrowing: Narrowing | undefined;
      if (isEvent) {
        const names = this.casePatternNames(clause);
        if (names) caseNarrowing = { events: names, prefixes: [] };
      }
      const consequence = clause.childForFieldName('consequence');
      for (const child of namedChildren(clause)) {
        if (child.type === 'if_clause') this.visitExpression(child, intersect(narrowing, caseNarrowing));
      }
      if (consequence) this.visitNarrowedBlock(consequence, intersect(narrowing, caseNarrowing), narrowing);
    }
  }

  private visitNarrowedBlock(block: Node, inner: Narrowing | undefined, outer: Narrowing | undefined): void {
    if (inner && inner !== outer) this.openBlock(inner, block);
    this.visitBlock(block, inner);
  }

  /** `case "a" | "b":` gives [a, b]; `case _:` or a capture gives null (no narrowing). */
  private casePatternNames(clause: Node): EventName[] | null {
    const patterns = namedChildren(clause).filter((c) => c.type === 'case_pattern');
    if (patterns.length !== 1) return null;
    const strings: Node[] = [];
    const collect = (n: Node, depth = 0): boolean => {
      if (depth > MAX_NESTING) return false;
      if (n.type === 'string' || n.type === 'concatenated_string') {
        strings.push(n);
        return true;
      }
      if (n.type === 'case_pattern' || n.type === 'union_pattern') {
        const kids = namedChildren(n);
        return kids.length > 0 && kids.every((k) => collect(k, depth + 1));
      }
      if (n.type === 'as_pattern') {
        const first = namedChildren(n)[0];
        return !!first && collect(first, depth + 1);
      }
      return false;
    };
    if (!collect(patterns[0])) return null;
    const names: EventName[] = [];
    for (const s of strings) {
      const name = this.literalName(s);
      if (name) {
        names.push(name);
        this.mention('case', name);
      }
    }
    return names;
  }

  // ---- expressions ------------------------------------------------------------------------

  private visitExpression(node: Node, narrowing: Narrowing | undefined): void {
    this.nested(undefined, () => this.visitExpressionNode(node, narrowing));
  }

  private visitExpressionNode(node: Node, narrowing: Narrowing | undefined): void {
    switch (node.type) {
      case 'lambda':
      case 'function_definition':
      case 'class_definition':
        return;
      case 'comparison_operator':
        this.recordComparison(node);
        break;
      case 'call':
        this.recordCall(node);
        break;
      case 'subscript':
        this.recordSubscript(node, narrowing);
        break;
      case 'assignment':
        this.visitAssignment(node, narrowing);
        return;
      case 'augmented_assignment': {
        const left = node.childForFieldName('left');
        if (left?.type === 'identifier') this.forget(left.text);
        break;
      }
      case 'conditional_expression': {
        // body if condition else alternative (no field names in the grammar)
        const [body, condition, alternative] = namedChildren(node);
        if (condition) this.visitExpression(condition, narrowing);
        const facts = condition ? this.condition(condition) : {};
        if (body) this.visitNarrowedExpression(body, intersect(narrowing, facts.whenTrue), narrowing);
        if (alternative) this.visitNarrowedExpression(alternative, intersect(narrowing, facts.whenFalse), narrowing);
        return;
      }
      case 'boolean_operator': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        const op = node.childForFieldName('operator')?.type;
        if (left) this.visitExpression(left, narrowing);
        if (right) {
          const facts = left ? this.condition(left) : {};
          // `event == "x" and args[0]`: the right side runs only when the left is true.
          const n = op === 'and' ? facts.whenTrue : facts.whenFalse;
          this.visitNarrowedExpression(right, intersect(narrowing, n), narrowing);
        }
        return;
      }
      default:
        break;
    }
    for (const child of namedChildren(node)) this.visitExpression(child, narrowing);
  }

  private visitNarrowedExpression(node: Node, inner: Narrowing | undefined, outer: Narrowing | undefined): void {
    if (inner && inner !== outer) this.openBlock(inner, node).expression = true;
    this.visitExpression(node, inner);
  }

  private visitAssignment(node: Node, narrowing: Narrowing | undefined): void {
    const left = node.childForFieldName('left');
    const right0 = node.childForFieldName('right');
    if (right0) this.visitExpression(right0, narrowing);
    if (!left || !right0) return;
    const right = unparenthesize(right0);
    const target = unparenthesize(left);
    if (this.packed && right.type === 'identifier' && right.text === this.packed) {
      // def hook(*a): event, args = a
      const names = unpackTargets(target);
      if (names && names.length === 2 && names[0].type === 'identifier' && names[1].type === 'identifier') {
        this.eventNames.add(names[0].text);
        this.argsNames.add(names[1].text);
      }
      return;
    }
    if (this.isArgsExpression(right)) {
      if (target.type === 'identifier') {
        this.argsNames.add(target.text); // payload = args
        return;
      }
      const targets = unpackTargets(target);
      if (targets && narrowing) this.recordUnpack(target, targets, narrowing);
      return;
    }
    if (right.type === 'identifier' && this.eventNames.has(right.text) && target.type === 'identifier') {
      this.eventNames.add(target.text); // ev = event
      return;
    }
    // Any other binding of a tracked name ends what we know of it.
    for (const id of target.type === 'identifier' ? [target] : target.descendantsOfType('identifier')) {
      if (id) this.forget(id.text);
    }
  }

  private forget(name: string): void {
    this.argsNames.delete(name);
    this.eventNames.delete(name);
  }

  private recordUnpack(target: Node, targets: Node[], narrowing: Narrowing): void {
    const names = targets.map((t) => {
      const id = t.type === 'list_splat_pattern' ? t.namedChildren.find((c) => c?.type === 'identifier') ?? t : t;
      return { name: id.text, range: this.map.range(id) };
    });
    const starredIndex = targets.findIndex((t) => t.type === 'list_splat_pattern');
    this.addUse(narrowing, {
      kind: 'unpack',
      range: this.map.range(target),
      names,
      starredIndex: starredIndex >= 0 ? starredIndex : null,
    });
  }

  private recordSubscript(node: Node, narrowing: Narrowing | undefined): void {
    const value = node.childForFieldName('value');
    const index = node.childForFieldName('subscript');
    if (!value || !index) return;
    if (this.isEventExpression(index)) {
      this.collectionMentions(value); // HANDLERS[event]: the keys are event names
      return;
    }
    if (!narrowing || !this.isArgsExpression(value)) return;
    if (node.childrenForFieldName('subscript').length !== 1) return;
    const i = integerValue(index);
    if (i !== null) this.addUse(narrowing, { kind: 'index', range: this.map.range(node), index: i, expression: node.text });
  }

  private addUse(narrowing: Narrowing, use: ArgsUse): void {
    const block = this.blockFor(narrowing, use.range);
    block.argsUses.push(use);
  }

  // ---- conditions -------------------------------------------------------------------------

  private condition(node0: Node): ConditionFacts {
    return this.nested({}, () => this.conditionFacts(node0));
  }

  private conditionFacts(node0: Node): ConditionFacts {
    const node = unparenthesize(node0);
    switch (node.type) {
      case 'not_operator': {
        const arg = node.childForFieldName('argument');
        const f = arg ? this.condition(arg) : {};
        return { whenTrue: f.whenFalse, whenFalse: f.whenTrue };
      }
      case 'boolean_operator': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        const l = left ? this.condition(left) : {};
        const r = right ? this.condition(right) : {};
        if (node.childForFieldName('operator')?.type === 'and') {
          return { whenTrue: intersect(l.whenTrue, r.whenTrue), whenFalse: union(l.whenFalse, r.whenFalse) };
        }
        return { whenTrue: union(l.whenTrue, r.whenTrue), whenFalse: intersect(l.whenFalse, r.whenFalse) };
      }
      case 'comparison_operator': {
        const test = this.eventTest(node);
        if (!test) return {};
        const n: Narrowing = { events: test.names, prefixes: [] };
        return test.positive ? { whenTrue: n } : { whenFalse: n };
      }
      case 'call': {
        const prefixes = this.startswithPrefixes(node);
        return prefixes ? { whenTrue: { events: null, prefixes } } : {};
      }
      default:
        return {};
    }
  }

  /** `event == "x"`, `"x" == event`, `event != "x"`, `event in C`, `event not in C`. */
  private eventTest(node: Node): { names: EventName[]; positive: boolean } | null {
    const operands = namedChildren(node);
    const ops = node.childrenForFieldName('operators');
    if (operands.length !== 2 || ops.length !== 1 || !ops[0]) return null;
    const op = ops[0].text.replace(/\s+/g, ' ');
    const [a, b] = operands;
    if (op === '==' || op === '!=' || op === 'is' || op === 'is not') {
      const [ev, other] = this.isEventExpression(a) ? [a, b] : this.isEventExpression(b) ? [b, a] : [null, null];
      if (!ev || !other) return null;
      const name = this.eventNameOf(other);
      return name ? { names: [name], positive: op === '==' || op === 'is' } : null;
    }
    if ((op === 'in' || op === 'not in') && this.isEventExpression(a)) {
      const names = this.collectionNames(b);
      return names ? { names, positive: op === 'in' } : null;
    }
    return null;
  }

  /** Mentions for every comparison of the event with a string, even outside conditions. */
  private recordComparison(node: Node): void {
    const operands = namedChildren(node);
    const ops = node.childrenForFieldName('operators');
    if (operands.length !== 2 || ops.length !== 1 || !ops[0]) return;
    const op = ops[0].text.replace(/\s+/g, ' ');
    const [a, b] = operands;
    if (op === '==' || op === '!=' || op === 'is' || op === 'is not') {
      const other = this.isEventExpression(a) ? b : this.isEventExpression(b) ? a : null;
      const s = other ? unparenthesize(other) : null;
      if (s && (s.type === 'string' || s.type === 'concatenated_string')) {
        const name = this.literalName(s);
        if (name) this.mention('compare', name);
      } else if (s?.type === 'identifier') {
        const name = this.eventNameOf(s);
        if (name) this.mention('compare', name);
      }
    } else if ((op === 'in' || op === 'not in') && this.isEventExpression(a)) {
      this.collectionMentions(b);
    }
  }

  private recordCall(node: Node): void {
    // HANDLERS.get(event): the dict's keys are event names.
    const fn = node.childForFieldName('function');
    const args = node.childForFieldName('arguments');
    if (fn?.type === 'attribute' && args) {
      const attr = fn.childForFieldName('attribute')?.text;
      const obj = fn.childForFieldName('object');
      const first = namedChildren(args)[0];
      if (attr === 'get' && obj && first && this.isEventExpression(first)) this.collectionMentions(obj);
      if (attr === 'startswith') this.startswithPrefixes(node, true);
    }
  }

  private startswithPrefixes(call: Node, record = false): EventName[] | null {
    const fn = call.childForFieldName('function');
    const args = call.childForFieldName('arguments');
    if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'startswith' || !args) return null;
    const obj = fn.childForFieldName('object');
    if (!obj || !this.isEventExpression(obj)) return null;
    const first = namedChildren(args)[0];
    if (!first) return null;
    const arg = this.resolveConstant(unparenthesize(first));
    const strings = arg.type === 'tuple' ? namedChildren(arg) : [arg];
    const out: EventName[] = [];
    for (const s of strings) {
      const name = this.literalName(s);
      if (!name) return null;
      out.push(name);
    }
    if (record) for (const n of out) this.mention('prefix', n);
    return out;
  }

  // ---- collections ------------------------------------------------------------------------

  /** The event names of a collection the event is tested against, or null if it is not one. */
  private collectionNames(node: Node): EventName[] | null {
    const elements = collectionElements(this.resolveConstant(unparenthesize(node)));
    if (!elements) return null;
    const out: EventName[] = [];
    for (const e of elements) {
      const name = this.literalName(e.key);
      if (!name) return null;
      out.push(name);
    }
    return out;
  }

  private collectionMentions(node: Node): void {
    const target0 = unparenthesize(node);
    const target = this.resolveConstant(target0);
    const viaConstant = target !== target0;
    if (viaConstant) {
      if (this.seenCollections.has(target.startIndex)) return;
      this.seenCollections.add(target.startIndex);
    }
    const elements = collectionElements(target);
    if (!elements) return;
    for (const e of elements) {
      const name = this.literalName(e.key);
      if (!name) continue;
      this.mention(viaConstant ? 'collection' : 'compare', name);
      if (e.value) {
        const names = argumentNameTuple(e.value);
        if (names) this.argumentTables.push({ event: name, names, range: this.map.range(e.value) });
      }
    }
  }

  /** A module-level name bound once to a literal: its value; else the node itself. */
  private resolveConstant(node: Node): Node {
    if (node.type !== 'identifier') return node;
    const value = this.scope.constantValue(node.text);
    return value ? unparenthesize(value) : node;
  }

  // ---- names ------------------------------------------------------------------------------

  /** A name holding the event, or `a[0]` in `def hook(*a)`. */
  private isEventExpression(node: Node): boolean {
    return this.holds(node, this.eventNames, 0);
  }

  /** A name holding the args tuple, or `a[1]` in `def hook(*a)`. */
  private isArgsExpression(node: Node): boolean {
    return this.holds(node, this.argsNames, 1);
  }

  private holds(node0: Node, names: ReadonlySet<string>, packedIndex: number): boolean {
    const node = unparenthesize(node0);
    if (node.type === 'identifier') return names.has(node.text);
    if (this.packed && node.type === 'subscript') {
      const v = node.childForFieldName('value');
      const i = node.childForFieldName('subscript');
      return v?.type === 'identifier' && v.text === this.packed && !!i && integerValue(i) === packedIndex;
    }
    return false;
  }

  private eventNameOf(node: Node): EventName | null {
    return eventName(node, this.scope, this.map);
  }

  private literalName(node: Node): EventName | null {
    return literalEventName(node, this.map);
  }

  private mention(role: MentionRole, name: EventName): void {
    this.mentions.push({ role, name, raiseSite: null });
  }

  // ---- blocks -----------------------------------------------------------------------------

  private openBlock(narrowing: Narrowing, node: Node): NarrowedBlock & { expression?: boolean } {
    const block: NarrowedBlock & { expression?: boolean } = {
      events: narrowing.events ?? [],
      prefixes: narrowing.prefixes,
      range: this.map.range(node),
      argsUses: [],
    };
    this.blocks.push(block);
    return block;
  }

  private openBlockAt(narrowing: Narrowing, from: Node, block: Node): NarrowedBlock {
    const b = this.openBlock(narrowing, from);
    b.range = { start: b.range.start, end: this.map.range(block).end };
    return b;
  }

  /** The innermost block with this narrowing that holds the range. */
  private blockFor(narrowing: Narrowing, range: Range): NarrowedBlock {
    for (let i = this.blocks.length - 1; i >= 0; i--) {
      const b = this.blocks[i];
      if (sameNarrowing(b, narrowing) && contains(b.range, range)) return b;
    }
    const b: NarrowedBlock = { events: narrowing.events ?? [], prefixes: narrowing.prefixes, range, argsUses: [] };
    this.blocks.push(b);
    return b;
  }
}

function contains(outer: Range, inner: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

function sameNarrowing(b: NarrowedBlock, n: Narrowing): boolean {
  const events = n.events ?? [];
  return (
    b.events.length === events.length &&
    b.events.every((e, i) => e === events[i]) &&
    b.prefixes.length === n.prefixes.length &&
    b.prefixes.every((p, i) => p === n.prefixes[i])
  );
}

/** Does this block end every path with return/raise/continue/break? */
export function alwaysExits(block: Node, depth = 0): boolean {
  if (depth > MAX_NESTING) return false;
  const stmts = namedChildren(block);
  const last = stmts[stmts.length - 1];
  if (!last) return false;
  if (EXITS.has(last.type)) return true;
  if (last.type === 'if_statement') {
    const consequence = last.childForFieldName('consequence');
    const clauses = namedChildren(last).filter((c) => c.type === 'elif_clause' || c.type === 'else_clause');
    if (!clauses.some((c) => c.type === 'else_clause')) return false;
    return (
      !!consequence &&
      alwaysExits(consequence, depth + 1) &&
      clauses.every((c) => {
        const b = c.childForFieldName('consequence') ?? c.childForFieldName('body');
        return !!b && alwaysExits(b, depth + 1);
      })
    );
  }
  return false;
}

/** The targets of `a, b = ...`, `(a, b) = ...`, `[a, *b] = ...`; null when it is no unpacking. */
function unpackTargets(target: Node): Node[] | null {
  if (target.type === 'pattern_list' || target.type === 'tuple_pattern' || target.type === 'list_pattern') {
    const kids = namedChildren(target);
    if (kids.every((k) => k.type === 'identifier' || k.type === 'list_splat_pattern' || k.type === 'subscript' || k.type === 'attribute')) {
      return kids;
    }
  }
  return null;
}

/** Elements of a set/list/tuple/frozenset(...)/dict literal: strings as keys, dict values beside. */
function collectionElements(node: Node, depth = 0): { key: Node; value: Node | null }[] | null {
  if (depth > MAX_NESTING) return null;
  switch (node.type) {
    case 'tuple':
    case 'list':
    case 'set':
      return namedChildren(node).map((k) => ({ key: k, value: null }));
    case 'dictionary': {
      const out: { key: Node; value: Node | null }[] = [];
      for (const pair of namedChildren(node)) {
        if (pair.type !== 'pair') return null;
        const key = pair.childForFieldName('key');
        const value = pair.childForFieldName('value');
        if (!key) return null;
        out.push({ key, value: value ?? null });
      }
      return out;
    }
    case 'call': {
      const fn = node.childForFieldName('function');
      const args = node.childForFieldName('arguments');
      if (fn?.type === 'identifier' && (fn.text === 'frozenset' || fn.text === 'set' || fn.text === 'tuple') && args) {
        const inner = namedChildren(args);
        return inner.length === 1 ? collectionElements(unparenthesize(inner[0]), depth + 1) : null;
      }
      return null;
    }
    default:
      return null;
  }
}

/** ("path", "mode", "flags") or ["path", "mode"] as names; null for anything else. */
function argumentNameTuple(node0: Node): string[] | null {
  const node = unparenthesize(node0);
  if (node.type !== 'tuple' && node.type !== 'list') return null;
  const names: string[] = [];
  for (const k of namedChildren(node)) {
    const v = k.type === 'string' ? evaluateString(k) : null;
    if (!v || v.kind !== 'str') return null;
    names.push(v.value);
  }
  return names;
}
