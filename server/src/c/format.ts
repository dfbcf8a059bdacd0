/**
 * How many arguments an event raised from C carries, read off its Py_BuildValue format (SPEC §9):
 * the number of top-level items, where a (...), [...] or {...} group is one item and the
 * `#`, `&` and `!` modifiers add none. A format that is one parenthesised group, "(OO)", builds
 * that tuple, so its items count. A lone "O", "S", "N" or "O&" passes an object through, which
 * CPython uses whole as the args tuple if it is one: unknown. NULL and "" are 0.
 * Returns null when the count cannot be known.
 */
export function formatArity(format: string | null): number | null {
  if (format === null) return 0; // NULL
  const parsed = parseItems(format, 0, '');
  if (!parsed || parsed.end !== format.length) return null;
  const items = parsed.items;
  if (items.length === 0) return 0;
  if (items.length === 1) {
    const only = items[0];
    if (only.kind === 'group' && only.open === '(') return only.count;
    if (only.kind === 'unit' && OBJECT_UNITS.has(only.code)) return null;
    return 1;
  }
  return items.length;
}

type Item = { kind: 'unit'; code: string } | { kind: 'group'; open: string; count: number };

const OBJECT_UNITS = new Set(['O', 'S', 'N', 'O&']);
const CLOSE: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
// Py_BuildValue ignores these between units (Doc/c-api/arg.rst, "Building values").
const IGNORED = new Set([' ', '\t', ':', ',']);
const UNITS = new Set('sszyuUibhlBHIkLKncCdfDOSNp'.split(''));

function parseItems(format: string, start: number, close: string): { items: Item[]; end: number } | null {
  const items: Item[] = [];
  let i = start;
  while (i < format.length) {
    const c = format[i];
    if (c === close) return { items, end: i };
    if (IGNORED.has(c)) {
      i++;
    } else if (c in CLOSE) {
      const inner = parseItems(format, i + 1, CLOSE[c]);
      if (!inner || format[inner.end] !== CLOSE[c]) return null;
      items.push({ kind: 'group', open: c, count: inner.items.length });
      i = inner.end + 1;
    } else if (UNITS.has(c)) {
      let code = c;
      i++;
      while (i < format.length && (format[i] === '#' || format[i] === '&' || format[i] === '!')) code += format[i++];
      items.push({ kind: 'unit', code });
    } else {
      return null; // not a Py_BuildValue format we know
    }
  }
  return close ? null : { items, end: i };
}

/** How many C arguments follow the format, unit by unit, when each unit takes exactly one. */
export function oneArgumentPerUnit(format: string): boolean {
  return /^[\s:,sszyuUibhlBHIkLKncCdfDOSNp]*$/.test(format);
}
