import type { FeatureContext } from '../context';
import type { Finding } from './finding';

const DESCRIPTION = { bytes: 'a bytes literal', number: 'a number', none: 'None', bool: 'a bool' } as const;

/**
 * `event-not-str`: the event must be a str. With any hook installed CPython raises
 * `TypeError: expected str for argument 'event'`; with none installed the call returns early up
 * to 3.13, and raises all the same from 3.14 (catalog.nonStrEventAlwaysRaises).
 */
export function eventNotStrFindings(ctx: FeatureContext): Finding[] {
  const out: Finding[] = [];
  const when = ctx.catalog.nonStrEventAlwaysRaises(ctx.settings.version)
    ? `always in ${ctx.settings.version}, hook or no hook`
    : 'once any audit hook is installed';
  for (const site of ctx.model.raiseSites) {
    const kind = site.eventArgument?.kind;
    if (!site.eventArgument || !kind || !(kind in DESCRIPTION)) continue;
    out.push({
      code: 'event-not-str',
      range: site.eventArgument.range,
      severity: 'error',
      message: `The event must be a str; found ${DESCRIPTION[kind as keyof typeof DESCRIPTION]} (TypeError: expected str for argument 'event' ${when})`,
    });
  }
  return out;
}
