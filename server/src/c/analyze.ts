import type { Node, Tree } from '../parsing/treeSitter';
import {
  emptyModel,
  type DocumentModel,
  type EventMention,
  type EventName,
  type HandOffOrigin,
  type Hook,
  type NarrowedBlock,
  type MentionRole,
  type Parameter,
  type RaiseSite,
} from '../model';
import { NarrowedBlocks } from '../narrowing/blocks';
import { intersect, union, type Narrowing } from '../narrowing/narrowing';
import { MAX_NESTING, PositionMap } from '../parsing/positions';
import { readSuppressions } from '../parsing/suppressions';
import { mentionsAudit } from '../parsing/prefilter';
import { stringMacros } from './macros';
import { formatArity, oneArgumentPerUnit } from './format';
import { preprocessorVersions } from './versionConditions';

/** The C audit APIs: where the event and the format sit among the arguments. */
const RAISE_APIS: Record<string, { event: number; format: number | null }> = {
  PySys_Audit: { event: 0, format: 1 },
  _PySys_Audit: { event: 1, format: 2 },
  PySys_AuditTuple: { event: 0, format: null },
};

/**
 * The document model of a C file (SPEC §9): PySys_Audit / _PySys_Audit / PySys_AuditTuple raise
 * sites with the arity their Py_BuildValue format gives, and hooks registered with
 * PySys_AddAuditHook whose strcmp(event, "...") tests narrow the event.
 */
export function analyzeC(text: string, tree: Tree, options: { headerMacros?: ReadonlyMap<string, string> } = {}): DocumentModel {
  const model = emptyModel('c');
  if (!mentionsAudit(text)) return model;
  // The file's own string macros win over its headers' (a later #define of the same name).
  const macros = new Map([...(options.headerMacros ?? []), ...stringMacros(tree)]);
  const map = new PositionMap();
  model.suppressions = readSuppressions(text, tree, (row, column) => map.position(row, column));
  const root = tree.rootNode;
  const calls = new Map<number, Node>();
  for (let i = text.indexOf('PySys_A'); i >= 0; i = text.indexOf('PySys_A', i + 7)) {
    const leaf = root.descendantForIndex(i);
    const call = leaf?.type === 'identifier' ? leaf.parent : null;
    if (call?.type === 'call_expression' && call.childForFieldName('function')?.startIndex === leaf!.startIndex) {
      calls.set(call.startIndex, call);
    }
  }
  const hookDefs: { def: Node; registration: Node }[] = [];
  for (const call of [...calls.values()].sort((a, b) => a.startIndex - b.startIndex)) {
    const name = call.childForFieldName('function')!.text;
    const args = argumentsOf(call);
    if (name === 'PySys_AddAuditHook') {
      const fn = args[0];
      const def = fn?.type === 'identifier' ? findFunction(root, fn.text) : null;
      if (def) hookDefs.push({ def, registration: call });
      continue;
    }
    const api = RAISE_APIS[name];
    if (!api) continue;
    const eventNode = args[api.event];
    const event = eventNode ? cString(eventNode, map, macros) : null;
    let arity: RaiseSite['arity'] = null;
    const cArgs: RaiseSite['args'] = [];
    if (api.format === null) {
      const tuple = args[1];
      if (tuple && tuple.type === 'null') arity = { count: 0, atLeast: false };
    } else {
      const formatNode = args[api.format];
      const format = formatNode ? formatText(formatNode) : undefined;
      const count = format === undefined ? null : formatArity(format);
      if (count !== null) arity = { count, atLeast: false };
      if (format && count !== null && oneArgumentPerUnit(format)) {
        for (const a of args.slice(api.format + 1)) cArgs.push({ range: map.range(a), starred: false, label: a.type === 'identifier' ? a.text : null });
      }
    }
    const index = model.raiseSites.length;
    model.raiseSites.push({
      language: 'c',
      api: name,
      range: map.range(call),
      calleeRange: map.range(call.childForFieldName('function')!),
      argumentsRange: map.range(call.childForFieldName('arguments')!),
      event: event?.name ?? null,
      eventArgument: eventNode ? { range: map.range(eventNode), kind: event ? 'string' : 'dynamic' } : null,
      args: cArgs.length === arity?.count ? cArgs : [],
      arity,
      keywordArgs: [],
      ...versionsOf(call),
    });
    if (event) model.mentions.push({ role: 'raise', name: event.name, hook: null, raiseSite: index });
  }
  const seen = new Set<number>();
  const reach = new CHandOffs(root, text);
  for (const { def, registration } of hookDefs) {
    if (seen.has(def.startIndex)) continue;
    seen.add(def.startIndex);
    model.hooks.push(new CHookAnalyzer(def, registration, map, model.hooks.length, model, reach).hook());
  }
  reach.settle(model);
  return model;
}

