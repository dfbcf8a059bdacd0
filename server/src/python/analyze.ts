import type { Reparser } from '../parsing/parser';
import { hookShapeCandidates, mayHoldHookShape, mentionsAudit } from '../parsing/prefilter';
import type { Node, Tree } from '../parsing/treeSitter';
import {
  emptyModel,
  type CallArgument,
  type DocumentModel,
  type EventName,
  type Hook,
  type HookSignatureProblem,
  type Listener,
  type Parameter,
  type RaiseSite,
  type Range,
  positionalShape,
  decodeHandOffTarget,
  type HandOffTarget,
} from '../model';
import { eventName } from './eventNames';
import { HookBodyAnalyzer, type HandOffCall } from './hookBody';
import { HandOffFollower, helpersUsedElsewhere, narrowingFrom, type HandOffContribution } from './handoff';
import { enclosingVersions, versionNames } from './versionConditions';
import { hookShapedFunctions } from './hookShape';
import { readParameters } from './params';
import { repairUnterminatedStrings } from './repair';
import { AUDIT_MODULES, enclosingClass, findBinding, findMethod, ModuleScope } from './scope';
import { dottedName, literalKind, namedChildren, unparenthesize } from './syntax';
import { PositionMap } from '../parsing/positions';
import { readSuppressions } from '../parsing/suppressions';

export interface PythonAnalysisOptions {
  /** Top-level functions of this file that another workspace file registers as audit hooks. */
  externalHooks?: ReadonlySet<string>;
  /** Parses a repaired copy of the text (unterminated strings closed) and frees it after. */
  reparser?: Reparser;
  /** When the text is an excerpt of a file: the file's row of each of its rows. */
  rowOf?: (row: number) => number;
  /**
   * Callables whose first argument is an audit hook, as dotted names (`agentkit.sandbox.watch`,
   * `_native.set_callback`): the `hookRegistrars` setting, for registering code that lives
   * outside the workspace or in C.
   */
  hookRegistrars?: readonly string[];
}

const LISTENER_APIS = new Set(['listening', 'subscribe', 'extracting']);

/**
 * Builds the document model of a Python file from its syntax tree (SPEC §3). Looks only where
 * an audit API can be: a cheap text search finds the candidate calls, and the tree decides.
 */
export function analyzePython(text: string, tree: Tree, options: PythonAnalysisOptions = {}): DocumentModel {
  const external = options.externalHooks ?? new Set<string>();
  const registrars = options.hookRegistrars ?? [];
  const namesRegistrar = registrars.some((r) => text.includes(r.slice(r.lastIndexOf('.') + 1)));
  if (!mentionsAudit(text) && external.size === 0 && !namesRegistrar && !mayHoldHookShape(text)) return emptyModel('python');

  const repair = options.reparser ? repairUnterminatedStrings(text, tree) : null;
  const repairedTree = repair && options.reparser ? options.reparser.parse('python', repair.text) : null;
  try {
    const map = (repair?.map ?? new PositionMap()).withRows(options.rowOf ?? ((row) => row));
    const analysis = new PythonAnalysis(repair?.text ?? text, repairedTree ?? tree, map, external, new Set(registrars));
    return analysis.run();
  } finally {
    if (repairedTree) options.reparser?.release(repairedTree);
  }
}

interface HookTarget {
  kind: Hook['kind'];
  node: Node; // function_definition or lambda
  name: string;
  bound: boolean; // the first parameter is bound (self/cls)
  inferred?: boolean; // registered nowhere: shaped like a hook
}

class PythonAnalysis {
  private readonly model = emptyModel('python');
  private readonly scope: ModuleScope;
  private readonly hooksByNode = new Map<number, Hook>();
  private readonly hookTargets: { target: HookTarget; registration: Node | null }[] = [];
  /** The `sys.version_info` tests around raise sites: what their versions depend on. */
  private readonly versionTests: Node[] = [];

