import type { Node } from '../parsing/treeSitter';
import type { ArgumentTable, EventMention, EventName, MentionRole, NarrowedBlock } from '../model';
import { NarrowedBlocks } from '../narrowing/blocks';
import { intersect, type Narrowing } from '../narrowing/narrowing';
import { casePatternNames, HookConditions, type HookWalkState } from './hookConditions';
import { HookCollections, type MentionSink } from './hookCollections';
import { eventModuleTargets, isEventModuleExpression } from './eventModule';
import { ArgumentUseRecorder } from './argumentUses';
import type { ModuleScope } from './scope';
import { mentionVersions } from './versionConditions';
import { integerValue, namedChildren, unparenthesize } from './syntax';
import { MAX_NESTING, PositionMap } from '../parsing/positions';

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

/**
 * A call that passes the event and/or the args tuple on (`self._check_open(args)`,
 * `decide(event, args)`): where each goes (a position or a keyword) and what the event is there.
 */
export interface HandOffCall {
  call: Node;
  narrowing: Narrowing | undefined;
  event: number | string | null;
  args: number | string | null;
  /** A re-entry guard (`if _busy: return`) came before the call: the helper runs guarded. */
  guarded: boolean;
}

const EXITS = new Set(['return_statement', 'raise_statement', 'continue_statement', 'break_statement']);

/**
 * Walks one hook's body in source order and records which event names each region handles,
 * the event names it compares with, and how it uses the args tuple there (SPEC §3).
 */
export class HookBodyAnalyzer implements HookWalkState, MentionSink {
  private readonly eventNames = new Set<string>();
  private readonly argsNames = new Set<string>();
  /** Names that hold the event's module part (`module = event.split(".")[0]`). */
  private readonly moduleNames = new Set<string>();
  private readonly packed: string | null;
  private readonly blocks = new NarrowedBlocks();
  /** Blocks of one expression (`e == "x" and ...`) rather than of statements. */
  private readonly expressionBlocks = new Set<NarrowedBlock>();
  private readonly mentions: Omit<EventMention, 'hook'>[] = [];
  readonly argumentTables: ArgumentTable[] = [];
  /** The calls that hand the event/args on, for python/handoff.ts to follow. */
  readonly handOffCalls: HandOffCall[] = [];
  private readonly collections: HookCollections;
  private readonly conditions: HookConditions;
  private readonly argumentUses: ArgumentUseRecorder;

  constructor(
    scope: ModuleScope,
    private readonly map: PositionMap,
    params: HookParameters,
    /** Module-level collections already reported by another hook: their mentions are shared. */
    seenCollections: Set<number>,
  ) {
    if (params.event) this.eventNames.add(params.event);
    if (params.args) this.argsNames.add(params.args);
    this.packed = params.packed;
    this.collections = new HookCollections(scope, map, seenCollections);
    this.conditions = new HookConditions(this, this.collections, scope, map);
    this.argumentUses = new ArgumentUseRecorder(map, (node) => this.argIndex(node), (narrowing, use) => {
      (this.blocks.blockFor(narrowing, use.range).argumentUses ??= []).push(use);
    });
  }

  /** `narrowing`: a helper's body, reached when the event is one of these (issue 12 §1). */
  analyzeFunctionBody(body: Node, narrowing?: Narrowing, guarded = false): HookBodyResult {
    this.guardSeen = guarded;
    this.argumentUses.scope = body;
    if (narrowing) this.blocks.open(narrowing, this.map.range(body));
    this.visitBlock(body, narrowing);
    return this.result();
  }

  analyzeExpression(body: Node): HookBodyResult {
    this.argumentUses.scope = body;
    this.visitExpression(body, undefined);
    return this.result();
  }

  private result(): HookBodyResult {
    mentionVersions(this.mentions, this.blocks.all);
    // An expression-level block (`e == "x" and ...`) matters only if args is used in it.
    const blocks = this.blocks.all.filter(
      (b) => (b.events.length > 0 || b.prefixes.length > 0) && (!this.expressionBlocks.has(b) || b.argsUses.length > 0 || !!b.argumentUses?.length),
    );
    return { blocks, mentions: this.mentions, argumentTables: this.argumentTables };
  }

  // ---- statements -------------------------------------------------------------------------

  /** Nesting of the walk; past MAX_NESTING the walk stops descending (see MAX_NESTING). */
  private depth = 0;

