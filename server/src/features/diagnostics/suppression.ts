// Inline suppressions (model Suppression): which findings they silence, and, for the CLI's
// --report-unused-ignores, which of them silence nothing (ruff's RUF100).
import type { SeverityName, Suppression } from '../../model';
import type { Finding } from './finding';
import { DIAGNOSTIC_CODES } from './rules';

export const UNUSED_IGNORE = 'unused-ignore';

/** The findings no suppression silences, and the unused suppressions as findings when asked. */
export function applySuppressions<F extends Finding>(suppressions: readonly Suppression[], all: F[], reportUnused: boolean): (F | Finding)[] {
  if (suppressions.length === 0) return all;
  const used = suppressions.map(() => new Set<string>());
  const kept = all.filter((f) => {
    let silenced = false;
    suppressions.forEach((s, i) => {
      if (s.scope === 'line' && s.line !== f.range.start.line) return;
      if (s.codes && !s.codes.includes(f.code)) return;
      used[i].add(f.code);
      silenced = true;
    });
    return !silenced;
  });
  if (!reportUnused) return kept;
  const unused: Finding[] = [];
  suppressions.forEach((s, i) => {
    const where = s.scope === 'file' ? 'in this file' : 'on this line';
    const message = (() => {
      if (!s.codes) return used[i].size ? null : `Unused suppression: nothing is reported ${where}`;
      const idle = s.codes.filter((c) => !used[i].has(c));
      if (idle.length === 0) return null;
      const unknown = idle.filter((c) => !(DIAGNOSTIC_CODES as readonly string[]).includes(c));
      const known = idle.filter((c) => !unknown.includes(c));
      const parts = [
        known.length ? `no ${known.map((c) => `'${c}'`).join(', ')} finding ${where}` : '',
        unknown.length ? `${unknown.map((c) => `'${c}'`).join(', ')} ${unknown.length === 1 ? 'is not a code' : 'are not codes'} of audit-events` : '',
      ].filter(Boolean);
      return `Unused suppression: ${parts.join('; ')}`;
    })();
    if (message) unused.push({ code: UNUSED_IGNORE, range: s.range, message, severity: 'warning' as SeverityName });
  });
  return [...kept, ...unused];
}
