import type { FeatureContext } from '../context';
import { coverage, versionsLabel, withArguments } from '../coverage';
import type { Finding } from './finding';

/**
 * `incomplete-coverage`: a hook that clearly targets a capability (two of its events, or one
 * and a prefix) misses other events of it that the target version raises: what gets through.
 * Sits on the hook's first comparison of one of the capability's events.
 */
export function incompleteCoverageFindings(ctx: FeatureContext): Finding[] {
  const out: Finding[] = [];
  for (const hook of coverage(ctx)) {
    for (const cap of hook.capabilities) {
      if (!cap.targeted || cap.missing.length === 0) continue;
      const missing = cap.missing.map((e) => withArguments(ctx, e, hook.versions));
      out.push({
        code: 'incomplete-coverage',
        range: cap.anchor.range,
        severity: 'information',
        message:
          `'${hook.name}' handles ${cap.handled.length} of ${cap.total} ${cap.capability} events for Python ${versionsLabel(ctx, hook.versions)} ` +
          `(${cap.handled.join(', ')}); these get through: ${missing.join(', ')}`,
      });
    }
  }
  return out;
}
