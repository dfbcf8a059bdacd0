import type { Node } from '../parsing/treeSitter';
import type { ArgumentTable, EventMention, EventName, HandOff, HandOffOrigin, NarrowedBlock } from '../model';
import type { Narrowing } from '../narrowing/narrowing';
import { versionNames } from '../narrowing/versionMask';
import type { PositionMap } from '../parsing/positions';
import { HookBodyAnalyzer, type HandOffCall } from './hookBody';
import { readParameters } from './params';
import { AUDIT_MODULES, enclosingClass, findBinding, findMethod, type ModuleScope } from './scope';
import { unparenthesize } from './syntax';

/** How many calls deep a hand-off is followed from the hook. */
export const MAX_HANDOFF_DEPTH = 4;

/** A function or method of this file that a hook hands its event/args to. */
export interface Helper {
  def: Node;
  /** A method called on an instance or class: its first parameter is bound. */
  bound: boolean;
}

/** What one walk of a helper adds to the hook that reached it. */
export interface HandOffContribution {
  blocks: NarrowedBlock[];
  mentions: Omit<EventMention, 'hook'>[];
  argumentTables: ArgumentTable[];
  handOffs: HandOff[];
  /** The helpers (def start indices) the walk went through, the walked one last. */
  through: number[];
}

/** Whether a def is itself a hook of this file: a hand-off never walks a registered hook again. */
export type HookStanding = 'registered' | 'inferred' | null;

/**
 * Follows the event and args of hooks into the functions and methods they call (issue 12 §1),
 * context-sensitively: a helper is walked once per (helper, parameters, narrowed events), with
 * the events the call happens under as the narrowing of its whole body. Cycles are cut, depth is
 * limited. Calls to functions imported from other modules become `HandOff`s for the index.
 */
export class HandOffFollower {
  private readonly walked = new Set<string>();
  /** Every call that passed the event/args on, followed or not (cut by the cache or a cycle). */
  readonly followedCalls = new Set<number>();
  /** The helpers reached, by def start index. */
  readonly reached = new Map<number, Helper>();

  constructor(
    private readonly scope: ModuleScope,
    private readonly map: PositionMap,
    private readonly seenCollections: Set<number>,
    private readonly standing: (def: Node) => HookStanding,
  ) {}

  /** The hand-offs of one hook's walk. `fromInferred`: a hook nothing registers (its reach stays in this file). */
  followHook(calls: readonly HandOffCall[], fromInferred: boolean): HandOffContribution[] {
    const out: HandOffContribution[] = [];
    this.followCalls(calls, null, [], fromInferred, out);
    return out;
  }

  /**
   * A helper of this file that a hook in another file reaches: walked with the events of that
   * call, and what it hands on followed from there.
   */
  followTarget(def: Node, event: number | string | null, args: number | string | null, narrowing: Narrowing | undefined, guarded: boolean, origin: HandOffOrigin): HandOffContribution[] {
    const out: HandOffContribution[] = [];
    this.walk({ def, bound: false }, event, args, narrowing, guarded, origin, [], false, out);
    return out;
  }

  private followCalls(calls: readonly HandOffCall[], origin: HandOffOrigin | null, path: number[], fromInferred: boolean, out: HandOffContribution[]): void {
    for (const c of calls) {
      this.followedCalls.add(c.call.startIndex);
      if (c.narrowing?.events?.length === 0) continue; // a branch no event reaches
      const from = origin ?? this.originOf(c.call);
      const target = this.resolve(c.call);
      if (!target) continue;
      if ('module' in target) {
        if (fromInferred) continue;
        const handOff: HandOff = { ...target, event: c.event, args: c.args, ...narrowingData(c.narrowing), origin: from, ...(c.guarded ? { guarded: true } : {}) };
        out.push({ blocks: [], mentions: [], argumentTables: [], through: path, handOffs: [handOff] });
        continue;
      }
      const standing = this.standing(target.def);
      if (standing === 'registered' || (standing === 'inferred' && fromInferred)) continue;
      this.walk(target, c.event, c.args, c.narrowing, c.guarded, from, path, fromInferred, out);
    }
  }