  constructor(
    private readonly text: string,
    private readonly tree: Tree,
    private readonly map: PositionMap,
    private readonly external: ReadonlySet<string>,
    private readonly registrars: ReadonlySet<string>,
  ) {
    this.scope = new ModuleScope(tree, text);
  }

  /** Functions of this file that pass one of their parameters to addaudithook: its position. */
  private readonly wrappers = new Map<string, number>();
  /** Functions of this file that hooks of other files hand their event/args to. */
  private readonly handOffTargets: HandOffTarget[] = [];
  /** The calls each hook's walk saw handing the event/args on. */
  private readonly handOffCalls = new Map<Hook, HandOffCall[]>();
  /** Module-level collections already reported by a hook: their mentions are shared. */
  private readonly seenCollections = new Set<number>();

  run(): DocumentModel {
    for (const call of this.candidateCalls()) this.classifyCall(call);
    for (const call of this.callsNamed([...this.wrappers.keys(), ...[...this.registrars].map((r) => r.slice(r.lastIndexOf('.') + 1))])) {
      this.wrapperCall(call);
    }
    for (const entry of this.external) {
      const target = decodeHandOffTarget(entry);
      if (target) {
        this.handOffTargets.push(target);
        continue;
      }
      const name = entry;
      const fn = this.scope.functionNamed(name);
      if (fn) this.hookTargets.push({ target: { kind: 'imported', node: fn, name, bound: false }, registration: null });
    }
    const targeted = new Set(this.hookTargets.map((t) => t.target.node.startIndex));
    // A function hooks of other files hand their event/args to is their helper, not a hook.
    for (const t of this.handOffTargets) {
      const fn = this.scope.functionNamed(t.name);
      if (fn) targeted.add(fn.startIndex);
    }
    for (const shaped of hookShapedFunctions(this.tree.rootNode, hookShapeCandidates(this.text), targeted)) {
      const name = shaped.node.childForFieldName('name')?.text ?? 'hook';
      this.hookTargets.push({ target: { kind: shaped.bound ? 'method' : 'def', node: shaped.node, name, bound: shaped.bound, inferred: true }, registration: null });
    }
    this.buildHooks();
    this.model.hookWrappers = [...this.wrappers].map(([name, position]) => ({ name, position }));
    const helpers = this.followHandOffs();
    for (const [local, binding] of this.scope.imports) {
      if (binding.kind === 'module' && binding.module === 'sys') this.model.sysAlias = local;
    }
    this.model.dependencies = [...this.scope.consulted, ...this.versionTests, ...helpers].map((n) => this.map.range(n));
    this.model.suppressions = readSuppressions(this.text, this.tree, (row, column) => this.map.position(row, column));
    this.model.mentions.sort((a, b) => a.name.range.start.line - b.name.range.start.line || a.name.range.start.character - b.name.range.start.character);
    return this.model;
  }

  /**
   * Calls that can be audit APIs: those around an occurrence of 'audit' (sys.audit, s.audit,
   * addaudithook, subaudit.*) and around names imported from an audit module under another
   * name (`from sys import audit as emit`, `from subaudit import listening`).
   */
  private candidateCalls(): Node[] {
    const found = new Map<number, Node>();
    const root = this.tree.rootNode;
    const visit = (index: number) => {
      const leaf = root.descendantForIndex(index);
      if (!leaf) return;
      const call = enclosingCallOf(leaf);
      if (call) found.set(call.startIndex, call);
      else this.brokenRaiseSite(leaf);
    };
    for (let i = this.text.indexOf('audit'); i >= 0; i = this.text.indexOf('audit', i + 5)) visit(i);
    for (const [local, binding] of this.scope.imports) {
      if (binding.kind !== 'member' || !AUDIT_MODULES.has(binding.module) || local.includes('audit')) continue;
      const re = new RegExp(`\\b${escapeRegExp(local)}\\s*\\(`, 'g');
      for (let m = re.exec(this.text); m; m = re.exec(this.text)) visit(m.index);
    }
    return [...found.values()].sort((a, b) => a.startIndex - b.startIndex);
  }

