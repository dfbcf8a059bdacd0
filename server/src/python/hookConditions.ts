import type { Node } from '../parsing/treeSitter';
import type { EventName } from '../model';
import { intersect, union, type Narrowing } from '../narrowing/narrowing';
import { eventName, literalEventName } from './eventNames';
import type { HookCollections } from './hookCollections';
import type { ModuleScope } from './scope';
import { namedChildren, unparenthesize } from './syntax';
import { versionCondition } from './versionConditions';
import { MAX_NESTING, type PositionMap } from '../parsing/positions';

/** The narrowing a condition gives when it is true and when it is false; undefined: nothing. */
export interface ConditionFacts {
  whenTrue?: Narrowing;
  whenFalse?: Narrowing;
}

/**
 * A comparison of the event: with one name (`==`, `!=`, `is`, `is not`, either side), or with
 * a collection (`in`, `not in`, the event on the left). Positive: true when the event matches.
 */
export type EventComparison =
  | { kind: 'name'; name: EventName; positive: boolean }
  | { kind: 'collection'; collection: Node; positive: boolean }
  /** `event.split(".")[0] == "socket"` (python/eventModule.ts): the event lives under one of these. */
  | { kind: 'module'; names: EventName[]; positive: boolean };

/**
 * What the conditions need of the walk: which expressions hold the event at this point, and the
 * walk's nesting, which a condition deepens (see MAX_NESTING).
 */
export interface HookWalkState {
  isEventExpression(node: Node): boolean;
  /** The module part of the event (`event.split(".")[0]`, or a name bound to it). */
  isModuleExpression(node: Node): boolean;
  nested<T>(fallback: T, fn: () => T): T;
}

/** Reads a hook's conditions as what they tell about the event (SPEC §3). */
export class HookConditions {
  constructor(
    private readonly walk: HookWalkState,
    private readonly collections: HookCollections,
    private readonly scope: ModuleScope,
    private readonly map: PositionMap,
  ) {}

  facts(node: Node): ConditionFacts {
    return this.walk.nested({}, () => this.factsOf(unparenthesize(node)));
  }

  private factsOf(node: Node): ConditionFacts {
    const version = versionCondition(node, this.scope);
    if (version) return { whenTrue: { events: null, prefixes: [], versions: version.whenTrue }, whenFalse: { events: null, prefixes: [], versions: version.whenFalse } };
    switch (node.type) {
      case 'not_operator': {
        const arg = node.childForFieldName('argument');
        const f = arg ? this.facts(arg) : {};
        return { whenTrue: f.whenFalse, whenFalse: f.whenTrue };
      }
      case 'boolean_operator': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        const l = left ? this.facts(left) : {};
        const r = right ? this.facts(right) : {};
        if (node.childForFieldName('operator')?.type === 'and') {
          return { whenTrue: intersect(l.whenTrue, r.whenTrue), whenFalse: union(l.whenFalse, r.whenFalse) };
        }
        return { whenTrue: union(l.whenTrue, r.whenTrue), whenFalse: intersect(l.whenFalse, r.whenFalse) };
      }
      case 'comparison_operator': {
        const test = this.comparison(node);
        if (test?.kind === 'module') {
          const n = moduleNarrowing(test.names);
          return test.positive ? { whenTrue: n } : { whenFalse: n };
        }
        const names = test?.kind === 'name' ? [test.name] : test ? this.collections.names(test.collection) : null;
        if (!test || !names) return {};
        const n: Narrowing = { events: names, prefixes: [] };
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

  /** The one reading of a comparison node: the narrowing and the recorded mentions both use it. */
  comparison(node: Node): EventComparison | null {
    const operands = namedChildren(node);
    const ops = node.childrenForFieldName('operators');
    if (operands.length !== 2 || ops.length !== 1 || !ops[0]) return null;
    const op = ops[0].text.replace(/\s+/g, ' ');
    const [a, b] = operands;
    if (op === '==' || op === '!=' || op === 'is' || op === 'is not') {
      const positive = op === '==' || op === 'is';
      const other = this.walk.isEventExpression(a) ? b : this.walk.isEventExpression(b) ? a : null;
      // for p in NAMES: if event == p — the event is one of NAMES.
      if (other && this.collections.isLoopVariable(other)) return { kind: 'collection', collection: other, positive };
      const name = other ? eventName(other, this.scope, this.map) : null;
      if (name) return { kind: 'name', name, positive };
      const moduleOther = this.walk.isModuleExpression(a) ? b : this.walk.isModuleExpression(b) ? a : null;
      const module = moduleOther ? eventName(moduleOther, this.scope, this.map) : null;
      return module ? { kind: 'module', names: [module], positive } : null;
    }
    if ((op === 'in' || op === 'not in') && this.walk.isEventExpression(a)) {
      return { kind: 'collection', collection: b, positive: op === 'in' };
    }
    if ((op === 'in' || op === 'not in') && this.walk.isModuleExpression(a)) {
      const names = this.collections.names(b);
      return names ? { kind: 'module', names, positive: op === 'in' } : null;
    }
    return null;
  }

  /** `event.startswith("os.")` or `event.startswith(("os.", "sys."))`: the prefixes. */
  startswithPrefixes(call: Node): EventName[] | null {
    const fn = call.childForFieldName('function');
    const args = call.childForFieldName('arguments');
    if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'startswith' || !args) return null;
    const obj = fn.childForFieldName('object');
    if (!obj || !this.walk.isEventExpression(obj)) return null;
    const first = namedChildren(args)[0];
    return first && first.type !== 'keyword_argument' ? this.collections.prefixes(first) : null;
  }

  /** The argument of `event.startswith(...)`, when the call is one. */
  startswithArgument(call: Node): Node | null {
    return this.startswithPrefixes(call) ? namedChildren(call.childForFieldName('arguments')!)[0] : null;
  }
}

/**
 * The event lives under one of these modules: its names are the modules' events (the features
 * know them), and it starts with `module.` (what coverage reads from prefixes).
 */
function moduleNarrowing(names: EventName[]): Narrowing {
  return { events: null, prefixes: names.map((n) => ({ ...n, value: `${n.value}.` })), modules: names.map((n) => n.value) };
}

/** `case "a" | "b":` gives [a, b]; `case _:` or a capture gives null (no narrowing). */
export function casePatternNames(clause: Node, map: PositionMap): EventName[] | null {
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
    const name = literalEventName(s, map);
    if (name) names.push(name);
  }
  return names;
}
