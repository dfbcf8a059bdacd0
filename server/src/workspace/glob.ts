/**
 * Glob patterns for `exclude` (the same syntax as VS Code's files.exclude): `**` any number of
 * path segments, `*` and `?` within a segment, `[...]` a character class, `{a,b}` alternatives.
 * Paths use `/`. A pattern without a slash matches a file or folder name anywhere (`node_modules`,
 * `*.pyi`). A pattern names a file or a folder: a folder excludes everything under it.
 *
 * Matching never backtracks: a pattern compiles to a small NFA run over the path with a set of
 * live states, O(path length × pattern length), because a user's `*a*a*a*a*b` on a long file name
 * once took minutes as a regular expression.
 */

/** One NFA state. `next` of a character state is where a matching character leads. */
type State =
  | { kind: 'char'; test: (c: string) => boolean; next: number }
  | { kind: 'split'; next: number[] }
  /** Matches whatever follows: the `/…` under an excluded folder. */
  | { kind: 'rest' }
  | { kind: 'match' };

export interface GlobMatcher {
  test(path: string): boolean;
}

const anyChar = (): boolean => true;
const notSlash = (c: string): boolean => c !== '/';

/** The pattern as written by the user, with the implied `**\/` prefix and without a trailing `/**`. */
function normalize(glob: string): string {
  let pattern = glob.trim().replace(/\\/g, '/');
  // `dir/**` names the folder itself too (the walk must not even enter it).
  while (pattern.endsWith('/**')) pattern = pattern.slice(0, -3);
  if (!pattern.includes('/')) pattern = `**/${pattern}`;
  return pattern;
}

class NfaBuilder {
  readonly states: State[] = [];
  add(s: State): number {
    this.states.push(s);
    return this.states.length - 1;
  }
}

/** A `[...]` class at `start` (the `[`): its test and the index after `]`, or null if unclosed. */
function charClass(pattern: string, start: number): { test: (c: string) => boolean; end: number } | null {
  let i = start + 1;
  const negated = pattern[i] === '!' || pattern[i] === '^';
  if (negated) i++;
  const ranges: [string, string][] = [];
  // A `]` right after the opening is a member, as in shell globs.
  let first = true;
  for (; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === ']' && !first) {
      const inRanges = (ch: string) => ranges.some(([lo, hi]) => ch >= lo && ch <= hi);
      return { test: (ch) => ch !== '/' && inRanges(ch) !== negated, end: i + 1 };
    }
    first = false;
    if (pattern[i + 1] === '-' && i + 2 < pattern.length && pattern[i + 2] !== ']') {
      ranges.push([c, pattern[i + 2]]);
      i += 2;
    } else ranges.push([c, c]);
  }
  return null;
}

/**
 * Compiles the pattern backwards, so every piece knows the state it continues to: returns the
 * start state. `**` spans segments, `*` and `?` stay within one.
 */
function compile(pattern: string, b: NfaBuilder): number {
  const match = b.add({ kind: 'match' });
  const rest = b.add({ kind: 'rest' });
  const slash = b.add({ kind: 'char', test: (c) => c === '/', next: rest });
  let next = b.add({ kind: 'split', next: [match, slash] });

  // Tokenize forwards, then build from the last token to the first.
  type Token = { kind: 'lit'; c: string } | { kind: 'any' | 'star' | 'globstar' | 'globstarSlash' } | { kind: 'class'; test: (c: string) => boolean } | { kind: 'alt'; options: string[] };
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const slashAfter = pattern[i + 2] === '/';
        tokens.push({ kind: slashAfter ? 'globstarSlash' : 'globstar' });
        i += slashAfter ? 2 : 1;
      } else tokens.push({ kind: 'star' });
    } else if (c === '?') tokens.push({ kind: 'any' });
    else if (c === '[') {
      const cls = charClass(pattern, i);
      if (cls) {
        tokens.push({ kind: 'class', test: cls.test });
        i = cls.end - 1;
      } else tokens.push({ kind: 'lit', c });
    } else if (c === '{') {
      const end = pattern.indexOf('}', i);
      if (end < 0) tokens.push({ kind: 'lit', c });
      else {
        tokens.push({ kind: 'alt', options: pattern.slice(i + 1, end).split(',') });
        i = end;
      }
    } else tokens.push({ kind: 'lit', c });
  }

  const literal = (text: string, to: number): number => {
    let at = to;
    for (let k = text.length - 1; k >= 0; k--) {
      const ch = text[k];
      at = b.add({ kind: 'char', test: (c) => c === ch, next: at });
    }
    return at;
  };
  const loop = (test: (c: string) => boolean, to: number): number => {
    const split = b.add({ kind: 'split', next: [] });
    const step = b.add({ kind: 'char', test, next: split });
    (b.states[split] as { next: number[] }).next.push(step, to);
    return split;
  };

  for (let t = tokens.length - 1; t >= 0; t--) {
    const tok = tokens[t];
    switch (tok.kind) {
      case 'lit':
        next = literal(tok.c, next);
        break;
      case 'any':
        next = b.add({ kind: 'char', test: notSlash, next });
        break;
      case 'class':
        next = b.add({ kind: 'char', test: tok.test, next });
        break;
      case 'star':
        next = loop(notSlash, next);
        break;
      case 'globstar':
        next = loop(anyChar, next);
        break;
      case 'globstarSlash': {
        // `(?:.*/)?`: nothing, or anything that ends with a slash.
        const endSlash = b.add({ kind: 'char', test: (c) => c === '/', next });
        next = b.add({ kind: 'split', next: [loop(anyChar, endSlash), next] });
        break;
      }
      case 'alt':
        next = b.add({ kind: 'split', next: tok.options.map((o) => literal(o, next)) });
        break;
    }
  }
  return next;
}

