/**
 * The events that live under a module as hooks test it (`event.split(".")[0] == "socket"`): the
 * names whose part before the module's end is the module (`socket.connect`, and `open` for the
 * module "open"), among the catalog's, the settings' and the workspace's (issue 12 §3).
 */
export function moduleEvents(known: Iterable<string>, modules: readonly string[]): string[] {
  const out: string[] = [];
  for (const name of known) if (modules.some((m) => name === m || name.startsWith(`${m}.`))) out.push(name);
  return out.sort();
}
