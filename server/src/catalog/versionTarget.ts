/**
 * Target specs -> the catalog versions they select, and version sets -> text.
 *
 * A spec is one version (`3.11`), a range (`3.9-3.13`, `3.9–3.13`, `>=3.10`, `3.10+`), or a
 * PEP 440 specifier set as `requires-python` holds it (`>=3.9,<3.14`, `~=3.10`, `>=3.8,!=3.9.*`,
 * `==3.11.*`, `>3.9`, `<=3.12`), also Poetry's caret (`^3.9`). A catalog version `3.X` stands for
 * every 3.X.Y release: it is selected when some 3.X.Y satisfies every clause, since a project that
 * says `>=3.9.2` or `<3.11.4` does run on 3.9 or 3.11. Pure: no settings, no files.
 */

export type VersionTargetResult =
  | { ok: true; versions: string[] }
  | {
      ok: false;
      error: string;
      /** The spec is valid but selects no catalog version: all it allows is newer (or older). */
      beyond?: 'newer' | 'older';
    };

type Release = number[];
type Clause = { op: '==' | '!=' | '<=' | '>=' | '<' | '>' | '==='; release: Release; wildcard: boolean };

/** A patch number above any real one: "the latest patch" of a minor version. */
const LATEST_PATCH = 1_000_000;

export function parseVersionTarget(spec: string, catalogVersions: readonly string[]): VersionTargetResult {
  const text = spec.trim();
  if (!text) return { ok: false, error: 'empty Python version' };
  const minors = catalogVersions.map((v) => ({ v, release: parseRelease(v)! }));
  const span = `${catalogVersions[0]}–${catalogVersions[catalogVersions.length - 1]}`;

  // One version: 3.11 (or a patch release of it: 3.11.4).
  const single = /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(text);
  if (single) {
    const v = `${single[1]}.${single[2]}`;
    if (catalogVersions.includes(v)) return { ok: true, versions: [v] };
    return { ok: false, error: `Python ${v} is not in the catalog (${span})`, beyond: beyondOf([[Number(single[1]), Number(single[2])]], minors) };
  }

  // An inclusive range: 3.9-3.13, 3.9–3.13, 3.9..3.13.
  const range = /^(\d+\.\d+)\s*(?:-|–|\.\.)\s*(\d+\.\d+)$/.exec(text);
  if (range) {
    const [lo, hi] = [parseRelease(range[1])!, parseRelease(range[2])!];
    if (compare(lo, hi) > 0) return { ok: false, error: `'${text}': the range runs backwards (${range[2]} is older than ${range[1]})` };
    return select(text, minors, [
      { op: '>=', release: lo, wildcard: false },
      { op: '<=', release: [...hi, LATEST_PATCH], wildcard: false },
    ], span);
  }

  // 3.10+ : that version and every later one.
  const plus = /^(\d+\.\d+)\s*\+$/.exec(text);
  if (plus) return select(text, minors, [{ op: '>=', release: parseRelease(plus[1])!, wildcard: false }], span);

  const clauses: Clause[] = [];
  for (const part of text.split(',')) {
    const parsed = parseClause(part.trim());
    if (typeof parsed === 'string') return { ok: false, error: `'${text}': ${parsed}` };
    clauses.push(...parsed);
  }
  return select(text, minors, clauses, span);
}

/** "3.9–3.15", "3.8, 3.10–3.12": runs of consecutive catalog versions, in the catalog's order. */
export function formatVersionSet(versions: readonly string[], catalogVersions: readonly string[]): string {
  const idx = [...new Set(versions.map((v) => catalogVersions.indexOf(v)).filter((i) => i >= 0))].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && idx[j + 1] === idx[j] + 1) j++;
    parts.push(j === i ? catalogVersions[idx[i]] : `${catalogVersions[idx[i]]}–${catalogVersions[idx[j]]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

function select(text: string, minors: { v: string; release: Release }[], clauses: Clause[], span: string): VersionTargetResult {
  const versions = minors.filter((m) => someRelease(m.release, clauses)).map((m) => m.v);
  if (versions.length) return { ok: true, versions };
  // Which side of the catalog the spec points at: probe one minor past each end.
  const [first, last] = [minors[0].release, minors[minors.length - 1].release];
  const newer = [0, 1, 2, 5, 10].some((d) => someRelease([last[0], last[1] + 1 + d], clauses));
  const older = first[1] > 0 && someRelease([first[0], first[1] - 1], clauses);
  return {
    ok: false,
    error: `'${text}' selects none of the catalog's versions (${span})`,
    ...(newer && !older ? { beyond: 'newer' as const } : older && !newer ? { beyond: 'older' as const } : {}),
  };
}