  /** Calls whose callee ends in one of the names (`install(...)`, `sandbox.watch(...)`). */
  private callsNamed(names: string[]): Node[] {
    const found = new Map<number, Node>();
    for (const name of new Set(names)) {
      const re = new RegExp(`\\b${escapeRegExp(name)}\\s*\\(`, 'g');
      for (let m = re.exec(this.text); m; m = re.exec(this.text)) {
        const leaf = this.tree.rootNode.descendantForIndex(m.index);
        const call = leaf ? enclosingCallOf(leaf) : null;
        if (call) found.set(call.startIndex, call);
      }
    }
    return [...found.values()].sort((a, b) => a.startIndex - b.startIndex);
  }

  /**
   * A call that registers its argument without naming addaudithook: a wrapper of this file
   * (`def enable(hook): sys.addaudithook(hook)`, then `enable(_on_event)`), or a callable the
   * `hookRegistrars` setting names.
   */
  private wrapperCall(call: Node): void {
    const fn = call.childForFieldName('function');
    if (!fn) return;
    if (fn.type === 'identifier' && this.wrappers.has(fn.text) && findBinding(call, fn.text, this.scope)?.kind === 'function') {
      this.registration(call, this.wrappers.get(fn.text)!);
      return;
    }
    const q = this.scope.qualify(fn);
    const dotted = dottedName(unparenthesize(fn))?.join('.');
    if ((q && this.registrars.has(`${q.module}.${q.member}`)) || (dotted && this.registrars.has(dotted))) this.registration(call);
  }

  private classifyCall(call: Node): void {
    const fn = call.childForFieldName('function');
    if (!fn) return;
    const q = this.scope.qualify(fn);
    if (!q || !AUDIT_MODULES.has(q.module)) return;
    if (q.member === 'audit') this.raiseSite(call, fn, q.module);
    else if (q.member === 'addaudithook') this.registration(call);
    else if (q.module === 'subaudit' && LISTENER_APIS.has(q.member)) this.listener(call, q.member as Listener['api']);
  }

  // ---- raise sites ------------------------------------------------------------------------

  private raiseSite(call: Node, callee: Node, module: string): void {
    const argList = call.childForFieldName('arguments');
    if (!argList || argList.type !== 'argument_list') return;
    const positional: Node[] = [];
    const args: CallArgument[] = [];
    const keywordArgs: RaiseSite['keywordArgs'] = [];
    let atLeast = false;
    for (const a of namedChildren(argList)) {
      if (a.type === 'keyword_argument') {
        const name = a.childForFieldName('name');
        keywordArgs.push({ name: name?.text ?? '', range: this.map.range(a) });
      } else if (a.type === 'dictionary_splat') {
        // `**kw` may be empty, and then CPython accepts it: nothing to say.
      } else if (a.type === 'list_splat') {
        atLeast = true;
        if (positional.length > 0) args.push({ range: this.map.range(a), starred: true, label: null });
        else positional.push(a);
      } else {
        if (positional.length > 0) args.push({ range: this.map.range(a), starred: false, label: argumentLabel(a) });
        positional.push(a);
      }
    }
    const first = positional[0];
    let event: EventName | null = null;
    let eventArgument: RaiseSite['eventArgument'] = null;
    if (first && first.type !== 'list_splat') {
      event = this.eventNameOf(first);
      eventArgument = { range: this.map.range(first), kind: literalKind(unparenthesize(first)) };
    }
    const index = this.model.raiseSites.length;
    this.model.raiseSites.push({
      language: 'python',
      api: `${module}.audit`,
      range: this.map.range(call),
      calleeRange: this.map.range(callee),
      argumentsRange: this.map.range(argList),
      event,
      eventArgument,
      args,
      arity: first && first.type === 'list_splat' ? null : { count: args.filter((a) => !a.starred).length, atLeast },
      keywordArgs,
      ...this.versionsOf(call),
    });
    if (event) this.model.mentions.push({ role: 'raise', name: event, hook: null, raiseSite: index });
  }

