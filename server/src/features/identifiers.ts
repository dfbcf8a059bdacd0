// Argument names as Python identifiers, for the names a fix or a hook skeleton writes.
const KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type _'.split(' '),
);

/** Argument names as Python identifiers: `module-name` -> module_name, keywords get a `_`. */
export function identifiers(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((raw) => {
    let n = raw.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1') || 'arg';
    if (KEYWORDS.has(n)) n += '_';
    const count = seen.get(n) ?? 0;
    seen.set(n, count + 1);
    return count ? `${n}_${count + 1}` : n;
  });
}
