import type { Node } from '../parsing/treeSitter';
import type { ArgumentTable, EventName, MentionRole } from '../model';
import { literalEventName } from './eventNames';
import type { ModuleScope } from './scope';
import { evaluateString, namedChildren, unparenthesize } from './syntax';
import { MAX_NESTING, type PositionMap } from '../parsing/positions';

/** Where a hook walk records what it finds in a collection: names it mentions, argument tables. */
export interface MentionSink {
  mention(role: MentionRole, name: EventName): void;
  readonly argumentTables: ArgumentTable[];
}

/**
 * The collections a hook tests the event against (`event in {...}`, `HANDLERS[event]`,
 * `HANDLERS.get(event)`), written in place or bound once at module level.
 */
export class HookCollections {
  constructor(
    private readonly scope: ModuleScope,
    private readonly map: PositionMap,
    /** Module-level collections already reported by another hook: their mentions are shared. */
    private readonly seenCollections: Set<number>,
  ) {}

  /** The event names of a collection the event is tested against, or null if it is not one. */
  names(node: Node): EventName[] | null {
    const elements = collectionElements(this.resolveConstant(unparenthesize(node)));
    if (!elements) return null;
    const out: EventName[] = [];
    for (const e of elements) {
      const name = literalEventName(e.key, this.map);
      if (!name) return null;
      out.push(name);
    }
    return out;
  }

  /** Mentions every literal key; a dict whose values are name tuples also gives argument tables. */
  recordMentions(node: Node, sink: MentionSink): void {
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
      const name = literalEventName(e.key, this.map);
      if (!name) continue;
      sink.mention(viaConstant ? 'collection' : 'compare', name);
      if (e.value) {
        const names = argumentNameTuple(e.value);
        if (names) sink.argumentTables.push({ event: name, names, range: this.map.range(e.value) });
      }
    }
  }

  /** A module-level name bound once to a literal: its value; else the node itself. */
  resolveConstant(node: Node): Node {
    if (node.type !== 'identifier') return node;
    const value = this.scope.constantValue(node.text);
    return value ? unparenthesize(value) : node;
  }
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
