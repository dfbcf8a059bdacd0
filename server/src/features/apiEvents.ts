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
 * The API's own event: when it raises one event, that one; when it raises several, the last of
 * those it raises on every version where it runs. The earlier ones are steps on the way (eval
 * compiles before it executes; os.popen opens its pipe as a file object around starting the
 * process), and events raised only on some versions are how one implementation does it (from
 * 3.13 subprocess uses os.posix_spawn). Undefined when the name is not an observed API.
 */
export function apiEvents(catalog: Catalog, name: string, version: PythonVersion): ApiEventsAnswer | undefined {
  const record = catalog.apiEvents(name);
  if (!record) return undefined;
  const events = catalog.eventsRaisedBy(name, version) ?? record.map((e) => e.event);
  const everywhere = record.filter((e) => !e.in).map((e) => e.event);
  const own = events.length === 1 ? events[0] : everywhere.length > 0 ? everywhere[everywhere.length - 1] : null;
  return { api: name, events, own };
}

/** `'a'`, `'a' and 'b'`, `'a', 'b' and 'c'`. */
export function quotedList(names: readonly string[]): string {
  const q = names.map((n) => `'${n}'`);
  return q.length > 1 ? `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}` : (q[0] ?? '');
}
