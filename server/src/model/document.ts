// The plain data model of one document, built once per document version by the analysis
// (python/analyze.ts, c/analyze.ts). Features read it; none of them looks at the syntax tree.
// Positions are LSP positions: zero-based lines and UTF-16 code-unit columns.

import type { ArgumentUse } from './argumentUses';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type SourceLanguage = 'python' | 'c';

/** An expression that names an event: a string literal, or a module constant bound to one. */
export interface EventName {
  value: string;
  /** The whole expression: the literal with its quotes, or the constant's identifier. */
  range: Range;
  /** Inside the quotes of a single plain literal: what completion replaces. Null otherwise. */
  contentRange: Range | null;
  via: 'literal' | 'constant';
}

/** Where an event name is used; completion, hover and navigation start from these. */
export type MentionRole =
  | 'raise' // sys.audit("x", ...) / PySys_Audit("x", ...)
  | 'compare' // event == "x", event in ("x", ...), also inside collections a hook tests
  | 'case' // match event: case "x":
  | 'prefix' // event.startswith("os.")
  | 'collection' // an element of a set/list/tuple or a dict key that a hook tests event against
  | 'module' // event.split(".")[0] == "socket": the module part of the name
  | 'listener'; // subaudit.listening("x", f)

export interface EventMention {
  role: MentionRole;
  name: EventName;
  /** Index into DocumentModel.hooks for mentions inside (or used by) a hook. */
  hook: number | null;
  /** Index into DocumentModel.raiseSites for role 'raise'. */
  raiseSite: number | null;
  /** The Python versions (`3.X`) its `sys.version_info` tests let it run under; absent: any. */
  versions?: string[];
}

export interface CallArgument {
  range: Range;
  starred: boolean;
  /** The argument's name when it is a plain name (`user`, `self.path` -> `path`): names custom events. */
  label: string | null;
}

export type EventArgumentKind = 'string' | 'bytes' | 'number' | 'none' | 'bool' | 'dynamic';

/** sys.audit(...) in Python, PySys_Audit(...) and friends in C. */
export interface RaiseSite {
  language: SourceLanguage;
  api: string;
  range: Range;
  calleeRange: Range;
  /** From the opening to the closing parenthesis, for signature help. */
  argumentsRange: Range;
  /** The event when it is a string literal or a constant bound to one; null when dynamic. */
  event: EventName | null;
  eventArgument: { range: Range; kind: EventArgumentKind } | null;
  /** The arguments after the event (Python); empty for C, whose count comes from the format. */
  args: CallArgument[];
  /** How many arguments the event is raised with; null when that cannot be known. */
  arity: { count: number; atLeast: boolean } | null;
  keywordArgs: { name: string; range: Range }[];
  /** The Python versions (`3.X`) its `sys.version_info` tests let it run under; absent: any. */
  versions?: string[];
}

export interface Parameter {
  name: string;
  range: Range;
  kind: 'positional' | 'var-positional' | 'keyword-only' | 'var-keyword';
  hasDefault: boolean;
}

export type HookSignatureProblem =
  | { kind: 'too-few'; positional: number }
  | { kind: 'too-many-required'; required: number }
  | { kind: 'required-keyword-only'; names: string[] }
  | { kind: 'nested-args' }; // def hook(event, *args): legal, but args arrives inside a tuple

export interface Hook {
  kind: 'def' | 'lambda' | 'method' | 'call-instance' | 'imported';
  name: string;
  /** The def's name, or the lambda keyword. */
  nameRange: Range;
  range: Range;
  /** The registering calls in this document (none for a hook registered from another file). */
  registrations: Range[];
  /**
   * Nothing registers it: its first two parameters are used as an event name and an args tuple
   * (issue 12 §2). Diagnosed only where the names it compares look like audit events.
   */
  inferred?: boolean;
  /** Parameters as the hook receives them: a bound method's self is left out. */
  params: Parameter[];
  eventParam: string | null;
  argsParam: string | null;
  signatureProblem: HookSignatureProblem | null;
  blocks: NarrowedBlock[];
  /**
   * Not a hook: a function that hooks in other files hand their event/args to (issue 12 §1).
   * Its blocks are checked like a hook's; it has no coverage or signature of its own.
   */
  handOffTarget?: boolean;
}

/** A region of a hook in which the event is known to be one of a few names. */
export interface NarrowedBlock {
  events: EventName[];
  prefixes: EventName[];
  range: Range;
  argsUses: ArgsUse[];
  /** How the block uses argument values (issue 12 §5); absent where the walker records none. */
  argumentUses?: ArgumentUse[];
  /** The calls made in the block, for hook-reentry (absent where the walker records none). */
  calls?: BlockCall[];
  /** The block only returns (or passes): the hook lets these events through untouched. */
  letsThrough?: boolean;
  /** The Python versions (`3.X`) its `sys.version_info` tests let it run under; absent: any. */
  versions?: string[];
  /** A block of a helper the hook hands event/args to (issue 12 §1): the call that leads there. */
  handOff?: HandOffOrigin;
  /**
   * The event lives under one of these modules (`event.split(".")[0] == "socket"`): with no exact
   * names, the block's events are the modules' events.
   */
  modules?: string[];
}

/** The call through which a hook handed its event/args to a helper: `self._check_open(args)`. */
export interface HandOffOrigin {
  /** The call as written, shortened to one line. */
  call: string;
  range: Range;
  /** The call's file, when it is not the document the block is in. */
  uri?: string;
}

