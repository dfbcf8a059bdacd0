import type { PythonVersion } from '../catalog/catalog';
import type { CatalogEntry } from '../protocol';
import type { FeatureContext } from './context';
import { relevanceRank } from './relevance';

/**
 * The events of the target versions (any of them), for the catalog quick pick and `audit-events
 * list`: the custom ones of the settings and the workspace (unless `catalogOnly`), then the
 * catalog's (raised there, or not ruled out) by relevance: public, internal, platform-specific.
 * By name within each group.
 */
export function catalogEntries(ctx: Pick<FeatureContext, 'catalog' | 'settings' | 'workspace'>, catalogOnly = false): CatalogEntry[] {
  const { catalog, settings } = ctx;
  // An event is listed when some target version raises it (or does not rule it out), with the
  // facts of the newest such version.
  const newestFor = new Map<string, PythonVersion>();
  for (const v of settings.versions) for (const e of catalog.events(v)) newestFor.set(e.name, v);
  const entries: CatalogEntry[] = [...newestFor].map(([name, v]) => ({ e: catalog.get(name)!, v })).map(({ e, v }) => ({
    name: e.name,
    args: e.versions[v].args,
    arity: e.versions[v].arity,
    versions: catalog.versionsRaising(e.name),
    docs: e.docs[v]?.[0]?.url ?? null,
    api: e.docs[v]?.[0]?.api ?? null,
    confirmed: e.versions[v].status === 'raised',
    custom: false,
    internal: e.internal,
    windowsOnly: e.windowsOnly,
  }));
  if (!catalogOnly) {
    // `sys.audit("")` mid-typing raises no event worth listing.
    const custom = new Set([...settings.customEvents.keys(), ...ctx.workspace.raisedNames()].filter((n) => n.trim() && !catalog.get(n)));
    for (const name of custom) {
      const args = settings.customEvents.get(name);
      entries.push({ name, args: args ? [...args] : null, arity: args ? args.length : null, versions: [], docs: null, api: null, confirmed: true, custom: true, internal: false, windowsOnly: false });
    }
  }
  const rank = (e: CatalogEntry) => (e.custom ? -1 : relevanceRank(e));
  return entries.sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