class Nfa implements GlobMatcher {
  private readonly states: State[];
  private readonly start: number;
  /** Per state, the step in which it was last added: a set without allocating one per character. */
  private readonly mark: Int32Array;
  private step = 0;

  constructor(pattern: string) {
    const b = new NfaBuilder();
    this.start = compile(pattern, b);
    this.states = b.states;
    this.mark = new Int32Array(this.states.length).fill(-1);
  }

  /** Adds `s` and what it reaches without reading; true if that includes acceptance of the rest. */
  private close(s: number, into: number[]): boolean {
    const stack = [s];
    let accepts = false;
    while (stack.length) {
      const i = stack.pop()!;
      if (this.mark[i] === this.step) continue;
      this.mark[i] = this.step;
      const st = this.states[i];
      if (st.kind === 'split') for (let k = st.next.length - 1; k >= 0; k--) stack.push(st.next[k]);
      else {
        if (st.kind === 'rest') accepts = true;
        into.push(i);
      }
    }
    return accepts;
  }

  test(path: string): boolean {
    let current: number[] = [];
    this.step++;
    if (this.close(this.start, current)) return true;
    for (let p = 0; p < path.length; p++) {
      if (current.length === 0) return false;
      const c = path[p];
      const next: number[] = [];
      this.step++;
      for (const i of current) {
        const st = this.states[i];
        if (st.kind === 'char' && st.test(c) && this.close(st.next, next)) return true;
      }
      current = next;
    }
    return current.some((i) => this.states[i].kind === 'match');
  }
}

const WILDCARD = /[*?[{]/;

/** Compiles one glob. */
export function compileGlob(glob: string): GlobMatcher {
  return new Nfa(normalize(glob));
}

/**
 * All of a setting's globs, compiled once. The common shapes never reach an NFA: a bare name
 * (`node_modules`) is a set lookup per path segment, a plain path (`build/gen`) a set lookup
 * per path prefix; duplicates are compiled once.
 */
export class Excluder {
  private readonly names = new Set<string>();
  private readonly prefixes = new Set<string>();
  private readonly matchers: GlobMatcher[] = [];

  constructor(globs: readonly string[]) {
    const patterns = new Set<string>();
    for (const g of globs) if (typeof g === 'string' && g.trim()) patterns.add(normalize(g));
    for (const p of patterns) {
      const bareName = p.startsWith('**/') ? p.slice(3) : null;
      if (bareName !== null && !WILDCARD.test(bareName) && !bareName.includes('/')) this.names.add(bareName);
      else if (!WILDCARD.test(p)) this.prefixes.add(p);
      else this.matchers.push(new Nfa(p));
    }
  }

  /** `relPath` relative to the workspace folder, with `/`. */
  excludes(relPath: string): boolean {
    if (this.names.size || this.prefixes.size) {
      let from = 0;
      for (;;) {
        const slash = relPath.indexOf('/', from);
        const end = slash < 0 ? relPath.length : slash;
        if (this.names.has(relPath.slice(from, end)) || this.prefixes.has(relPath.slice(0, end))) return true;
        if (slash < 0) break;
        from = slash + 1;
      }
    }
    return this.matchers.some((m) => m.test(relPath));
  }
}
