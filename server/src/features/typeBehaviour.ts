// What the type names the catalog observes for event arguments (type(a).__qualname__ with its
// module: `str`, `NoneType`, `socket.socket`) allow: subscripting, iterating, `in`, the str and
// bytes methods, isinstance. Checked against CPython 3.13's types (dir(), isinstance) by hand; a
// type missing here is unknown, and an unknown type allows everything (the product stays quiet).
import type { ArgumentUse, LiteralKind } from '../model';

interface Behaviour {
  subscript: boolean;
  iterate: boolean;
  /** What `x in value` accepts as x: 'any', the literal kinds it accepts, or nothing (TypeError). */
  contains: 'any' | readonly LiteralKind[] | null;
  /** Its methods among STRING_METHODS. */
  stringMethods: ReadonlySet<string>;
  /** The class names, as code writes them, that isinstance accepts for it (besides object). */
  classes: readonly string[];
}

const BOTH = [
  'capitalize', 'center', 'count', 'endswith', 'expandtabs', 'find', 'index', 'isalnum', 'isalpha', 'isascii', 'isdigit', 'islower',
  'isspace', 'istitle', 'isupper', 'join', 'ljust', 'lower', 'lstrip', 'maketrans', 'partition', 'removeprefix', 'removesuffix',
  'replace', 'rfind', 'rindex', 'rjust', 'rpartition', 'rsplit', 'rstrip', 'split', 'splitlines', 'startswith', 'strip', 'swapcase',
  'title', 'translate', 'upper', 'zfill',
];
const STR_ONLY = ['casefold', 'encode', 'format', 'format_map', 'isdecimal', 'isidentifier', 'isnumeric', 'isprintable'];
const BYTES_ONLY = ['decode', 'fromhex', 'hex'];
/** The methods of str and bytes: a call of one of these is what the method check judges. */
export const STRING_METHODS: ReadonlySet<string> = new Set([...BOTH, ...STR_ONLY, ...BYTES_ONLY]);
/** str/bytes methods whose first argument must be of the receiver's own kind (`b"x".startswith("x")` fails). */
const SAME_KIND_ARGUMENT = new Set([
  'count', 'endswith', 'find', 'index', 'lstrip', 'partition', 'removeprefix', 'removesuffix', 'replace', 'rfind', 'rindex',
  'rpartition', 'rsplit', 'rstrip', 'split', 'startswith', 'strip',
]);

const NOTHING: ReadonlySet<string> = new Set();
const PATH_CLASSES = ['os.PathLike', 'PathLike', 'pathlib.Path', 'Path', 'pathlib.PurePath', 'PurePath', 'pathlib.PosixPath', 'PosixPath', 'pathlib.PurePosixPath', 'PurePosixPath'];
const SCALAR: Omit<Behaviour, 'classes'> = { subscript: false, iterate: false, contains: null, stringMethods: NOTHING };
const SEQUENCE: Omit<Behaviour, 'classes'> = { subscript: true, iterate: true, contains: 'any', stringMethods: new Set(['count', 'index']) };
const MAPPING: Omit<Behaviour, 'classes'> = { subscript: true, iterate: true, contains: 'any', stringMethods: NOTHING };

const TYPES: Record<string, Behaviour> = {
  str: { subscript: true, iterate: true, contains: ['str'], stringMethods: new Set([...BOTH, ...STR_ONLY]), classes: ['str'] },
  bytes: { subscript: true, iterate: true, contains: ['bytes', 'int'], stringMethods: new Set([...BOTH, ...BYTES_ONLY]), classes: ['bytes'] },
  NoneType: { ...SCALAR, classes: ['NoneType', 'types.NoneType', 'type(None)'] },
  int: { ...SCALAR, classes: ['int', 'numbers.Number', 'numbers.Integral'] },
  bool: { ...SCALAR, classes: ['bool', 'int', 'numbers.Number', 'numbers.Integral'] },
  float: { ...SCALAR, stringMethods: new Set(['fromhex', 'hex']), classes: ['float', 'numbers.Number', 'numbers.Real'] },
  code: { ...SCALAR, stringMethods: new Set(['replace']), classes: ['types.CodeType', 'CodeType'] },
  'socket.socket': { ...SCALAR, classes: ['socket.socket', 'socket'] },
  tuple: { ...SEQUENCE, classes: ['tuple'] },
  list: { ...SEQUENCE, classes: ['list'] },
  dict: { ...MAPPING, classes: ['dict'] },
  'os._Environ': { ...MAPPING, classes: ['os._Environ'] },
  'pathlib.PosixPath': { ...SCALAR, stringMethods: new Set(['replace']), classes: PATH_CLASSES },
  'pathlib._local.PosixPath': { ...SCALAR, stringMethods: new Set(['replace']), classes: PATH_CLASSES },
  'posix.DirEntry': { ...SCALAR, classes: ['os.DirEntry', 'DirEntry', 'os.PathLike', 'PathLike'] },
};

/**
 * Class names isinstance is judged on: every name some known type accepts. A name outside this
 * (an ABC, an alias, a user's class) is never judged.
 */
const KNOWN_CLASSES = new Set([...Object.values(TYPES).flatMap((t) => t.classes), 'bytearray', 'set', 'frozenset', 'complex', 'memoryview']);

/** Whether a value of that type survives the use; null when the type (or the use) is not judged. */
export function allows(type: string, use: Pick<ArgumentUse, 'kind' | 'literal' | 'method'>): boolean | null {
  const t = Object.prototype.hasOwnProperty.call(TYPES, type) ? TYPES[type] : undefined;
  if (!t) return null;
  switch (use.kind) {
    case 'subscript':
      return t.subscript;
    case 'iterate':
      return t.iterate;
    case 'contains':
      if (t.contains === null || t.contains === 'any') return t.contains === 'any';
      // An unknown needle may be of the right kind; only a literal of another kind surely fails.
      return use.literal === undefined || t.contains.includes(use.literal);
    case 'method': {
      if (!use.method || !STRING_METHODS.has(use.method)) return null;
      if (!t.stringMethods.has(use.method)) return false;
      const kind = type === 'str' ? 'str' : type === 'bytes' ? 'bytes' : null;
      if (kind && SAME_KIND_ARGUMENT.has(use.method) && (use.literal === 'str' || use.literal === 'bytes')) return use.literal === kind;
      return true;
    }
    default:
      return null;
  }
}

/** Whether isinstance(value, cls) holds for a value of that type; null when either is not known. */
export function isInstance(type: string, cls: string): boolean | null {
  const t = Object.prototype.hasOwnProperty.call(TYPES, type) ? TYPES[type] : undefined;
  if (!t || !KNOWN_CLASSES.has(cls)) return null;
  return t.classes.includes(cls);
}

/** A type name as people read it: `None`, `pathlib.PosixPath` (3.13's `pathlib._local` left out). */
export function displayType(type: string): string {
  if (type === 'NoneType') return 'None';
  return type.replace(/^pathlib\._local\./, 'pathlib.');
}

/** The types, readable, None last, each once: ['str', 'None']. */
export function displayTypes(types: readonly string[]): string[] {
  const shown = [...new Set(types.map(displayType))];
  return [...shown.filter((t) => t !== 'None'), ...shown.filter((t) => t === 'None')];
}
