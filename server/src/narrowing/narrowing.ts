import type { EventName } from '../model';

/**
 * What a condition tells about the event, in Python and in C hooks alike: one of these names
 * (events), or a name with one of these prefixes; null events means no exact name is known.
 */
export interface Narrowing {
  events: EventName[] | null;
  prefixes: EventName[];
}

/** Both hold (`and`, a nested if): the names in both; without names on one side, the other's. */
export function intersect(a: Narrowing | undefined, b: Narrowing | undefined): Narrowing | undefined {
  if (!a) return b;
  if (!b) return a;
  let events: EventName[] | null;
  if (a.events && b.events) {
    const inB = new Set(b.events.map((e) => e.value));
    events = a.events.filter((e) => inB.has(e.value));
  } else {
    events = a.events ?? b.events;
  }
  return { events, prefixes: [...a.prefixes, ...b.prefixes] };
}

/** Either holds (`or`): the names of both, when both sides name events; else nothing exact. */
export function union(a: Narrowing | undefined, b: Narrowing | undefined): Narrowing | undefined {
  if (!a || !b) return undefined;
  if (a.events && b.events) {
    const seen = new Set(a.events.map((e) => e.value));
    return { events: [...a.events, ...b.events.filter((e) => !seen.has(e.value))], prefixes: [] };
  }
  if (!a.events && !b.events) return { events: null, prefixes: [...a.prefixes, ...b.prefixes] };
  return undefined;
}
