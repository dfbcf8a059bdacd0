import type { Node } from '../parsing/treeSitter';
import type { ArgumentTable, EventName, MentionRole } from '../model';
import { CollectionBindings } from './collectionBindings';
import { collectionEntries, type CollectionEntry } from './collectionEntries';
import { literalEventName } from './eventNames';
import type { ModuleScope } from './scope';
import { evaluateString, namedChildren, unparenthesize } from './syntax';
import type { PositionMap } from '../parsing/positions';

/** Where a hook walk records what it finds in a collection: names it mentions, argument tables. */
export interface MentionSink {
  mention(role: MentionRole, name: EventName): void;
  readonly argumentTables: ArgumentTable[];
}

/**
 * The collections a hook tests the event against (`event in {...}`, `HANDLERS[event]`,
 * `HANDLERS.get(event)`, `event.startswith(PREFIXES)`), written in place or bound once: at module
 * level, as a local of the hook or of a function around it, as a class attribute or an attribute
 * set in `__init__` (python/collectionBindings.ts), and the loop variable of
 * `for p in PREFIXES:`, which stands for each member in turn.
 */
export class HookCollections {
  private readonly bindings: CollectionBindings;
  /** Loop variables of the `for` statements the walk is inside: name -> the iterated collection. */
  private readonly loopVariables = new Map<string, Node>();

  constructor(
    scope: ModuleScope,
    private readonly map: PositionMap,
    /** Collections bound elsewhere that a hook already reported: their mentions are shared. */
    private readonly seenCollections: Set<number>,
  ) {
    this.bindings = new CollectionBindings(scope);
  }

  /** The event names of a collection the event is tested against, or null if it is not one. */
  names(node: Node): EventName[] | null {
    const entries = this.entries(node);
    if (!entries) return null;
    const out: EventName[] = [];
    for (const e of entries) {
      if (!e.name) return null;
      out.push(e.name);
    }
    return out;
  }

  /** Mentions every literal key; a dict whose values are name tuples also gives argument tables. */
  recordMentions(node: Node, sink: MentionSink): void {
    const target = unparenthesize(node);
    const bound = this.resolve(target);
    if (bound !== target && !this.firstReport(bound, 'collection')) return;
    for (const e of this.entries(target) ?? []) {
      if (!e.name) continue;
      sink.mention(bound !== target ? 'collection' : 'compare', e.name);
      if (e.value) {
        const names = argumentNameTuple(e.value);
        if (names) sink.argumentTables.push({ event: e.name, names, range: this.map.range(e.value) });
      }
    }
  }

  /**
   * The prefixes a startswith argument stands for: a str, a tuple of them, a name bound to
   * either, a loop variable over them. Null when any of them is not a str literal.
   */
  prefixes(arg0: Node): EventName[] | null {
    const arg = unparenthesize(arg0);
    const bound = this.resolve(arg);
    if (bound.type === 'string' || bound.type === 'concatenated_string') {
      const name = literalEventName(bound, this.map);
      return name ? [name] : null;
    }
    return this.names(arg);
  }

  /** Mentions each prefix once, even when several hooks test the same bound tuple. */
  recordPrefixes(arg0: Node, sink: MentionSink): void {
    const arg = unparenthesize(arg0);
    const bound = this.resolve(arg);
    if (bound !== arg && !this.firstReport(bound, 'prefix')) return;
    for (const p of this.prefixes(arg) ?? []) sink.mention('prefix', p);
  }

  /** A name bound once to a value (see the class comment): its value; else the node itself. */
  resolveConstant(node: Node): Node {
    return this.resolve(unparenthesize(node));
  }

  /**
   * `for p in PREFIXES:` — inside the loop, `p` is each member of PREFIXES. Returns the undo, to
   * run when the walk leaves the loop. Nothing is bound when the loop is not over a collection.
   */
  enterLoop(forStatement: Node): () => void {
    const left = forStatement.childForFieldName('left');
    const right = forStatement.childForFieldName('right');
    if (left?.type !== 'identifier' || !right || !this.entries(right)) return () => {};
    const name = left.text;
    const before = this.loopVariables.get(name);
    this.loopVariables.set(name, this.resolve(unparenthesize(right)));
    return () => (before ? this.loopVariables.set(name, before) : this.loopVariables.delete(name));
  }

  /** A name stops standing for a loop's members when the loop body binds it again. */
  forget(name: string): void {
    this.loopVariables.delete(name);
  }

  private entries(node: Node): CollectionEntry[] | null {
    return collectionEntries(this.resolve(unparenthesize(node)), this.map, (n) => this.bindings.valueOf(n));
  }

  /** A loop variable of a loop the walk is in (see enterLoop). */
  isLoopVariable(node: Node): boolean {
    const n = unparenthesize(node);
    return n.type === 'identifier' && this.loopVariables.has(n.text);
  }

  private resolve(node: Node): Node {
    if (node.type === 'identifier') {
      const loop = this.loopVariables.get(node.text);
      if (loop) return loop; // resolved when the loop was entered
    }
    if (node.type !== 'identifier' && node.type !== 'attribute') return node;
    const value = this.bindings.valueOf(node);
    return value ? unparenthesize(value) : node;
  }

  /** True the first time a bound collection is reported in this role (by any hook of the file). */
  private firstReport(collection: Node, role: 'collection' | 'prefix'): boolean {
    // One collection can be both a set of names and a tuple of prefixes: each role once.
    const key = collection.startIndex * 2 + (role === 'prefix' ? 1 : 0);
    if (this.seenCollections.has(key)) return false;
    this.seenCollections.add(key);
    return true;
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