/** The versions the `#if PY_VERSION_HEX` blocks around a node compile it for (absent: any). */
function versionsOf(node: Node): { versions?: string[] } {
  const versions = preprocessorVersions(node);
  return versions ? { versions } : {};
}

function argumentsOf(call: Node): Node[] {
  const list = call.childForFieldName('arguments');
  return list ? list.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') : [];
}

/** The text of a C string literal (or adjacent literals), escapes decoded; null for anything else. */
function cStringValue(node: Node, macros: ReadonlyMap<string, string> = new Map()): string | null {
  if (node.type === 'concatenated_string') {
    let out = '';
    for (const part of node.namedChildren) {
      // A string macro of the file or its headers stands for its literal; any other: unknown.
      if (part?.type === 'identifier' && macros.has(part.text)) {
        out += macros.get(part.text);
        continue;
      }
      if (!part || part.type !== 'string_literal') return null;
      const v = cStringValue(part);
      if (v === null) return null;
      out += v;
    }
    return out;
  }
  if (node.type !== 'string_literal') return null;
  let out = '';
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'string_content') out += child.text;
    else if (child.type === 'escape_sequence') out += decodeCEscape(child.text);
  }
  return out;
}

function decodeCEscape(esc: string): string {
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', '"': '"', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v' };
  const c = esc.slice(1);
  if (c in simple) return simple[c];
  if (c[0] === 'x') return String.fromCharCode(parseInt(c.slice(1), 16));
  if (/^[0-7]+$/.test(c)) return String.fromCharCode(parseInt(c, 8));
  return c;
}

/** The format string, null for the NULL literal, undefined when it is not a literal. */
function formatText(node: Node): string | null | undefined {
  if (node.type === 'null') return null;
  const v = cStringValue(node);
  return v === null ? undefined : v;
}

function cString(node: Node, map: PositionMap, macros?: ReadonlyMap<string, string>): { name: EventName } | null {
  const value = cStringValue(node, macros);
  if (value === null) return null;
  const single = node.type === 'string_literal';
  const open = single ? node.firstChild : null;
  const close = single ? node.lastChild : null;
  return {
    name: {
      value,
      range: map.range(node),
      contentRange:
        open && close && close.type === '"' && close !== open
          ? { start: map.position(open.endPosition.row, open.endPosition.column), end: map.position(close.startPosition.row, close.startPosition.column) }
          : null,
      via: 'literal',
    },
  };
}

function findFunction(root: Node, name: string): Node | null {
  for (const child of root.namedChildren) {
    if (child?.type !== 'function_definition') continue;
    let d = child.childForFieldName('declarator');
    while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
    if (d?.childForFieldName('declarator')?.text === name) return child;
  }
  return null;
}

/** How many calls deep a C hook's event/args are followed into the file's functions. */
const MAX_HANDOFF_DEPTH = 4;

/** A walk of a function the hook hands its event/args to (issue 12 §1, §8): which parameters hold them. */
interface CReach {
  event: number | null;
  args: number | null;
  narrowing: Narrowing | undefined;
  /** The functions on the way, the walked one last (start indices). */
  path: number[];
  origin: HandOffOrigin;
}

/**
 * What the C hooks of a file hand on: every call that passed the event/args (followed or cut),
 * each walk once per (function, parameters, narrowed events), and what each walk added, so that
 * a function also called from elsewhere (with other strings) can be taken back out.
 */
class CHandOffs {
  readonly walked = new Set<string>();
  readonly followedCalls = new Set<number>();
  readonly added: { path: number[]; mentions: EventMention[]; blocks: { hook: Hook | null; list: NarrowedBlock[] }[] }[] = [];
  readonly reached = new Map<number, string>();

  constructor(
    readonly root: Node,
    private readonly text: string,
  ) {}