  /** The versions `sys.version_info` tests around a node let it run under (absent: any). */
  private versionsOf(node: Node): { versions?: string[] } {
    const conditions: Node[] = [];
    const mask = enclosingVersions(node, this.scope, conditions);
    this.versionTests.push(...conditions);
    return mask === undefined ? {} : { versions: versionNames(mask) };
  }

  /**
   * `sys.audit("os.re` while typing: no call node exists yet, but the callee is followed by a
   * string inside an ERROR node. Recorded as a mention so completion and hover still work.
   */
  private brokenRaiseSite(leaf: Node): void {
    let callee: Node = leaf;
    while (callee.parent && callee.parent.type === 'attribute') callee = callee.parent;
    if (callee.type !== 'attribute' && callee.type !== 'identifier') return;
    if (!callee.parent || !callee.parent.hasError) return;
    const q = this.scope.qualify(callee);
    if (!q || q.member !== 'audit' || !AUDIT_MODULES.has(q.module)) return;
    let next = callee.nextNamedSibling;
    while (next && next.type === 'ERROR' && next.namedChildCount > 0) next = next.firstNamedChild;
    if (!next || (next.type !== 'string' && next.type !== 'concatenated_string')) return;
    const name = this.eventNameOf(next);
    if (name) this.model.mentions.push({ role: 'raise', name, hook: null, raiseSite: null });
  }

  private eventNameOf(node: Node): EventName | null {
    return eventName(node, this.scope, this.map);
  }

  // ---- hooks ------------------------------------------------------------------------------

  private registration(call: Node, position = 0): void {
    const argList = call.childForFieldName('arguments');
    const arg = argList ? namedChildren(argList).filter((a) => a.type !== 'keyword_argument')[position] : undefined;
    if (!arg) return;
    const wrapped = this.wrappedParameter(unparenthesize(arg));
    if (wrapped) {
      this.wrappers.set(wrapped.function, wrapped.position);
      return;
    }
    const target = this.resolveCallable(unparenthesize(arg), call);
    if (target && 'external' in target) {
      this.model.importedHooks.push({ ...target.external, registration: this.map.range(call) });
    } else if (target) {
      this.hookTargets.push({ target, registration: call });
    }
  }

  /** `def install(cb): sys.addaudithook(cb)` at module level: install registers its parameter. */
  private wrappedParameter(arg: Node): { function: string; position: number } | null {
    if (arg.type !== 'identifier') return null;
    let fn: Node | null = arg.parent;
    while (fn && fn.type !== 'function_definition' && fn.type !== 'lambda' && fn.type !== 'class_definition') fn = fn.parent;
    if (!fn || fn.type !== 'function_definition' || fn.parent?.type !== 'module') return null;
    const name = fn.childForFieldName('name')?.text;
    const params = readParameters(fn, this.map).filter((p) => p.kind === 'positional');
    const position = params.findIndex((p) => p.name === arg.text);
    return name && position >= 0 ? { function: name, position } : null;
  }

