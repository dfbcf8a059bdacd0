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

export { bytesMayHoldHookShape, hookShapeCandidates, mayHoldHookShape } from './hookShapeScan';