  /** Takes out what came through a function called other than by a hand-off. */
  settle(model: DocumentModel): void {
    const elsewhere = new Set<number>();
    for (const [id, name] of this.reached) {
      for (let at = this.text.indexOf(name); at >= 0; at = this.text.indexOf(name, at + name.length)) {
        if ((at > 0 && /\w/.test(this.text[at - 1])) || /\w/.test(this.text[at + name.length] ?? '')) continue;
        const leaf = this.root.descendantForIndex(at);
        if (leaf?.type !== 'identifier' || leaf.text !== name) continue;
        const parent = leaf.parent;
        if (parent?.type === 'function_declarator') continue; // the definition or a prototype
        const call = parent?.type === 'call_expression' && parent.childForFieldName('function')?.startIndex === leaf.startIndex ? parent : null;
        if (!call || !this.followedCalls.has(call.startIndex)) {
          elsewhere.add(id);
          break;
        }
      }
    }
    if (elsewhere.size === 0) return;
    const dropped = this.added.filter((a) => a.path.some((id) => elsewhere.has(id)));
    const mentions = new Set(dropped.flatMap((a) => a.mentions));
    model.mentions = model.mentions.filter((m) => !mentions.has(m));
    const blocks = new Set(dropped.flatMap((a) => a.blocks.flatMap((b) => b.list)));
    for (const h of model.hooks) h.blocks = h.blocks.filter((b) => !blocks.has(b));
  }
}

/** A C audit hook: `static int hook(const char *event, PyObject *args, void *data)`. */
class CHookAnalyzer {
  private readonly event: string | null;
  private readonly args: string | null;
  /** The blocks of the functions this hook hands its event/args to. */
  private readonly handedOff: NarrowedBlock[] = [];
  /** What this walk added to the model (for a helper's walk: taken back if the helper is also called elsewhere). */
  private readonly mentioned: EventMention[] = [];
  private readonly blocks = new NarrowedBlocks();
  private readonly params: Parameter[] = [];
  private depth = 0;

  constructor(
    private readonly def: Node,
    private readonly registration: Node,
    private readonly map: PositionMap,
    private readonly hookIndex: number,
    private readonly model: DocumentModel,
    private readonly handOffs: CHandOffs,
    private readonly reach: CReach | null = null,
  ) {
    let d = def.childForFieldName('declarator');
    while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
    for (const p of d?.childForFieldName('parameters')?.namedChildren ?? []) {
      if (p?.type !== 'parameter_declaration') continue;
      let id = p.childForFieldName('declarator');
      while (id && id.type !== 'identifier') id = id.childForFieldName('declarator');
      if (id) this.params.push({ name: id.text, range: map.range(id), kind: 'positional', hasDefault: false });
    }
    this.event = this.params[reach ? reach.event ?? -1 : 0]?.name ?? null;
    this.args = this.params[reach ? reach.args ?? -1 : 1]?.name ?? null;
  }

  /** A helper's walk: its body under the narrowing of the call, and the calls it hands on. */
  walkHelper(): { blocks: NarrowedBlock[]; mentions: EventMention[] } {
    const body = this.def.childForFieldName('body');
    const narrowing = this.reach?.narrowing;
    if (body && narrowing) this.blocks.open(narrowing, this.map.range(body));
    if (body) this.visitStatement(body, narrowing);
    const blocks = [...this.blocks.all.filter((b) => b.argsUses.length > 0), ...this.handedOff];
    if (this.reach) for (const b of blocks) b.handOff ??= this.reach.origin;
    return { blocks, mentions: this.mentioned };
  }

