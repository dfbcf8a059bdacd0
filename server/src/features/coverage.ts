import type { Capability, CatalogEvent, PythonVersion } from '../catalog/catalog';
import { formatVersionSet } from '../catalog/versionTarget';
import type { EventName, Hook, Range } from '../model';
import { comparePositions } from '../model';
import type { FeatureContext } from './context';

/** How much of one capability a hook handles, for the target version(s). */
export interface CapabilityCoverage {
  capability: Capability;
  title: string;
  /** The capability's events the hook handles (by name or by prefix), sorted. */
  handled: string[];
  /** The capability's events the target version(s) can raise that the hook does not handle, sorted. */
  missing: string[];
  /** handled + missing. */
  total: number;
  /**
   * The hook clearly means to watch the capability: it handles two of its events, or one and a
   * prefix. A single event handled (for logging, say) is not a target.
   */
  targeted: boolean;
  /** The first comparison of one of the capability's events in the hook: where findings sit. */
  anchor: EventName;
}

export interface HookCoverage {
  /** Index into the model's hooks. */
  hook: number;
  name: string;
  nameRange: Range;
  versions: PythonVersion[];
  /** The capabilities the hook handles at least one event of, targeted ones first. */
  capabilities: CapabilityCoverage[];
}

/**
 * The versions coverage is judged against: every version of the target range when the settings
 * have one, else the target version.
 */
export function coverageVersions(ctx: FeatureContext): PythonVersion[] {
  const range = (ctx.settings as { versions?: readonly PythonVersion[] }).versions;
  return range && range.length ? [...range] : [ctx.settings.version];
}

/** The events of a capability that any of the versions can raise (raised or unknown there). */
export function capabilityEvents(ctx: FeatureContext, capability: Capability, versions: readonly PythonVersion[]): readonly CatalogEvent[] {
  // Asked once per hook and capability: a pasted module with thousands of hooks asks the same thing thousands of times.
  let cache = capabilityEventsCache.get(ctx.catalog);
  if (!cache) capabilityEventsCache.set(ctx.catalog, (cache = new Map()));
  const key = `${capability}\0${versions.join(',')}`;
  let events = cache.get(key);
  if (!events) {
    const seen = new Map<string, CatalogEvent>();
    for (const v of versions) for (const e of ctx.catalog.eventsOf(capability, v)) seen.set(e.name, e);
    events = [...seen.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    cache.set(key, events);
  }
  return events;
}

const capabilityEventsCache = new WeakMap<object, Map<string, readonly CatalogEvent[]>>();

/** Coverage of every hook of the document that handles at least one catalog event. */
export function coverage(ctx: FeatureContext): HookCoverage[] {
  const out: HookCoverage[] = [];
  ctx.model.hooks.forEach((_, i) => {
    const c = hookCoverage(ctx, i);
    if (c && c.capabilities.length) out.push(c);
  });
  return out;
}

/** Which events of each capability the hook handles and misses; null for a hook index out of range. */
export function hookCoverage(ctx: FeatureContext, hookIndex: number): HookCoverage | null {
  const hook: Hook | undefined = ctx.model.hooks[hookIndex];
  // A helper that hooks of other files hand off to has no coverage of its own.
  if (!hook || hook.handOffTarget) return null;
  const versions = coverageVersions(ctx);
  const names: EventName[] = [];
  const prefixes: EventName[] = [];
  for (const b of hook.blocks) {
    // Coverage is read from the hook's own tests; its helpers' blocks repeat them per call.
    if (b.letsThrough || b.handOff) continue;
    names.push(...b.events);
    prefixes.push(...b.prefixes);
  }
  const byPosition = (a: EventName, b: EventName) => comparePositions(a.range.start, b.range.start);
  names.sort(byPosition);
  prefixes.sort(byPosition);

  const capabilities: CapabilityCoverage[] = [];
  const order = Object.keys(ctx.catalog.capabilities) as Capability[];
  for (const capability of order) {
    const events = capabilityEvents(ctx, capability, versions);
    const byName = names.filter((n) => events.some((e) => e.name === n.value));
    const byPrefix = prefixes.filter((p) => events.some((e) => e.name.startsWith(p.value)));
    if (byName.length === 0 && byPrefix.length === 0) continue;
    const handledSet = new Set<string>();
    for (const e of events) {
      if (byName.some((n) => n.value === e.name) || byPrefix.some((p) => e.name.startsWith(p.value))) handledSet.add(e.name);
    }
    if (handledSet.size === 0) continue;
    const handled = events.filter((e) => handledSet.has(e.name)).map((e) => e.name);
    const missing = events.filter((e) => !handledSet.has(e.name)).map((e) => e.name);
    const distinctNames = new Set(byName.map((n) => n.value)).size;
    const targeted = distinctNames >= 2 || (distinctNames >= 1 && byPrefix.length >= 1) || (byPrefix.length >= 1 && handled.length >= 2);
    const anchor = [...byName, ...byPrefix].sort(byPosition)[0];
    capabilities.push({ capability, title: ctx.catalog.capabilities[capability], handled, missing, total: events.length, targeted, anchor });
  }
  capabilities.sort((a, b) => Number(b.targeted) - Number(a.targeted));
  return { hook: hookIndex, name: hook.name, nameRange: hook.nameRange, versions, capabilities };
}

/**
 * The catalog events a hook handles (by name, or by a prefix it tests), leaving out blocks that
 * only let the event through.
 */
export function handledEvents(ctx: FeatureContext, hookIndex: number): Set<string> {
  const out = new Set<string>();
  const hook = ctx.model.hooks[hookIndex];
  if (!hook) return out;
  const prefixes: string[] = [];
  for (const b of hook.blocks) {
    if (b.letsThrough || b.handOff) continue;
    for (const e of b.events) out.add(e.value);
    for (const p of b.prefixes) prefixes.push(p.value);
  }
  if (prefixes.length) for (const e of ctx.catalog.events(ctx.settings.version)) if (prefixes.some((p) => e.name.startsWith(p))) out.add(e.name);
  return out;
}

/** `os.exec(path, args, env)`: an event with its argument names for the target version(s). */
export function withArguments(ctx: FeatureContext, event: string, versions: readonly PythonVersion[]): string {
  const args = argumentNames(ctx, event, versions);
  return args ? `${event}(${args.join(', ')})` : event;
}

/** The argument names of the newest of the versions that knows them; null when none does. */
export function argumentNames(ctx: FeatureContext, event: string, versions: readonly PythonVersion[]): string[] | null {
  const e = ctx.catalog.get(event);
  if (!e) return null;
  for (const v of [...versions].reverse()) {
    const args = e.versions[v]?.args;
    if (args) return args;
  }
  return null;
}

/** `3.13` or `3.9–3.13`, for messages. */
export function versionsLabel(ctx: FeatureContext, versions: readonly PythonVersion[]): string {
  return formatVersionSet(versions, ctx.catalog.versions);
}

/** `handles 2 of 17 process-creation events · 1 of 25 network`: the code lens's title. */
export function coverageSummary(c: HookCoverage): string {
  return c.capabilities
    .map((cap, i) => (i === 0 ? `handles ${cap.handled.length} of ${cap.total} ${cap.capability} events` : `${cap.handled.length} of ${cap.total} ${cap.capability}`))
    .join(' · ');
}
