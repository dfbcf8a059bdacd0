import type { TextEdit } from 'vscode-languageserver-types';
import type { FeatureContext } from './context';

/**
 * The edit that silences `code` on `line`: the code joins the line's `ignore[...]` list when it
 * has one, else a directive goes at the end of the line, after any comment already there. Null
 * where a comment cannot go (a Python line continued with a backslash) or the text is unknown.
 */
export function suppressionEdit(ctx: FeatureContext, line: number, code: string): TextEdit | null {
  const existing = ctx.model.suppressions.find((s) => s.scope === 'line' && s.line === line && s.codes);
  if (existing?.codes) {
    if (existing.codes.includes(code)) return null;
    return { range: existing.range, newText: `audit-events: ignore[${[...existing.codes, code].join(', ')}]` };
  }
  // A lone CR ends a line too (LSP, Python).
  const text = ctx.text?.split(/\r\n|\r|\n/)[line];
  if (text === undefined) return null;
  const end = text.replace(/\s+$/, '').length;
  if (text.slice(0, end).endsWith('\\')) return null;
  const directive = ctx.model.language === 'c' ? ` /* audit-events: ignore[${code}] */` : `  # audit-events: ignore[${code}]`;
  return { range: { start: { line, character: end }, end: { line, character: text.length } }, newText: directive };
}
