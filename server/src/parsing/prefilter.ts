// The cheap test before any parse. Every audit API's name holds "audit" (sys.audit,
// addaudithook, subaudit, sysaudit) or "Audit" (PySys_Audit, PySys_AddAuditHook): a text with
// neither raises nothing and registers nothing, and most files of a tree are like that.

export function mentionsAudit(text: string): boolean {
  return text.includes('audit') || text.includes('Audit');
}

const UDIT = Buffer.from('udit');

/** The same test on bytes, without decoding: one scan for the common tail, then a look back. */
export function bytesMentionAudit(bytes: Buffer): boolean {
  for (let i = bytes.indexOf(UDIT, 1); i > 0; i = bytes.indexOf(UDIT, i + 4)) {
    const before = bytes[i - 1];
    if (before === 0x61 || before === 0x41) return true;
  }
  return false;
}

// A def whose first parameter (after self/cls) is compared with a string or tested with
// startswith: the cheap test before looking for functions shaped like audit hooks in a text that
// names no audit API (issue 12 §2). The tree decides; this only spares the parse of the rest.
const DEF_FIRST_PARAM = /\bdef\s+\w+\s*\(\s*(?:(?:self|cls)\s*,\s*)?([A-Za-z_]\w*)\s*(?::[^,()]*)?,\s*[A-Za-z_]/g;

export function mayHoldHookShape(text: string): boolean {
  return hookShapeCandidates(text, 1).length > 0;
}

/** Where the defs start whose first parameter is compared nearby (at most `limit` of them). */
export function hookShapeCandidates(text: string, limit = Infinity): number[] {
  if (!text.includes('def ')) return [];
  const out: number[] = [];
  const compared = new Map<string, RegExp>();
  for (const m of text.matchAll(DEF_FIRST_PARAM)) {
    const param = m[1];
    if (param === 'self' || param === 'cls') continue;
    let re = compared.get(param);
    if (!re) {
      re = new RegExp(`\\b${param}\\s*(?:==|!=|in\\b|not\\s+in\\b|\\.startswith\\b)|(?:==|!=)\\s*${param}\\b|\\bmatch\\s+${param}\\b`);
      compared.set(param, re);
    }
    // A hook's body is short: its comparisons sit within a few pages of its def.
    if (re.test(text.slice(m.index, m.index + 20000))) out.push(m.index);
    if (out.length >= limit) break;
  }
  return out;
}