  /** `categorize(event)`: a function of this file that receives the event (and/or args) is walked with them. */
  private followCall(call: Node, narrowing: Narrowing | undefined): void {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'identifier') return;
    const args = argumentsOf(call);
    const eventAt = this.event ? args.findIndex((a) => a.text === this.event) : -1;
    const argsAt = this.args ? args.findIndex((a) => a.text === this.args) : -1;
    if (eventAt < 0 && argsAt < 0) return;
    this.handOffs.followedCalls.add(call.startIndex);
    if (narrowing?.events?.length === 0) return;
    const def = findFunction(this.handOffs.root, fn.text);
    const path = this.reach?.path ?? [];
    if (!def || def.startIndex === this.def.startIndex || path.includes(def.startIndex) || path.length >= MAX_HANDOFF_DEPTH) return;
    const key = `${def.startIndex}|${eventAt}|${argsAt}|${narrowingKey(narrowing)}`;
    if (this.handOffs.walked.has(key)) return;
    this.handOffs.walked.add(key);
    this.handOffs.reached.set(def.startIndex, fn.text);
    const origin = this.reach?.origin ?? { call: call.text.replace(/\s+/g, ' ').slice(0, 60), range: this.map.range(call) };
    const reach: CReach = { event: eventAt < 0 ? null : eventAt, args: argsAt < 0 ? null : argsAt, narrowing, path: [...path, def.startIndex], origin };
    const walked = new CHookAnalyzer(def, this.registration, this.map, this.hookIndex, this.model, this.handOffs, reach).walkHelper();
    this.handedOff.push(...walked.blocks);
    this.handOffs.added.push({ path: reach.path, mentions: walked.mentions, blocks: [{ hook: null, list: walked.blocks }] });
  }

  hook(): Hook {
    const body = this.def.childForFieldName('body');
    if (body) this.visitStatement(body, undefined);
    let nameNode = this.def.childForFieldName('declarator');
    while (nameNode && nameNode.type !== 'identifier') nameNode = nameNode.childForFieldName('declarator');
    return {
      kind: 'def',
      name: nameNode?.text ?? 'hook',
      nameRange: this.map.range(nameNode ?? this.def),
      range: this.map.range(this.def),
      registrations: [this.map.range(this.registration)],
      params: this.params,
      eventParam: this.event,
      argsParam: this.args,
      signatureProblem: null, // the C compiler checks the signature
      blocks: [...this.blocks.all.filter((b) => b.argsUses.length > 0 || b.events.length > 0 || b.prefixes.length > 0), ...this.handedOff],
    };
  }

  private visitStatement(node: Node, narrowing: Narrowing | undefined): boolean {
    if (this.depth > MAX_NESTING) return false;
    this.depth++;
    try {
      switch (node.type) {
        case 'compound_statement': {
          let current = narrowing;
          for (const stmt of node.namedChildren) {
            if (!stmt) continue;
            const exits = this.visitStatement(stmt, current);
            if (exits) return true;
            if (stmt.type === 'if_statement' && !stmt.childForFieldName('alternative')) {
              const consequence = stmt.childForFieldName('consequence');
              const cond = stmt.childForFieldName('condition');
              if (consequence && cond && exitsAlways(consequence)) {
                const whenFalse = this.condition(cond).whenFalse;
                if (whenFalse) {
                  current = intersect(current, whenFalse);
                  const rest = stmt.nextNamedSibling;
                  if (rest && current) this.blocks.open(current, this.map.span(rest, node));
                }
              }
            }
          }
          return false;
        }
        case 'if_statement': {
          const cond = node.childForFieldName('condition');
          const facts = cond ? this.condition(cond) : {};
          if (cond) this.visitExpression(cond, narrowing);
          const consequence = node.childForFieldName('consequence');
          const inner = intersect(narrowing, facts.whenTrue);
          if (consequence) {
            if (inner && inner !== narrowing) this.blocks.open(inner, this.map.range(consequence));
            this.visitStatement(consequence, inner);
          }
          const alternative = node.childForFieldName('alternative');
          const other = alternative?.namedChildren.find((c) => !!c);
          if (other) {
            const elseNarrowing = intersect(narrowing, facts.whenFalse);
            if (elseNarrowing && elseNarrowing !== narrowing) this.blocks.open(elseNarrowing, this.map.range(other));
            this.visitStatement(other, elseNarrowing);
          }
          return false;
        }
        case 'return_statement':
          for (const c of node.namedChildren) if (c) this.visitExpression(c, narrowing);
          return true;
        default:
          for (const c of node.namedChildren) {
            if (!c) continue;
            if (c.type.endsWith('_statement')) this.visitStatement(c, narrowing);
            else this.visitExpression(c, narrowing);
          }
          return false;
      }
    } finally {
      this.depth--;
    }
  }

  private visitExpression(node: Node, narrowing: Narrowing | undefined): void {
    if (this.depth > MAX_NESTING) return;
    this.depth++;
    try {
      if (node.type === 'call_expression') this.recordCall(node, narrowing);
      for (const c of node.namedChildren) if (c) this.visitExpression(c, narrowing);
    } finally {
      this.depth--;
    }
  }

  private recordCall(call: Node, narrowing: Narrowing | undefined): void {
    const fn = call.childForFieldName('function')?.text;
    const args = argumentsOf(call);
    const test = this.stringTest(call);
    if (test) {
      this.mention(test.prefix ? 'prefix' : 'compare', test.name);
      return;
    }
    this.followCall(call, narrowing);
    if ((fn === 'PyTuple_GET_ITEM' || fn === 'PyTuple_GetItem') && narrowing && args[0]?.text === this.args && args[1]?.type === 'number_literal') {
      const index = Number(args[1].text.replace(/[uUlL]+$/, ''));
      if (Number.isSafeInteger(index)) this.blocks.addUse(narrowing, { kind: 'index', range: this.map.range(call), index, expression: call.text });
    }
  }

  /** strcmp(event, "x") / strcmp("x", event) / strncmp(event, "os.", 3): the name tested. */
  private stringTest(call: Node): { name: EventName; prefix: boolean } | null {
    const fn = call.childForFieldName('function')?.text;
    if (fn !== 'strcmp' && fn !== 'strncmp') return null;
    const [a, b] = argumentsOf(call);
    const [ev, lit] = a?.text === this.event ? [a, b] : b?.text === this.event ? [b, a] : [null, null];
    if (!ev || !lit) return null;
    const s = cString(lit, this.map);
    return s ? { name: s.name, prefix: fn === 'strncmp' } : null;
  }

  private condition(node: Node): { whenTrue?: Narrowing; whenFalse?: Narrowing } {
    if (this.depth > MAX_NESTING) return {};
    this.depth++;
    try {
      if (node.type === 'parenthesized_expression') {
        const inner = node.namedChildren.find((c) => !!c);
        return inner ? this.condition(inner) : {};
      }
      if (node.type === 'unary_expression' && node.childForFieldName('operator')?.type === '!') {
        const arg = node.childForFieldName('argument');
        const f = arg ? this.condition(arg) : {};
        return { whenTrue: f.whenFalse, whenFalse: f.whenTrue };
      }
      if (node.type === 'call_expression') {
        // strcmp(...) alone is true when the strings differ.
        const t = this.stringTest(node);
        if (!t) return {};
        const n = this.narrowing(t);
        return { whenFalse: n };
      }
      if (node.type === 'binary_expression') {
        const op = node.childForFieldName('operator')?.type;
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (!left || !right) return {};
        if (op === '&&' || op === '||') {
          const l = this.condition(left);
          const r = this.condition(right);
          return op === '&&'
            ? { whenTrue: intersect(l.whenTrue, r.whenTrue), whenFalse: union(l.whenFalse, r.whenFalse) }
            : { whenTrue: union(l.whenTrue, r.whenTrue), whenFalse: intersect(l.whenFalse, r.whenFalse) };
        }
        if (op === '==' || op === '!=') {
          const [call, zero] = left.type === 'call_expression' ? [left, right] : [right, left];
          if (zero.text !== '0' || call.type !== 'call_expression') return {};
          const t = this.stringTest(call);
          if (!t) return {};
          const n = this.narrowing(t);
          return op === '==' ? { whenTrue: n } : { whenFalse: n };
        }
      }
      return {};
    } finally {
      this.depth--;
    }
  }

  private narrowing(t: { name: EventName; prefix: boolean }): Narrowing {
    return t.prefix ? { events: null, prefixes: [t.name] } : { events: [t.name], prefixes: [] };
  }

  private mention(role: MentionRole, name: EventName): void {
    const m: EventMention = { role, name, hook: this.hookIndex, raiseSite: null };
    this.model.mentions.push(m);
    this.mentioned.push(m);
  }
}

function narrowingKey(n: Narrowing | undefined): string {
  if (!n) return '*';
  const names = (list: EventName[]) => [...new Set(list.map((e) => e.value))].sort().join(',');
  return `${n.events ? names(n.events) : '*'}|${names(n.prefixes)}|${n.versions ?? ''}`;
}

function exitsAlways(node: Node): boolean {
  if (node.type === 'return_statement' || node.type === 'goto_statement' || node.type === 'break_statement' || node.type === 'continue_statement') return true;
  if (node.type === 'compound_statement') {
    const stmts = node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    const last = stmts[stmts.length - 1];
    return !!last && exitsAlways(last);
  }
  return false;
}