  nested<T>(fallback: T, fn: () => T): T {
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

  /** Visits a block's statements; a guard (`if event != "x": return`) narrows the rest. */
  private visitBlockStatements(block: Node, narrowing: Narrowing | undefined): void {
    let current = narrowing;
    for (const stmt of namedChildren(block)) {
      if (this.visitStatement(stmt, current)) return;
      if (stmt.type === 'if_statement') {
        if (this.isReentryGuard(stmt)) this.guardSeen = true;
        const guard = this.guardNarrowing(stmt);
        if (guard) {
          current = intersect(current, guard);
          const rest = stmt.nextNamedSibling;
          if (rest && current) this.blocks.open(current, this.map.span(rest, block));
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
    return this.conditions.facts(condition).whenFalse;
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
        const leaveLoop = stmt.type === 'for_statement' ? this.collections.enterLoop(stmt) : null;
        for (const child of namedChildren(stmt)) {
          if (child.type === 'block') this.visitBlock(child, narrowing);
          else if (child.type.endsWith('_clause')) {
            for (const b of namedChildren(child)) {
              if (b.type === 'block') this.visitBlock(b, narrowing);
              else this.visitExpression(b, narrowing);
            }
          } else this.visitExpression(child, narrowing);
        }
        leaveLoop?.();
        return false;
      }
    }
  }

  private visitIf(stmt: Node, narrowing: Narrowing | undefined): void {
    const condition = stmt.childForFieldName('condition');
    const consequence = stmt.childForFieldName('consequence');
    if (condition) this.visitExpression(condition, narrowing);
    const facts = condition ? this.conditions.facts(condition) : {};
    if (consequence) this.visitNarrowedBlock(consequence, intersect(narrowing, facts.whenTrue), narrowing);
    let elseNarrowing = intersect(narrowing, facts.whenFalse);
    for (const clause of namedChildren(stmt)) {
      if (clause.type === 'elif_clause') {
        const c = clause.childForFieldName('condition');
        const body = clause.childForFieldName('consequence');
        if (c) this.visitExpression(c, elseNarrowing);
        const f = c ? this.conditions.facts(c) : {};
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
        const names = casePatternNames(clause, this.map);
        for (const name of names ?? []) this.mention('case', name);
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
    if (inner && inner !== outer) this.blocks.open(inner, this.map.range(block)).letsThrough = onlyLetsThrough(block);
    this.visitBlock(block, inner);
  }

  // ---- expressions ------------------------------------------------------------------------

  private visitExpression(node: Node, narrowing: Narrowing | undefined): void {
    this.nested(undefined, () => this.visitExpressionNode(node, narrowing));
  }

  private visitExpressionNode(node: Node, narrowing: Narrowing | undefined): void {
    this.argumentUses.visit(node, narrowing);
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
        this.recordHandOff(node, narrowing);
        if (narrowing) this.recordBlockCall(node, narrowing);
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
        const facts = condition ? this.conditions.facts(condition) : {};
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
          const facts = left ? this.conditions.facts(left) : {};
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
    if (inner && inner !== outer) this.expressionBlocks.add(this.blocks.open(inner, this.map.range(node)));
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
      if (targets && narrowing) {
        this.recordUnpack(target, targets, narrowing);
        this.argumentUses.bindUnpacked(targets, narrowing);
      }
      return;
    }
    if (this.bindPairs(target, right)) return;
    if (right.type === 'identifier' && this.eventNames.has(right.text) && target.type === 'identifier') {
      this.eventNames.add(target.text); // ev = event
      return;
    }
    const modules = eventModuleTargets(target, right, (n) => this.isEventExpression(n));
    if (modules) {
      for (const id of target.descendantsOfType('identifier')) if (id) this.forget(id.text);
      for (const m of modules) this.moduleNames.add(m);
      return;
    }
    // Any other binding of a tracked name ends what we know of it.
    for (const id of target.type === 'identifier' ? [target] : target.descendantsOfType('identifier')) {
      if (id) this.forget(id.text);
    }
    this.argumentUses.bind(target, right, narrowing);
  }

  /** `name, params = event, args`: each name takes what its own value holds. */
  private bindPairs(target: Node, right: Node): boolean {
    const targets = unpackTargets(target);
    if (!targets || (right.type !== 'expression_list' && right.type !== 'tuple')) return false;
    const values = namedChildren(right);
    if (values.length !== targets.length || !values.some((v) => this.isEventExpression(v) || this.isArgsExpression(v))) return false;
    targets.forEach((t, i) => {
      const holdsEvent = this.isEventExpression(values[i]);
      const holdsArgs = this.isArgsExpression(values[i]);
      for (const id of t.type === 'identifier' ? [t] : t.descendantsOfType('identifier')) if (id) this.forget(id.text);
      if (t.type !== 'identifier') return;
      if (holdsEvent) this.eventNames.add(t.text);
      if (holdsArgs) this.argsNames.add(t.text);
    });
    return true;
  }

  private recordHandOff(call: Node, narrowing: Narrowing | undefined): void {
    const list = call.childForFieldName('arguments');
    if (!list || list.type !== 'argument_list') return;
    let event: number | string | null = null;
    let args: number | string | null = null;
    let position = 0;
    for (const a of namedChildren(list)) {
      if (a.type === 'list_splat' || a.type === 'dictionary_splat') break; // positions past a splat are unknown
      let slot: number | string = position;
      let value = a;
      if (a.type === 'keyword_argument') {
        const name = a.childForFieldName('name');
        const v = a.childForFieldName('value');
        if (!name || !v) continue;
        slot = name.text;
        value = v;
      } else position++;
      if (this.isEventExpression(value)) event ??= slot;
      else if (this.isArgsExpression(value)) args ??= slot;
    }
    if (event !== null || args !== null) this.handOffCalls.push({ call, narrowing, event, args, guarded: this.guardSeen });
  }

  private forget(name: string): void {
    this.argsNames.delete(name);
    this.eventNames.delete(name);
    this.moduleNames.delete(name);
    this.collections.forget(name);
    this.argumentUses.forget(name);
  }

  /** `args[i]` with a literal i: i; null for anything else. */
  private argIndex(node: Node): number | null {
    if (node.type !== 'subscript' || node.childrenForFieldName('subscript').length !== 1) return null;
    const value = node.childForFieldName('value');
    const index = node.childForFieldName('subscript');
    return value && index && this.isArgsExpression(value) ? integerValue(index) : null;
  }

  private recordUnpack(target: Node, targets: Node[], narrowing: Narrowing): void {
    const names = targets.map((t) => {
      const id = t.type === 'list_splat_pattern' ? t.namedChildren.find((c) => c?.type === 'identifier') ?? t : t;
      return { name: id.text, range: this.map.range(id) };
    });
    const starredIndex = targets.findIndex((t) => t.type === 'list_splat_pattern');
    this.blocks.addUse(narrowing, {
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
      this.collections.recordMentions(value, this); // HANDLERS[event]: the keys are event names
      return;
    }
    if (!narrowing || !this.isArgsExpression(value)) return;
    if (node.childrenForFieldName('subscript').length !== 1) return;
    const i = integerValue(index);
    if (i !== null) this.blocks.addUse(narrowing, { kind: 'index', range: this.map.range(node), index: i, expression: node.text });
  }

  /** Mentions for every comparison of the event with a string, even outside conditions. */
  private recordComparison(node: Node): void {
    const test = this.conditions.comparison(node);
    if (test?.kind === 'name') this.mention('compare', test.name);
    else if (test?.kind === 'module') for (const name of test.names) this.mention('module', name);
    else if (test) this.collections.recordMentions(test.collection, this);
  }

  private recordCall(node: Node): void {
    // HANDLERS.get(event): the dict's keys are event names.
    const fn = node.childForFieldName('function');
    const args = node.childForFieldName('arguments');
    if (fn?.type === 'attribute' && args) {
      const attr = fn.childForFieldName('attribute')?.text;
      const obj = fn.childForFieldName('object');
      const first = namedChildren(args)[0];
      if (attr === 'get' && obj && first && this.isEventExpression(first)) this.collections.recordMentions(obj, this);
      const prefixArgument = attr === 'startswith' ? this.conditions.startswithArgument(node) : null;
      if (prefixArgument) this.collections.recordPrefixes(prefixArgument, this);
    }
  }

  /** Set once the walk has passed `if <not about the event>: return`: later calls are guarded. */
  private guardSeen = false;

  private isReentryGuard(ifStmt: Node): boolean {
    const condition = ifStmt.childForFieldName('condition');
    const consequence = ifStmt.childForFieldName('consequence');
    if (!condition || !consequence || !alwaysExits(consequence)) return false;
    const facts = this.conditions.facts(condition);
    return !facts.whenTrue && !facts.whenFalse && !condition.descendantsOfType('identifier').some((id) => id && this.isEventExpression(id));
  }

  private recordBlockCall(node: Node, narrowing: Narrowing): void {
    const fn = node.childForFieldName('function');
    if (!fn || (fn.type !== 'identifier' && fn.type !== 'attribute')) return;
    if (fn.descendantsOfType(['call', 'subscript']).length) return;
    const range = this.map.range(node);
    // Only into a block the walk opened: a call must not make a block of its own.
    const block = this.blocks.existingBlockFor(narrowing, range);
    if (block) (block.calls ??= []).push({ callee: fn.text.replace(/\s+/g, ''), range, guarded: this.guardSeen });
  }

  // ---- names ------------------------------------------------------------------------------

  /** A name holding the event, or `a[0]` in `def hook(*a)`. */
  isEventExpression(node: Node): boolean {
    return this.holds(node, this.eventNames, 0);
  }

  isModuleExpression(node: Node): boolean {
    const n = unparenthesize(node);
    if (n.type === 'identifier') return this.moduleNames.has(n.text);
    return isEventModuleExpression(n, (e) => this.isEventExpression(e));
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

  mention(role: MentionRole, name: EventName): void {
    this.mentions.push({ role, name, raiseSite: null });
  }
}

/** `return`, `return None`, `pass`, `continue`: nothing done to the event but letting it through. */
function onlyLetsThrough(block: Node): boolean {
  const stmts = namedChildren(block).filter((s) => s.type !== 'comment');
  return (
    stmts.length > 0 &&
    stmts.every((s) => s.type === 'pass_statement' || s.type === 'continue_statement' || (s.type === 'return_statement' && namedChildren(s).every((v) => v.type === 'none')))
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