  private walk(
    helper: Helper,
    eventSlot: number | string | null,
    argsSlot: number | string | null,
    narrowing: Narrowing | undefined,
    guarded: boolean,
    origin: HandOffOrigin,
    path: number[],
    fromInferred: boolean,
    out: HandOffContribution[],
  ): void {
    const id = helper.def.startIndex;
    const body = helper.def.childForFieldName('body');
    if (!body || path.includes(id) || path.length >= MAX_HANDOFF_DEPTH) return;
    const all = readParameters(helper.def, this.map);
    const params = helper.bound ? all.slice(all.findIndex((p) => p.kind === 'positional') + 1) : all;
    const nameOf = (slot: number | string | null): string | null => {
      if (slot === null) return null;
      const p =
        typeof slot === 'number'
          ? params.filter((x) => x.kind === 'positional')[slot]
          : params.find((x) => x.name === slot && (x.kind === 'positional' || x.kind === 'keyword-only'));
      // A parameter the helper binds again is no longer the hook's value.
      return p && !rebinds(body, p.name) ? p.name : null;
    };
    const event = nameOf(eventSlot);
    const args = nameOf(argsSlot);
    if (!event && !args) return;
    const key = `${id}|${event}|${args}|${guarded}|${narrowingKey(narrowing)}`;
    if (this.walked.has(key)) return;
    this.walked.add(key);
    this.reached.set(id, helper);

    const analyzer = new HookBodyAnalyzer(this.scope, this.map, { event, args, packed: null }, this.seenCollections);
    const result = analyzer.analyzeFunctionBody(body, narrowing, guarded);
    for (const b of result.blocks) b.handOff = origin;
    const through = [...path, id];
    out.push({ blocks: result.blocks, mentions: result.mentions, argumentTables: result.argumentTables, handOffs: [], through });
    this.followCalls(analyzer.handOffCalls, origin, through, fromInferred, out);
  }

  /** The helper a call reaches: a function of this file, a method of the caller's class, or an imported function. */
  private resolve(call: Node): Helper | Pick<HandOff, 'module' | 'level' | 'name'> | null {
    const fn = call.childForFieldName('function');
    if (!fn) return null;
    const callee = unparenthesize(fn);
    if (callee.type === 'identifier') {
      const binding = findBinding(call, callee.text, this.scope);
      if (binding?.kind === 'function') return { def: binding.node, bound: false };
      const imported = this.scope.imports.get(callee.text);
      if (!binding && imported?.kind === 'member' && !AUDIT_MODULES.has(imported.module)) {
        return { module: imported.module, level: imported.level, name: imported.member };
      }
      return null;
    }
    if (callee.type !== 'attribute') return null;
    const obj = callee.childForFieldName('object');
    const attr = callee.childForFieldName('attribute')?.text;
    if (!obj || !attr || obj.type !== 'identifier') return null;
    if (obj.text === 'self' || obj.text === 'cls') {
      const cls = enclosingClass(call);
      const m = cls ? findMethod(cls, attr) : null;
      return m ? { def: m.def, bound: !m.decorators.includes('staticmethod') } : null;
    }
    const binding = findBinding(call, obj.text, this.scope);
    if (binding?.kind === 'class') {
      const m = findMethod(binding.node, attr);
      // Cls.method(...) passes self explicitly unless it is a class or static method.
      return m ? { def: m.def, bound: m.decorators.includes('classmethod') } : null;
    }
    if (binding) return null;
    const q = this.scope.qualify(callee);
    return q && !AUDIT_MODULES.has(q.module) ? { module: q.module, level: q.level, name: q.member } : null;
  }