  /** What a callable expression passed to addaudithook stands for. */
  private resolveCallable(
    expr: Node,
    at: Node,
  ): HookTarget | { external: { module: string; level: number; name: string } } | null {
    if (expr.type === 'lambda') return { kind: 'lambda', node: expr, name: 'lambda', bound: false };
    if (expr.type === 'identifier') {
      const binding = findBinding(at, expr.text, this.scope);
      const imported = this.scope.imports.get(expr.text);
      if (!binding && imported?.kind === 'member') {
        return { external: { module: imported.module, level: imported.level, name: imported.member } };
      }
      if (!binding) return null;
      if (binding.kind === 'function') return { kind: 'def', node: binding.node, name: expr.text, bound: false };
      if (binding.kind === 'value') {
        const value = unparenthesize(binding.node);
        if (value.type === 'lambda') return { kind: 'lambda', node: value, name: expr.text, bound: false };
        if (value.type === 'call') return this.callableInstance(value, at);
      }
      return null;
    }
    if (expr.type === 'call') return this.callableInstance(expr, at);
    if (expr.type === 'attribute') {
      const obj = expr.childForFieldName('object');
      const attr = expr.childForFieldName('attribute')?.text;
      if (!obj || !attr) return null;
      if (obj.type === 'identifier' && (obj.text === 'self' || obj.text === 'cls')) {
        const cls = enclosingClass(at);
        const m = cls ? findMethod(cls, attr) : null;
        if (!m) return null;
        const isStatic = m.decorators.includes('staticmethod');
        return { kind: 'method', node: m.def, name: attr, bound: !isStatic };
      }
      if (obj.type === 'identifier') {
        const binding = findBinding(at, obj.text, this.scope);
        if (binding?.kind === 'class') {
          const m = findMethod(binding.node, attr);
          if (!m) return null;
          // Cls.method is a plain function unless it is a classmethod.
          return { kind: 'method', node: m.def, name: attr, bound: m.decorators.includes('classmethod') };
        }
        const q = this.scope.qualify(expr);
        if (q && !AUDIT_MODULES.has(q.module)) return { external: { module: q.module, level: q.level, name: q.member } };
      }
    }
    return null;
  }

