// Every diagnostic rule, once: its code, what it reports, its default severity and the function
// that finds it. The codes type, the rule list the diagnostics run, the CLI's SARIF rule texts and
// package.json's severity schema (checked by server/test/rules.test.ts) all come from here.
import type { SeverityName } from '../../model';
import type { FeatureContext } from '../context';
import { argTypeFindings } from './argType';
import { arityFindings } from './arity';
import { eventNotStrFindings } from './eventNotStr';
import type { Finding } from './finding';
import { hookReentryFindings } from './hookReentry';
import { hookSignatureFindings } from './hookSignature';
import { incompleteCoverageFindings } from './incompleteCoverage';
import { inconsistentArityFindings } from './inconsistentArity';
import { indexRangeFindings } from './indexRange';
import { keywordArgsFindings } from './keywordArgs';
import { neverRaisedFindings } from './neverRaised';
import { unknownEventFindings } from './unknownEvent';
import { unpackArityFindings } from './unpackArity';
import { versionFindings } from './version';

export interface Rule {
  code: string;
  /** One line, for SARIF's rule list and the settings' descriptions. */
  summary: string;
  severity: SeverityName;
  /** Where a finding of this rule gets another severity than the default. */
  severityNote?: string;
  /**
   * Whether the rule reads what the whole workspace raises: then it waits until the first index
   * is complete, so that a custom event raised in another file is not reported meanwhile.
   */
  needsWorkspace?: boolean;
  run(ctx: FeatureContext): Finding[];
}

export const RULES = [
  { code: 'arity', summary: 'A raise site passes another number of arguments than the event takes', severity: 'warning', run: arityFindings },
  { code: 'keyword-args', summary: 'sys.audit called with keyword arguments', severity: 'error', run: keywordArgsFindings },
  { code: 'event-not-str', summary: 'The event argument is not a str', severity: 'error', run: eventNotStrFindings },
  { code: 'unpack-arity', summary: "A hook unpacks an event's args into the wrong number of names", severity: 'warning', run: unpackArityFindings },
  { code: 'index-range', summary: "A hook indexes an event's args out of range", severity: 'warning', run: indexRangeFindings },
  {
    code: 'unknown-event',
    summary: 'An event name that nothing raises',
    severity: 'warning',
    severityNote: 'information at raise sites',
    needsWorkspace: true,
    run: unknownEventFindings,
  },
  { code: 'version', summary: 'An event the target Python version does not raise', severity: 'warning', run: versionFindings },
  { code: 'never-raised', summary: 'A documented event name that CPython never raises', severity: 'warning', needsWorkspace: true, run: neverRaisedFindings },
  { code: 'inconsistent-arity', summary: 'A custom event raised with different numbers of arguments', severity: 'warning', run: inconsistentArityFindings },
  { code: 'hook-signature', summary: 'An audit hook that cannot be called as hook(event, args)', severity: 'error', run: hookSignatureFindings },
  { code: 'hook-reentry', summary: 'A hook calls, unguarded, an API that raises an event the same hook handles', severity: 'warning', run: hookReentryFindings },
  { code: 'arg-type', summary: "A hook uses an event's argument in a way none of its observed types allows", severity: 'warning', severityNote: 'information where only None fails', run: argTypeFindings },
  { code: 'incomplete-coverage', summary: 'A hook handles some events of a capability and misses others the target version raises', severity: 'information', run: incompleteCoverageFindings },
] as const satisfies readonly Rule[];

export type DiagnosticCode = (typeof RULES)[number]['code'];

export const DIAGNOSTIC_CODES: readonly DiagnosticCode[] = RULES.map((r) => r.code);
