// The cheap test before looking for functions shaped like audit hooks in a text that names no
// audit API (issue 12 §2): a def whose first parameter (after self/cls) is followed by a second
// one, and whose first parameter is compared nearby (`p == x`, `x != p`, `p in`, `p not in`,
// `p.startswith`, `match p`). The tree decides; this only spares the parse of the rest.
//
// One indexOf pass per operator over the whole text, then a look at the few characters around
// each hit: a regex per def over the pages that follow it cost seconds on a tree of ordinary code
// (issue 15). It gives the answers that regex gave. Only ASCII spaces separate tokens and only
// ASCII letters, digits and `_` make a name (as in that regex), so a file's bytes read as Latin-1
// give the answer its decoded text gives, once the window is counted in bytes.

/** A hook's body is short: its comparisons sit within a few pages of its def (in characters). */
const WINDOW = 20000;

/** True when the text has a def shaped like a hook (see above). */
export function mayHoldHookShape(text: string): boolean {
  return scan(text, WINDOW, 1).length > 0;
}

/** The same test on a file's bytes, which need not be valid UTF-8: what the walk asks of every file. */
export function bytesMayHoldHookShape(bytes: Uint8Array): boolean {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Latin-1 is a plain copy, one character per byte, and a string's indexOf costs several times
  // less per call than a Buffer's. UTF-8 takes at most three bytes per UTF-16 unit.
  return scan(buffer.toString('latin1'), 3 * WINDOW, 1).length > 0;
}

/** Where the defs start whose first parameter is compared nearby (at most `limit` of them). */
export function hookShapeCandidates(text: string, limit = Infinity): number[] {
  return scan(text, WINDOW, limit);
}

function scan(text: string, window: number, limit: number): number[] {
  // Most files compare nothing but loop variables: told before any def is read.
  if (!comparesAnything(text)) return [];
  const defs = candidateDefs(text);
  if (defs.length === 0) return [];
  const sites = comparisonSites(text, [...new Set(defs.map((d) => d.param))]);
  const out: number[] = [];
  for (const { start, param } of defs) {
    if (sites.get(param)?.some(([s, e]) => s >= start && e <= start + window)) out.push(start);
    if (out.length >= limit) break;
  }
  return out;
}

const isSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);
const isNameStart = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
const isNamePart = (c: number) => isNameStart(c) || (c >= 0x30 && c <= 0x39);

/** The end of the name that starts at i (i itself when none starts there). */
function nameEnd(text: string, i: number): number {
  if (!isNameStart(text.charCodeAt(i))) return i;
  let e = i + 1;
  while (isNamePart(text.charCodeAt(e))) e++;
  return e;
}

function skipSpaces(text: string, i: number): number {
  while (isSpace(text.charCodeAt(i))) i++;
  return i;
}

const isBound = (text: string, s: number, e: number) => (e - s === 4 && text.startsWith('self', s)) || (e - s === 3 && text.startsWith('cls', s));

/** `def NAME(P, Q` or `def NAME(self, P, Q`, P possibly annotated: where the def starts and P. */
function candidateDefs(text: string): { start: number; param: string }[] {
  const out: { start: number; param: string }[] = [];
  for (let d = text.indexOf('def', 0); d >= 0; d = text.indexOf('def', d + 3)) {
    if (d > 0 && isNamePart(text.charCodeAt(d - 1))) continue;
    if (!isSpace(text.charCodeAt(d + 3))) continue;
    const name = skipSpaces(text, d + 3);
    let i = name;
    while (isNamePart(text.charCodeAt(i))) i++;
    if (i === name) continue;
    i = skipSpaces(text, i);
    if (text.charCodeAt(i) !== 0x28 /* ( */) continue;
    let p = skipSpaces(text, i + 1);
    let pEnd = nameEnd(text, p);
    if (pEnd === p) continue;
    if (isBound(text, p, pEnd)) {
      const comma = skipSpaces(text, pEnd);
      if (text.charCodeAt(comma) !== 0x2c /* , */) continue;
      p = skipSpaces(text, comma + 1);
      pEnd = nameEnd(text, p);
      // `def f(self, cls, x)`: a second bound name is no event name either.
      if (pEnd === p || isBound(text, p, pEnd)) continue;
    }
    if (followedBySecondParam(text, pEnd)) out.push({ start: d, param: text.slice(p, pEnd) });
  }
  return out;
}