/**
 * A hook (or a helper it reaches) hands its event and/or args tuple to a function imported from
 * another module (`from policy import check_open; check_open(args)`, `policy.decide(event, args)`).
 * The index finds the module's file; that file's analysis walks the function with these events.
 */
export interface HandOff extends HandOffContext {
  /** Dotted module name, without the leading dots of a relative import. */
  module: string;
  level: number;
  /** The function's name in that module. */
  name: string;
  origin: HandOffOrigin;
}

/** What a hand-off call passes on to the function it reaches, the same in both files. */
export interface HandOffContext {
  /** Which argument of the call holds the event / the args tuple: a position, or a keyword name. */
  event: number | string | null;
  args: number | string | null;
  /** The event names the call happens under; null: any event. */
  events: string[] | null;
  prefixes: string[];
  /** The Python versions (`3.X`) the call runs under; absent: any. */
  versions?: string[];
  /** A re-entry guard came before the call in the hook. */
  guarded?: boolean;
}

/** A call made while a hook handles an event: `open(LOG, "a")`, `os.system(cmd)`. */
export interface BlockCall {
  /** The callee as written when it is a dotted name (`open`, `os.system`); calls on anything else are not recorded. */
  callee: string;
  range: Range;
  /**
   * An early exit on a condition that does not test the event (`if _busy: return`) comes
   * before the call: a re-entry guard, as far as the analysis can tell.
   */
  guarded: boolean;
}

export interface UnpackedName {
  name: string;
  range: Range;
}

export type ArgsUse =
  | {
      kind: 'unpack';
      range: Range;
      names: UnpackedName[];
      /** Index of the *rest target, if any. */
      starredIndex: number | null;
    }
  | { kind: 'index'; range: Range; index: number; /** As written: `args[2]`. */ expression: string };

/** A dict that maps event names to tuples of argument names: {"open": ("path", "mode", "flags")}. */
export interface ArgumentTable {
  event: EventName;
  names: string[];
  range: Range;
}

/** subaudit.listening / subscribe / extracting: the callback receives the event's arguments. */
export interface Listener {
  api: 'listening' | 'subscribe' | 'extracting';
  event: EventName | null;
  callRange: Range;
  callbackRange: Range;
  callback: {
    kind: 'def' | 'lambda';
    name: string;
    nameRange: Range;
    params: Parameter[];
  } | null;
}

/** `def install(cb): sys.addaudithook(cb)` at module level: calling it registers its argument. */
export interface HookWrapper {
  name: string;
  /** Which positional argument is the hook. */
  position: number;
}

/** A module imported by a hook registration: `from hooks import audit_hook`. */
export interface ImportedHook {
  /** Dotted module name, without the leading dots of a relative import. */
  module: string;
  /** Number of leading dots (0 for an absolute import). */
  level: number;
  name: string;
  registration: Range;
}

/**
 * An inline suppression: `# audit-events: ignore[code, ...]` (or a C comment) at the
 * end of a line silences those codes on that line; without a list, every code; `ignore-file`
 * silences the whole file.
 */
export interface Suppression {
  /** The directive inside the comment, from `audit-events:` to the closing `]` (or `ignore`). */
  range: Range;
  /** The line it silences: the comment's first line. */
  line: number;
  /** The codes it names, as written; null silences every code. */
  codes: string[] | null;
  scope: 'line' | 'file';
}

export interface DocumentModel {
  language: SourceLanguage;
  raiseSites: RaiseSite[];
  hooks: Hook[];
  mentions: EventMention[];
  listeners: Listener[];
  argumentTables: ArgumentTable[];
  importedHooks: ImportedHook[];
  /** Functions of other modules that hooks here hand their event/args to. */
  handOffs: HandOff[];
  /** Functions of this module that register their argument with addaudithook (issue 12 §2). */
  hookWrappers: HookWrapper[];
  /** The name the module `sys` is bound to here (`import sys as s` -> 's'), or null. */
  sysAlias: string | null;
  /**
   * Code the model depends on besides its own ranges: the imports and the module-level
   * bindings the analysis looked up. An edit that touches none of it (nor the model's ranges)
   * cannot change the model.
   */
  dependencies: Range[];
  /** Why the document was not analyzed (too deeply nested for the parser), or null. */
  skipped: string | null;
  /** The `audit-events: ignore` comments, in document order. */
  suppressions: Suppression[];
}

export function emptyModel(language: SourceLanguage, skipped: string | null = null): DocumentModel {
  return {
    language,
    skipped,
    raiseSites: [],
    hooks: [],
    mentions: [],
    listeners: [],
    argumentTables: [],
    importedHooks: [],
    handOffs: [],
    hookWrappers: [],
    sysAlias: null,
    dependencies: [],
    suppressions: [],
  };
}

export function containsPosition(range: Range, pos: Position): boolean {
  return comparePositions(range.start, pos) <= 0 && comparePositions(pos, range.end) <= 0;
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function rangeLength(range: Range): number {
  return (range.end.line - range.start.line) * 1e6 + (range.end.character - range.start.character);
}

/** How a positional call with n arguments fits: counts of the parameters a call must or may fill. */
export function positionalShape(params: Parameter[]): { required: number; max: number; variadic: boolean; requiredKeywordOnly: string[] } {
  const positional = params.filter((p) => p.kind === 'positional');
  return {
    required: positional.filter((p) => !p.hasDefault).length,
    max: positional.length,
    variadic: params.some((p) => p.kind === 'var-positional'),
    requiredKeywordOnly: params.filter((p) => p.kind === 'keyword-only' && !p.hasDefault).map((p) => p.name),
  };
}
