import type { CatalogEntry } from '../protocol';
import type { FeatureContext } from './context';

/**
 * The events of the target version, for the catalog quick pick and `audit-events list`: the
 * catalog's (raised there, or not ruled out), then the custom ones of the settings and the
 * workspace unless `catalogOnly`. Sorted by name.
 */
export function catalogEntries(ctx: Pick<FeatureContext, 'catalog' | 'settings' | 'workspace'>, catalogOnly = false): CatalogEntry[] {
  const { catalog, settings } = ctx;
  const v = settings.version;
  const entries: CatalogEntry[] = catalog.events(v).map((e) => ({
    name: e.name,
    args: e.versions[v].args,
    arity: e.versions[v].arity,
    versions: catalog.versionsRaising(e.name),
    docs: e.docs[v]?.[0]?.url ?? null,
    api: e.docs[v]?.[0]?.api ?? null,
    confirmed: e.versions[v].status === 'raised',
    custom: false,
  }));
  if (!catalogOnly) {
    const custom = new Set([...settings.customEvents.keys(), ...ctx.workspace.raisedNames()].filter((n) => !catalog.get(n)));
    for (const name of custom) {
      const args = settings.customEvents.get(name);
      entries.push({ name, args: args ? [...args] : null, arity: args ? args.length : null, versions: [], docs: null, api: null, confirmed: true, custom: true });
    }
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
