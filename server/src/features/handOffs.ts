import type { NarrowedBlock } from '../model';
import type { FeatureContext } from './context';

/**
 * For a finding in a helper the hook hands its event/args to (issue 12 §1): the call in the hook
 * that leads there, and the events it happens under, so a helper reached from several places
 * says which one its finding is about.
 */
export function handOffRelated(ctx: FeatureContext, block: NarrowedBlock): { related?: { uri: string; range: NarrowedBlock['range']; message: string }[] } {
  const via = block.handOff;
  if (!via) return {};
  const names = [...new Set(block.events.map((e) => `'${e.value}'`))];
  const when = names.length ? ` when the event is ${names.join(' or ')}` : '';
  return { related: [{ uri: via.uri ?? ctx.uri, range: via.range, message: `reached from ${via.call}${when}` }] };
}
