import type { Range } from '../model';
import { containsPosition } from '../model';
import type { FeatureContext } from './context';
import { knownEventNames } from './events';

const COMPARED = new Set(['compare', 'case', 'collection', 'prefix']);

/**
 * The inferred hooks (shaped like hooks, registered nowhere: issue 12 §2) that stay quiet: the
 * names they compare do not look like audit events. A name looks like one when it is a dotted
 * name in a namespace CPython raises events in (`socket.conect` is a typo of an event, `user.` or
 * `order.created` are not), or when at least half of the names are events that the catalog, the
 * settings or the workspace know (`open` and `exec` together; a lone `open` among `close`,
 * `save` and `quit` is a UI handler's).
 */
export function quietHookRanges(ctx: FeatureContext): Range[] {
  const out: Range[] = [];
  const quiet = quietHooks(ctx);
  if (quiet.length === 0) return out;
  const byHook = mentionsByHook(ctx);
  for (const i of quiet) {
    out.push(ctx.model.hooks[i].range);
    // The helpers it hands its event/args to speak for it, and stay quiet with it.
    for (const b of ctx.model.hooks[i].blocks) if (b.handOff) out.push(b.range);
    // A module-level set the hook tests sits outside the hook, but its names are the hook's.
    for (const m of byHook.get(i) ?? []) out.push(m.name.range);
  }
  return out;
}

/** The indices of the inferred hooks that stay quiet (see quietHookRanges). */
export function quietHooks(ctx: FeatureContext): number[] {
  const inferred = ctx.model.hooks.map((h, i) => (h.inferred ? i : -1)).filter((i) => i >= 0);
  if (inferred.length === 0) return [];
  let known: Set<string> | undefined;
  const out: number[] = [];
  // Grouped once: a pasted module can hold thousands of inferred hooks and of mentions.
  const byHook = mentionsByHook(ctx);
  for (const i of inferred) {
    const names = (byHook.get(i) ?? []).filter((m) => COMPARED.has(m.role)).map((m) => ({ value: m.name.value, prefix: m.role === 'prefix' }));
    let looksLikeAudit = false;
    let knownCount = 0;
    for (const n of names) {
      if (n.value.includes('.') && ctx.catalog.inCPythonNamespace(n.value)) {
        looksLikeAudit = true;
        break;
      }
      known ??= knownEventNames(ctx);
      if (known.has(n.value) || (n.prefix && n.value.includes('.') && [...known].some((k) => k.startsWith(n.value)))) knownCount++;
    }
    if (!looksLikeAudit && !(knownCount > 0 && knownCount * 2 >= names.length)) out.push(i);
  }
  return out;
}

function mentionsByHook(ctx: FeatureContext): Map<number, FeatureContext['model']['mentions']> {
  const out = new Map<number, FeatureContext['model']['mentions']>();
  for (const m of ctx.model.mentions) {
    if (m.hook === undefined || m.hook === null) continue;
    const list = out.get(m.hook);
    if (list) list.push(m);
    else out.set(m.hook, [m]);
  }
  return out;
}

/** True when the range lies in an inferred hook that stays quiet (or is one of its names), outside any raise site. */
export function inQuietHook(ctx: FeatureContext, quiet: readonly Range[], range: Range): boolean {
  if (!quiet.some((q) => containsPosition(q, range.start))) return false;
  return !ctx.model.raiseSites.some((r) => containsPosition(r.range, range.start));
}
