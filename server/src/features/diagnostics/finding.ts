import type { Range } from '../../model';
import type { SeverityName } from '../../model';
import type { DiagnosticCode } from './rules';

/** What a diagnostic module reports; diagnostics/index.ts applies the user's severities. */
export interface Finding {
  /** A rule's code, or 'unused-ignore' (suppression.ts). */
  code: DiagnosticCode | 'unused-ignore';
  range: Range;
  message: string;
  /** The severity when the user has not chosen one for this code. */
  severity: SeverityName;
  /** For quick fixes: names that would replace the range's text. */
  replacements?: string[];
  /**
   * The one replacement is a fact, not a guess (an erratum's raised name, the event an API
   * raises): "fix all" applies it without asking. Spelling guesses never are.
   */
  safeFix?: boolean;
  /** For 'unpack-arity' quick fixes: the argument names the unpacking should use. */
  expectedNames?: string[];
  related?: { uri: string; range: Range; message: string }[];
}