/** After a parameter's name: an optional annotation (up to a `,` `(` or `)`), a comma, and another name. */
function followedBySecondParam(text: string, i: number): boolean {
  i = skipSpaces(text, i);
  if (text.charCodeAt(i) === 0x3a /* : */) {
    for (i++; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x2c || c === 0x28 || c === 0x29) break;
    }
  }
  if (text.charCodeAt(i) !== 0x2c) return false;
  return isNameStart(text.charCodeAt(skipSpaces(text, i + 1)));
}

/** The name that ends just before i, spaces skipped (a name's first character is no digit): [start, end] or null. */
function nameBefore(text: string, i: number): [number, number] | null {
  let e = i;
  while (e > 0 && isSpace(text.charCodeAt(e - 1))) e--;
  let s = e;
  while (s > 0 && isNamePart(text.charCodeAt(s - 1))) s--;
  while (s < e && !isNameStart(text.charCodeAt(s))) s++;
  return s < e && (s === 0 || !isNamePart(text.charCodeAt(s - 1))) ? [s, e] : null;
}

/** `for` (a whole word) and spaces just before position s. */
function isForTarget(text: string, s: number): boolean {
  const keyword = nameBefore(text, s);
  return keyword !== null && keyword[1] < s && keyword[1] - keyword[0] === 3 && text.startsWith('for', keyword[0]);
}

/** Whether some name is compared at all (comparisonSites with every name, up to the first). */
function comparesAnything(text: string): boolean {
  return comparisonSites(text, null, true).size > 0;
}

/**
 * Where each of `names` (every name when null) is compared: `p == x`, `x != p`, `p in`, `p not in`, `p.startswith`,
 * `match p`, as spans from the name or the operator, whichever comes first, to the end of the other.
 */
function comparisonSites(text: string, names: readonly string[] | null, firstOnly = false): Map<string, [number, number][]> {
  const sites = new Map<string, [number, number][]>();
  // `firstOnly`: the loops stop at the first site found.
  let done = false;
  const add = (s: number, e: number, spanStart: number, spanEnd: number) => {
    // Most names near an operator are none of the few compared: tell them without a slice.
    const name = names ? names.find((n) => n.length === e - s && text.startsWith(n, s)) : text.slice(s, e);
    if (name === undefined) return;
    let list = sites.get(name);
    if (!list) sites.set(name, (list = []));
    list.push([spanStart, spanEnd]);
    done = firstOnly;
  };
  for (const op of ['==', '!=']) {
    for (let k = text.indexOf(op, 0); k >= 0 && !done; k = text.indexOf(op, k + 1)) {
      const before = nameBefore(text, k);
      if (before) add(before[0], before[1], before[0], k + 2);
      const after = skipSpaces(text, k + 2);
      const afterEnd = nameEnd(text, after);
      if (afterEnd > after) add(after, afterEnd, k, afterEnd);
    }
  }
  for (let k = text.indexOf('in', 0); k >= 0 && !done; k = text.indexOf('in', k + 1)) {
    if (isNamePart(text.charCodeAt(k + 2))) continue;
    // `p in`, and `pin` as the regex `\bp\s*in\b` this replaces took it: the name ends where `in` or the spaces before it start.
    const before = nameBefore(text, k);
    if (!before) continue;
    const [s, e] = before;
    // `for p in`: a loop's target, never a comparison in the tree (python/hookShape.ts).
    if (e < k && isForTarget(text, s)) continue;
    add(s, e, s, k + 2);
    // `p not in`: "not" (or a name ending in it) before the spaces before `in`.
    if (e === k || e - s < 3 || !text.startsWith('not', e - 3)) continue;
    if (e - s > 3) add(s, e - 3, s, k + 2);
    else {
      const p = nameBefore(text, s);
      if (p) add(p[0], p[1], p[0], k + 2);
    }
  }
  for (let k = text.indexOf('.startswith', 0); k >= 0 && !done; k = text.indexOf('.startswith', k + 1)) {
    if (isNamePart(text.charCodeAt(k + 11))) continue;
    const before = nameBefore(text, k);
    if (before) add(before[0], before[1], before[0], k + 11);
  }
  for (let k = text.indexOf('match', 0); k >= 0 && !done; k = text.indexOf('match', k + 1)) {
    if ((k > 0 && isNamePart(text.charCodeAt(k - 1))) || !isSpace(text.charCodeAt(k + 5))) continue;
    const p = skipSpaces(text, k + 5);
    const pEnd = nameEnd(text, p);
    if (pEnd > p) add(p, pEnd, k, pEnd);
  }
  return sites;
}
