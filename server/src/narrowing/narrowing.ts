import type { EventName } from '../model';

/**
 * What a condition tells about the event, in Python and in C hooks alike: one of these names
 * (events), or a name with one of these prefixes; null events means no exact name is known.
 */
export interface Narrowing {
  events: EventName[] | null;
  prefixes: EventName[];
  /** The Python versions the code can run under (a mask: bit m is 3.m); absent: any. */
  versions?: number;
  /** The event lives under one of these modules (`event.split(".")[0] == "socket"`); absent: any. */
  modules?: string[];
}

/** Both module tests hold: the modules in both; absent on one side, the other's. */
function bothModules(a: Narrowing, b: Narrowing): { modules?: string[] } {
  if (!a.modules) return b.modules ? { modules: b.modules } : {};
  return { modules: b.modules ? a.modules.filter((m) => b.modules!.includes(m)) : a.modules };
}

/** Either module test holds: both lists, when both sides test the module; else nothing known. */
function eitherModules(a: Narrowing, b: Narrowing): { modules?: string[] } {
  return a.modules && b.modules ? { modules: [...a.modules, ...b.modules.filter((m) => !a.modules!.includes(m))] } : {};
}

/** Both version sets hold: their common versions; absent means any. */
function bothVersions(a: Narrowing, b: Narrowing): { versions?: number } {
  if (a.versions === undefined) return b.versions === undefined ? {} : { versions: b.versions };
  return { versions: b.versions === undefined ? a.versions : a.versions & b.versions };
}

/** Either version set holds: all their versions; any when one side allows any. */
function eitherVersions(a: Narrowing, b: Narrowing): { versions?: number } {
  return a.versions === undefined || b.versions === undefined ? {} : { versions: a.versions | b.versions };
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
  return { events, prefixes: [...a.prefixes, ...b.prefixes], ...bothVersions(a, b), ...bothModules(a, b) };
}

/** Either holds (`or`): the names of both, when both sides name events; else nothing exact. */
export function union(a: Narrowing | undefined, b: Narrowing | undefined): Narrowing | undefined {
  if (!a || !b) return undefined;
  if (a.events && b.events) {
    const seen = new Set(a.events.map((e) => e.value));
    return { events: [...a.events, ...b.events.filter((e) => !seen.has(e.value))], prefixes: [], ...eitherVersions(a, b) };
  }
  if (!a.events && !b.events) return { events: null, prefixes: [...a.prefixes, ...b.prefixes], ...eitherVersions(a, b), ...eitherModules(a, b) };
  return undefined;
}