  /** `Auditor()` where class Auditor defines __call__: the instance is the hook. */
  private callableInstance(call: Node, at: Node): HookTarget | null {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'identifier') return null;
    const binding = findBinding(at, fn.text, this.scope);
    if (binding?.kind !== 'class') return null;
    const m = findMethod(binding.node, '__call__');
    return m ? { kind: 'call-instance', node: m.def, name: `${fn.text}.__call__`, bound: !m.decorators.includes('staticmethod') } : null;
  }

  private buildHooks(): void {
    const seenCollections = this.seenCollections;
    for (const { target, registration } of this.hookTargets) {
      const existing = this.hooksByNode.get(target.node.startIndex);
      if (existing) {
        if (registration) existing.registrations.push(this.map.range(registration));
        continue;
      }
      const hook = this.buildHook(target, registration, seenCollections);
      this.hooksByNode.set(target.node.startIndex, hook);
      this.model.hooks.push(hook);
    }
  }

  private buildHook(target: HookTarget, registration: Node | null, seenCollections: Set<number>): Hook {
    const all = readParameters(target.node, this.map);
    const params = target.bound ? dropFirstPositional(all) : all;
    const positional = params.filter((p) => p.kind === 'positional');
    const variadic = params.find((p) => p.kind === 'var-positional');
    const problem = signatureProblem(params);

    let eventParam: string | null = positional[0]?.name ?? null;
    let argsParam: string | null = positional[1]?.name ?? null;
    let packed: string | null = null;
    if (positional.length === 0 && variadic) {
      packed = variadic.name; // def hook(*a): a == (event, args)
      eventParam = null;
    }
    if (problem?.kind === 'nested-args' || problem?.kind === 'too-few') argsParam = null;

    const nameNode =
      target.node.type === 'lambda' ? target.node.child(0) ?? target.node : target.node.childForFieldName('name') ?? target.node;
    const hookIndex = this.model.hooks.length;
    const analyzer = new HookBodyAnalyzer(this.scope, this.map, { event: eventParam, args: argsParam, packed }, seenCollections);
    const body = target.node.childForFieldName('body');
    let result = body
      ? target.node.type === 'lambda'
        ? analyzer.analyzeExpression(body)
        : analyzer.analyzeFunctionBody(body)
      : { blocks: [], mentions: [], argumentTables: [] };
    // A def whose body the user is still typing: its half-parsed statements sit in ERROR
    // children of the def rather than in its body.
    for (const child of namedChildren(target.node)) {
      if (child.type === 'ERROR') result = analyzer.analyzeExpression(child);
    }
    for (const m of result.mentions) this.model.mentions.push({ ...m, hook: hookIndex });
    this.model.argumentTables.push(...result.argumentTables);

    const hook: Hook = {
      kind: target.kind,
      name: target.name,
      nameRange: this.map.range(nameNode),
      range: this.map.range(target.node),
      registrations: registration ? [this.map.range(registration)] : [],
      ...(target.inferred ? { inferred: true } : {}),
      params,
      eventParam: eventParam ?? (packed ? `${packed}[0]` : null),
      argsParam: argsParam ?? (packed ? `${packed}[1]` : null),
      signatureProblem: problem,
      blocks: result.blocks,
    };
    this.handOffCalls.set(hook, analyzer.handOffCalls);
    return hook;
  }

  // ---- hand-offs (issue 12 §1) ------------------------------------------------------------

  /**
   * Follows each hook's event/args into the helpers it calls, and walks this file's functions
   * that hooks of other files hand off to. A hook-shaped function that a registered hook reaches
   * is that hook's helper: its own (inferred) hook entry gives way to the hand-off's walk. Returns
   * the helpers walked: the model depends on their text.
   */
  private followHandOffs(): Node[] {
    const standing = (def: Node) => {
      const h = this.hooksByNode.get(def.startIndex);
      return h ? (h.inferred ? 'inferred' : 'registered') : null;
    };
    const follower = new HandOffFollower(this.scope, this.map, this.seenCollections, standing);
    const reaching: { hook: Hook; contribution: HandOffContribution }[] = [];
    const ordered = [...this.model.hooks.filter((h) => !h.inferred), ...this.model.hooks.filter((h) => h.inferred)];
    for (const hook of ordered) {
      for (const contribution of follower.followHook(this.handOffCalls.get(hook) ?? [], !!hook.inferred)) reaching.push({ hook, contribution });
    }
    const targets = new Map<number, Hook>();
    for (const t of this.handOffTargets) {
      const def = this.scope.functionNamed(t.name);
      if (!def || this.hooksByNode.has(def.startIndex)) continue;
      let hook = targets.get(def.startIndex);
      if (!hook) {
        const nameNode = def.childForFieldName('name') ?? def;
        hook = {
          kind: 'def',
          name: t.name,
          nameRange: this.map.range(nameNode),
          range: this.map.range(def),
          registrations: [],
          params: readParameters(def, this.map),
          eventParam: null,
          argsParam: null,
          signatureProblem: null,
          blocks: [],
          handOffTarget: true,
        };
        targets.set(def.startIndex, hook);
        this.model.hooks.push(hook);
      }
      const narrowing = narrowingFrom(t.events, t.prefixes, t.versions, hook.nameRange);
      for (const contribution of follower.followTarget(def, t.event, t.args, narrowing, !!t.guarded, t.origin)) reaching.push({ hook, contribution });
    }
    if (reaching.length === 0) return [];

    const elsewhere = helpersUsedElsewhere(this.tree.rootNode, this.text, follower.reached.values(), follower.followedCalls);
    const kept = reaching.filter((r) => !r.contribution.through.some((id) => elsewhere.has(id)));
    // Inferred hooks that a registered hook (or another file's) reaches: helpers, walked in context.
    const absorbedBy = new Map<Hook, Hook>();
    for (const { hook, contribution } of kept) {
      if (hook.inferred) continue;
      const last = contribution.through[contribution.through.length - 1];
      const absorbed = last === undefined ? undefined : this.hooksByNode.get(last);
      if (absorbed?.inferred && !absorbedBy.has(absorbed)) absorbedBy.set(absorbed, hook);
    }
    const before = this.model.hooks;
    this.model.hooks = before.filter((h) => !absorbedBy.has(h));
    const indexOf = new Map(this.model.hooks.map((h, i) => [h, i]));
    for (const m of this.model.mentions) {
      if (m.hook === null) continue;
      const h = before[m.hook];
      m.hook = indexOf.get(absorbedBy.get(h) ?? h) ?? null;
    }
    const seen = new Set([...this.model.mentions.map(mentionKey), ...this.model.argumentTables.map((t) => `table:${rangeKey(t.range)}`)]);
    for (const { hook, contribution } of kept) {
      const index = indexOf.get(hook);
      if (index === undefined) continue; // an absorbed hook's own reach: the reacher's walk covers it
      hook.blocks.push(...contribution.blocks);
      for (const m of contribution.mentions) {
        const key = mentionKey(m);
        if (seen.has(key)) continue;
        seen.add(key);
        this.model.mentions.push({ ...m, hook: index });
      }
      for (const t of contribution.argumentTables) {
        // A helper walked for several call sites holds its tables once.
        const key = `table:${rangeKey(t.range)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        this.model.argumentTables.push(t);
      }
      this.model.handOffs.push(...contribution.handOffs);
    }
    return [...follower.reached.values()].filter((h) => !elsewhere.has(h.def.startIndex)).map((h) => h.def);
  }

  // ---- subaudit listeners -----------------------------------------------------------------

  private listener(call: Node, api: Listener['api']): void {
    const argList = call.childForFieldName('arguments');
    if (!argList) return;
    const [eventArg, callbackArg] = namedChildren(argList).filter((a) => a.type !== 'keyword_argument');
    const event = eventArg ? this.eventNameOf(eventArg) : null;
    if (event) this.model.mentions.push({ role: 'listener', name: event, hook: null, raiseSite: null });
    if (!callbackArg) return;
    const cb = unparenthesize(callbackArg);
    let callback: Listener['callback'] = null;
    if (cb.type === 'lambda') {
      callback = { kind: 'lambda', name: 'lambda', nameRange: this.map.range(cb), params: readParameters(cb, this.map) };
    } else if (cb.type === 'identifier') {
      const binding = findBinding(call, cb.text, this.scope);
      if (binding?.kind === 'function') {
        const nameNode = binding.node.childForFieldName('name') ?? binding.node;
        callback = { kind: 'def', name: cb.text, nameRange: this.map.range(nameNode), params: readParameters(binding.node, this.map) };
      }
    }
    this.model.listeners.push({ api, event, callRange: this.map.range(call), callbackRange: this.map.range(cb), callback });
  }
}

function mentionKey(m: { role: string; name: { range: Range } }): string {
  return `${m.role}:${rangeKey(m.name.range)}`;
}

function rangeKey(r: Range): string {
  return `${r.start.line}:${r.start.character}:${r.end.line}:${r.end.character}`;
}

function enclosingCallOf(leaf: Node): Node | null {
  // The occurrence must sit in the callee (sys.audit / audit / s.addaudithook), not in an argument.
  let n: Node | null = leaf;
  while (n && (n.type === 'identifier' || n.type === 'attribute')) {
    const parent: Node | null = n.parent;
    if (parent?.type === 'call' && parent.childForFieldName('function')?.startIndex === n.startIndex) return parent;
    n = parent;
  }
  return null;
}

function dropFirstPositional(params: Parameter[]): Parameter[] {
  const i = params.findIndex((p) => p.kind === 'positional');
  if (i < 0 || params.slice(0, i).some((p) => p.kind === 'var-positional')) return params;
  return [...params.slice(0, i), ...params.slice(i + 1)];
}

/** Can the hook be called as hook(event, args)? (SPEC §4 hook-signature) */
function signatureProblem(params: Parameter[]): HookSignatureProblem | null {
  const shape = positionalShape(params);
  if (!shape.variadic && shape.max < 2) return { kind: 'too-few', positional: shape.max };
  if (shape.required > 2) return { kind: 'too-many-required', required: shape.required };
  if (shape.requiredKeywordOnly.length > 0) return { kind: 'required-keyword-only', names: shape.requiredKeywordOnly };
  if (shape.variadic && shape.max === 1) return { kind: 'nested-args' };
  return null;
}

function argumentLabel(node: Node): string | null {
  const n = unparenthesize(node);
  if (n.type === 'identifier') return n.text;
  if (n.type === 'attribute') return n.childForFieldName('attribute')?.text ?? null;
  return null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