  private originOf(call: Node): HandOffOrigin {
    const text = call.text.replace(/\s+/g, ' ');
    return { call: text.length > 60 ? `${text.slice(0, 57)}...` : text, range: this.map.range(call) };
  }
}

/**
 * Helpers also used in ways no hook hands off (called with other values, passed around): their
 * parameters are not clearly the hook's event and tuple, so what they do with them says nothing.
 */
export function helpersUsedElsewhere(root: Node, text: string, helpers: Iterable<Helper>, followedCalls: ReadonlySet<number>): Set<number> {
  const out = new Set<number>();
  for (const h of helpers) {
    const nameNode = h.def.childForFieldName('name');
    if (!nameNode) continue;
    const name = nameNode.text;
    const method = enclosingClass(h.def) !== null;
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length)) {
      if ((at > 0 && /\w/.test(text[at - 1])) || /\w/.test(text[at + name.length] ?? '')) continue;
      const id = root.descendantForIndex(at);
      if (!id || id.type !== 'identifier' || id.text !== name || id.startIndex === nameNode.startIndex) continue;
      let callee: Node = id;
      const parent = id.parent;
      if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.startIndex === id.startIndex) callee = parent;
      else if (method) continue; // a plain name elsewhere is not the method
      const call = callee.parent;
      const isCall = call?.type === 'call' && call.childForFieldName('function')?.startIndex === callee.startIndex;
      if (!isCall || !followedCalls.has(call.startIndex)) {
        out.add(h.def.startIndex);
        break;
      }
    }
  }
  return out;
}

/** Narrowing of a helper reached from another file: the names as plain strings, placed at `at`. */
export function narrowingFrom(events: string[] | null, prefixes: readonly string[], versions: readonly string[] | undefined, at: EventName['range']): Narrowing | undefined {
  if (events === null && prefixes.length === 0 && !versions) return undefined;
  const name = (value: string): EventName => ({ value, range: at, contentRange: null, via: 'literal' });
  // `3.X` names back to the mask (bit X) the narrowing carries.
  const mask = versions ? versions.reduce((m, v) => m | (1 << Number(v.split('.')[1])), 0) : undefined;
  return { events: events?.map(name) ?? null, prefixes: prefixes.map(name), ...(mask === undefined ? {} : { versions: mask }) };
}

function narrowingData(n: Narrowing | undefined): Pick<HandOff, 'events' | 'prefixes' | 'versions'> {
  if (!n) return { events: null, prefixes: [] };
  return {
    events: n.events ? [...new Set(n.events.map((e) => e.value))] : null,
    prefixes: n.prefixes.map((p) => p.value),
    ...(n.versions === undefined ? {} : { versions: versionNames(n.versions) }),
  };
}

function narrowingKey(n: Narrowing | undefined): string {
  if (!n) return '*';
  const d = narrowingData(n);
  return `${d.events ? [...d.events].sort().join(',') : '*'}|${[...d.prefixes].sort().join(',')}|${d.versions?.join(',') ?? ''}`;
}

const PATTERNS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'parenthesized_expression']);

/** Does the body bind the name again (assignment, loop target, walrus, del, global)? */
function rebinds(body: Node, name: string): boolean {
  for (const id of body.descendantsOfType('identifier')) {
    if (!id || id.text !== name) continue;
    let n: Node = id;
    let p = id.parent;
    while (p && PATTERNS.has(p.type)) {
      n = p;
      p = p.parent;
    }
    if (!p) continue;
    if (['assignment', 'augmented_assignment', 'for_statement', 'for_in_clause'].includes(p.type) && p.childForFieldName('left')?.id === n.id) return true;
    if (p.type === 'named_expression' && p.childForFieldName('name')?.id === n.id) return true;
    if (['delete_statement', 'global_statement', 'nonlocal_statement', 'as_pattern_target'].includes(p.type)) return true;
  }
  return false;
}
