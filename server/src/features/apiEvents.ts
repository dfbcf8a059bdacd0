import type { Catalog, PythonVersion } from '../catalog/catalog';

/** What a name that is an API, not an event, stands for: the events the API was seen raising. */
export interface ApiEventsAnswer {
  api: string;
  /** The events the API raises on the target version (on any version when it does not run there). */
  events: string[];
  /** The one event that is the API's own action, when the facts single one out; null otherwise. */
  own: string | null;
}

/**
 * A hook that compares the event with `os.popen` meant the event `os.popen()` raises. The answer
 * comes from the observed API-to-event facts only, never from a near spelling: `os.popen` is one
 * edit from `os.open`, whose event `open` would block every file open.
 *
 * The API's own event, which a quick fix may put in place of the name: the event when the API
 * raises one (on the target version); when it raises several, the one it raises on every version
 * (events of some versions only are how one implementation does it: `os.posix_spawn` under
 * 3.13's subprocess.run); when it raises several on every version, the one whose name holds the
 * API's own name, case aside (`os.popen` -> `subprocess.Popen`, not the `open` of its
 * pipe nor the `os.posix_spawn` that 3.13's subprocess uses), if exactly one does. Otherwise
 * none is its own (`eval` compiles, then executes: `compile` and `exec` are both its events),
 * and no single fix is offered. Undefined when the name is not an observed API.
 */
export function apiEvents(catalog: Catalog, name: string, version: PythonVersion): ApiEventsAnswer | undefined {
  const record = catalog.apiEvents(name);
  if (!record) return undefined;
  const events = catalog.eventsRaisedBy(name, version) ?? record.map((e) => e.event);
  const everywhere = record.filter((e) => !e.in && events.includes(e.event)).map((e) => e.event);
  const own = events.length === 1 ? events[0] : everywhere.length === 1 ? everywhere[0] : namesake(name, everywhere.length ? everywhere : events);
  return { api: name, events, own };
}

function namesake(api: string, events: readonly string[]): string | null {
  const tail = (n: string) => n.slice(n.lastIndexOf('.') + 1).toLowerCase();
  const own = tail(api);
  const found = events.filter((e) => tail(e).includes(own));
  return found.length === 1 ? found[0] : null;
}

/** `'a'`, `'a' and 'b'`, `'a', 'b' and 'c'`. */
export function quotedList(names: readonly string[]): string {
  const q = names.map((n) => `'${n}'`);
  return q.length > 1 ? `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}` : (q[0] ?? '');
}
