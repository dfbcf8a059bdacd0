import type { Diagnostic } from 'vscode-languageserver-types';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { FeatureContext } from '../context';
import type { SeverityName } from '../../model';
import type { Finding } from './finding';
import { inQuietHook, quietHookRanges } from '../inferredHooks';
import { RULES, type Rule } from './rules';
import { applySuppressions } from './suppression';

export const DIAGNOSTIC_SOURCE = 'audit-events';

const LSP_SEVERITY: Record<SeverityName, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * Every finding of every rule, with the user's severities applied, 'off' codes dropped and what
 * the document's `audit-events: ignore` comments silence left out; with `reportUnusedIgnores`,
 * the comments that silence nothing are findings too.
 */
export function findings(ctx: FeatureContext, options: { reportUnusedIgnores?: boolean } = {}): (Finding & { effectiveSeverity: SeverityName })[] {
  let out: (Finding & { effectiveSeverity: SeverityName })[] = [];
  const quiet = quietHookRanges(ctx);
  for (const rule of RULES as readonly Rule[]) {
    if (rule.needsWorkspace && !ctx.workspace.complete) continue;
    for (const f of rule.run(ctx)) {
      if (quiet.length && inQuietHook(ctx, quiet, f.range)) continue;
      const chosen = ctx.settings.severity[f.code];
      if (chosen === 'off') continue;
      out.push({ ...f, effectiveSeverity: chosen ?? f.severity });
    }
  }
  out = applySuppressions(ctx.model.suppressions ?? [], out, !!options.reportUnusedIgnores).map((f) =>
    'effectiveSeverity' in f ? f : { ...f, effectiveSeverity: f.severity },
  );
  out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return out;
}

/** The LSP diagnostics of a document. `data` carries what quick fixes need. */
export function computeDiagnostics(ctx: FeatureContext): Diagnostic[] {
  return findings(ctx).map((f) => ({
    range: f.range,
    severity: LSP_SEVERITY[f.effectiveSeverity],
    code: f.code,
    source: DIAGNOSTIC_SOURCE,
    message: f.message,
    ...(f.related && f.related.length
      ? { relatedInformation: f.related.map((r) => ({ location: { uri: r.uri, range: r.range }, message: r.message })) }
      : {}),
    ...(f.replacements?.length || f.expectedNames ? { data: { replacements: f.replacements ?? [], expectedNames: f.expectedNames ?? null } } : {}),
  }));
}
