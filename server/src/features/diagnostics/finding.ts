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
  /** For 'unpack-arity' quick fixes: the argument names the unpacking should use. */
  expectedNames?: string[];
  related?: { uri: string; range: Range; message: string }[];
}
