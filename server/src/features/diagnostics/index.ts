import type { Diagnostic } from 'vscode-languageserver-types';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { FeatureContext } from '../context';
import type { SeverityName } from '../../workspace/settings';
import { arityFindings } from './arity';
import { eventNotStrFindings } from './eventNotStr';
import type { Finding } from './finding';
import { hookSignatureFindings } from './hookSignature';
import { inconsistentArityFindings } from './inconsistentArity';
import { indexRangeFindings } from './indexRange';
import { keywordArgsFindings } from './keywordArgs';
import { neverRaisedFindings } from './neverRaised';
import { unknownEventFindings } from './unknownEvent';
import { unpackArityFindings } from './unpackArity';
import { versionFindings } from './version';

export const DIAGNOSTIC_SOURCE = 'audit-events';

const RULES: ((ctx: FeatureContext) => Finding[])[] = [
  arityFindings,
  keywordArgsFindings,
  eventNotStrFindings,
  unpackArityFindings,
  indexRangeFindings,
  unknownEventFindings,
  versionFindings,
  neverRaisedFindings,
  inconsistentArityFindings,
  hookSignatureFindings,
];

const LSP_SEVERITY: Record<SeverityName, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Every finding of every rule, with the user's severities applied and 'off' codes dropped. */
export function findings(ctx: FeatureContext): (Finding & { effectiveSeverity: SeverityName })[] {
  const out: (Finding & { effectiveSeverity: SeverityName })[] = [];
  for (const rule of RULES) {
    for (const f of rule(ctx)) {
      const chosen = ctx.settings.severity[f.code];
      if (chosen === 'off') continue;
      out.push({ ...f, effectiveSeverity: chosen ?? f.severity });
    }
  }
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
