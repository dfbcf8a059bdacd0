import type { CatalogEvent, PythonVersion, RaiseStatus } from '../catalog/catalog';
import type { RaisedEvent } from '../model';
import { formatVersionSet } from '../catalog/versionTarget';
import type { FeatureContext } from './context';

/** What the product knows of one event name in one version (the target's newest by default), whatever its source. */
export interface EventInfo {
  name: string;
  source: 'catalog' | 'custom' | 'workspace';
  catalog: CatalogEvent | null;
  status: RaiseStatus;
  arity: number | null;
  args: string[] | null;
}

/**
 * Settings' customEvents win (the user said so), then the catalog, then the events the workspace
 * raises, whose arity holds only when every raise site agrees on it.
 */
export function eventInfo(name: string, ctx: FeatureContext, version: PythonVersion = ctx.settings.version): EventInfo | null {
  const custom = ctx.settings.customEvents.get(name);
  if (custom) {
    return { name, source: 'custom', catalog: ctx.catalog.get(name) ?? null, status: 'raised', arity: custom.length, args: [...custom] };
  }
  const event = ctx.catalog.get(name);
  if (event) {
    const v = event.versions[version];
    return { name, source: 'catalog', catalog: event, status: event.neverRaised ? 'not-raised' : v.status, arity: v.arity, args: v.args };
  }
  const raises = ctx.workspace.raises(name);
  if (raises.length > 0) {
    const { arity, args } = workspaceSignature(raises);
    return { name, source: 'workspace', catalog: null, status: 'raised', arity, args: args && [...args] };
  }
  return null;
}

/**
 * What a custom event's raise sites agree on, derived once per list: every feature asks per site,
 * and deriving it per ask made 20,000 sites of one event quadratic. A list that changes is a new
 * array or a longer one (WorkspaceEvents.raises), so identity and length tell a stale entry.
 */
const signatures = new WeakMap<readonly RaisedEvent[], { length: number; arity: number | null; args: readonly string[] | null }>();

function workspaceSignature(raises: readonly RaisedEvent[]): { arity: number | null; args: readonly string[] | null } {
  const known = signatures.get(raises);
  if (known && known.length === raises.length) return known;
  const arity = consistentArity(raises);
  const entry = { length: raises.length, arity, args: arity === null ? null : workspaceArgNames(raises, arity) };
  signatures.set(raises, entry);
  return entry;
}

/** The count every raise site agrees on (a starred call agrees with anything it can reach). */
export function consistentArity(raises: readonly RaisedEvent[]): number | null {
  const exact = new Set<number>();
  let minimum = 0;
  for (const r of raises) {
    if (!r.arity) continue;
    if (r.arity.atLeast) minimum = Math.max(minimum, r.arity.count);
    else exact.add(r.arity.count);
  }
  if (exact.size !== 1) return null;
  const n = [...exact][0];
  return n >= minimum ? n : null;
}

/** Names for a custom event's arguments, taken from the names its raise sites pass. */
function workspaceArgNames(raises: readonly RaisedEvent[], arity: number): string[] {
  const names: string[] = [];
  for (let i = 0; i < arity; i++) {
    const label = raises.find((r) => !!r.labels[i])?.labels[i];
    names.push(label ?? `arg${i + 1}`);
  }
  return names;
}

/** "3.8–3.10, 3.13" from a list of versions, given the catalog's version order. */
export function versionRanges(list: readonly PythonVersion[], order: readonly PythonVersion[]): string {
  return formatVersionSet(list, order);
}

/** The versions whose arity for this event passes a test (for "right for 3.8–3.10" in messages). */
export function versionsWhereArity(
  event: CatalogEvent,
  test: (arity: number) => boolean,
  order: readonly PythonVersion[],
): PythonVersion[] {
  return order.filter((v) => {
    const facts = event.versions[v];
    return facts.status !== 'not-raised' && facts.arity !== null && test(facts.arity);
  });
}

export function describeArgs(args: readonly string[] | null, arity: number): string {
  const noun = arity === 1 ? 'argument' : 'arguments';
  if (!args || args.length === 0) return `${arity} ${noun}`;
  return `${arity} ${noun} (${args.join(', ')})`;
}

/** All names a hook may meaningfully compare with: catalog, custom settings, workspace raises. */
export function knownEventNames(ctx: FeatureContext): Set<string> {
  const names = new Set<string>();
  for (const e of ctx.catalog.all()) names.add(e.name);
  for (const n of ctx.settings.customEvents.keys()) names.add(n);
  for (const n of ctx.workspace.raisedNames()) names.add(n);
  return names;
}