/**
 * Does some release X.Y.p (p >= 0) of the minor version satisfy every clause? The clauses cut
 * the patches into intervals at the patch numbers they name, so testing 0, each named patch and
 * its neighbours, and a patch above all of them decides it.
 */
function someRelease(minor: Release, clauses: Clause[]): boolean {
  const candidates = new Set<number>([0, LATEST_PATCH]);
  for (const c of clauses) {
    if (c.release[0] === minor[0] && c.release[1] === minor[1] && c.release.length > 2) {
      const p = c.release[2];
      for (const q of [p - 1, p, p + 1]) if (q >= 0) candidates.add(q);
    }
  }
  for (const p of candidates) {
    const release = [minor[0], minor[1], p];
    if (clauses.every((c) => satisfies(release, c))) return true;
  }
  return false;
}

function satisfies(release: Release, clause: Clause): boolean {
  if (clause.wildcard) {
    const prefix = clause.release;
    const matches = prefix.every((n, i) => (release[i] ?? 0) === n);
    return clause.op === '!=' ? !matches : matches;
  }
  const c = compare(release, clause.release);
  switch (clause.op) {
    case '==':
    case '===':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<=':
      return c <= 0;
    case '>=':
      return c >= 0;
    case '<':
      return c < 0;
    case '>':
      return c > 0;
  }
}

/** One clause of a specifier set; ~= and ^ expand into two. A string is what is wrong with it. */
function parseClause(part: string): Clause[] | string {
  const m = /^(~=|===|==|!=|<=|>=|<|>|\^)?\s*v?([0-9][0-9.]*?)(\.\*)?\s*((?:a|b|rc|\.?post|\.?dev)\d*)*$/.exec(part);
  if (!m) return `cannot read '${part}' as a version specifier`;
  const op = m[1] ?? '==';
  const release = parseRelease(m[2]);
  if (!release) return `cannot read the version in '${part}'`;
  const wildcard = !!m[3];
  if (wildcard && op !== '==' && op !== '!=') return `'${part}': a .* version goes only with == or !=`;
  if (op === '~=') {
    // ~=3.10 is >=3.10,==3.*; ~=3.10.2 is >=3.10.2,==3.10.*
    if (release.length < 2) return `'${part}': ~= needs at least two version numbers`;
    return [
      { op: '>=', release, wildcard: false },
      { op: '==', release: release.slice(0, -1), wildcard: true },
    ];
  }
  if (op === '^') {
    // Poetry: ^3.9 is >=3.9,<4
    return [
      { op: '>=', release, wildcard: false },
      { op: '<', release: [release[0] + 1], wildcard: false },
    ];
  }
  return [{ op: op as Clause['op'], release, wildcard }];
}

function parseRelease(text: string): Release | null {
  if (!/^\d+(\.\d+)*$/.test(text)) return null;
  return text.split('.').map(Number);
}

/** PEP 440 release comparison: missing numbers are zeros (3.11 == 3.11.0). */
function compare(a: Release, b: Release): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function beyondOf(releases: Release[], minors: { release: Release }[]): 'newer' | 'older' | undefined {
  const [first, last] = [minors[0].release, minors[minors.length - 1].release];
  if (releases.every((r) => compare(r, last) > 0)) return 'newer';
  if (releases.every((r) => compare(r, first) < 0)) return 'older';
  return undefined;
}
