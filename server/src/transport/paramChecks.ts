/**
 * The shape of the parameters of every method the server handles, checked before a handler sees
 * them: a `didOpen` without `text` otherwise became a document whose every revalidation logged a
 * stack trace. The answer names the first missing or mistyped field, for one line of log.
 */

type Check = (v: unknown, path: string) => string | null;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const str: Check = (v, path) => (typeof v === 'string' ? null : `${path} is ${describe(v)}, not a string`);
const uint: Check = (v, path) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? null : `${path} is ${describe(v)}, not an unsigned integer`);
const int: Check = (v, path) => (typeof v === 'number' && Number.isInteger(v) ? null : `${path} is ${describe(v)}, not an integer`);

function obj(fields: Record<string, Check>, optional: readonly string[] = []): Check {
  return (v, path) => {
    if (!isObject(v)) return `${path} is ${describe(v)}, not an object`;
    for (const [key, check] of Object.entries(fields)) {
      if (!(key in v) || v[key] === undefined) {
        if (optional.includes(key)) continue;
        return `${path}.${key} is missing`;
      }
      const problem = check(v[key], `${path}.${key}`);
      if (problem) return problem;
    }
    return null;
  };
}

function arrayOf(item: Check): Check {
  return (v, path) => {
    if (!Array.isArray(v)) return `${path} is ${describe(v)}, not an array`;
    for (let i = 0; i < v.length; i++) {
      const problem = item(v[i], `${path}[${i}]`);
      if (problem) return problem;
    }
    return null;
  };
}

function describe(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

const position = obj({ line: uint, character: uint });
const range = obj({ start: position, end: position });
const textDocument = obj({ uri: str });
const atPosition = obj({ textDocument, position });

const CHECKS: Record<string, Check> = {
  'textDocument/didOpen': obj({ textDocument: obj({ uri: str, languageId: str, version: int, text: str }) }),
  'textDocument/didChange': obj({
    textDocument: obj({ uri: str, version: int }),
    contentChanges: arrayOf(obj({ text: str, range }, ['range'])),
  }),
  'textDocument/didClose': obj({ textDocument }),
  'textDocument/completion': atPosition,
  'textDocument/hover': atPosition,
  'textDocument/signatureHelp': atPosition,
  'textDocument/definition': atPosition,
  'textDocument/references': atPosition,
  'textDocument/inlayHint': obj({ textDocument, range }),
  'textDocument/codeAction': obj({ textDocument, range, context: obj({ diagnostics: arrayOf(obj({ range })) }) }),
  'textDocument/documentLink': obj({ textDocument }),
  'textDocument/documentSymbol': obj({ textDocument }),
  'workspace/symbol': obj({ query: str }),
};

/** What is wrong with a message's parameters, or null when they are usable (or not checked). */
export function paramsProblem(method: string, params: unknown): string | null {
  const check = CHECKS[method];
  return check ? check(params, 'params') : null;
}
