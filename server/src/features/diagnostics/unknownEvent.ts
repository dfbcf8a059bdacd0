import type { NearIndex, Suggestion } from '../../catalog/catalog';
import { nearNamesOf } from '../../catalog/nearNames';
import type { EventMention } from '../../model';
import type { FeatureContext } from '../context';
import { knownEventNames } from '../events';
import type { Finding } from './finding';
import { hookNameFinding, moduleFinding, prefixFinding } from './unknownHookName';

export const HOOK_ROLES = new Set<EventMention['role']>(['compare', 'case', 'collection', 'listener']);

/**
 * `unknown-event`. In a hook: a compared name that neither the catalog (any version) nor the
 * workspace nor the settings know; that branch never runs. At a raise site the name is the
 * user's own event unless it sits in a CPython namespace and is a near miss of a catalog event:
 * then it is reported as a likely typo, with information severity (SPEC §4).
 */
export function unknownEventFindings(ctx: FeatureContext): Finding[] {
  const out: Finding[] = [];
  let known: Set<string> | undefined;
  let extra: NearIndex | undefined;
  // One name is often compared in many hooks: its suggestions are computed once.
  const suggestionsFor = new Map<string, Suggestion[]>();
  for (const m of ctx.model.mentions) {
    const name = m.name.value;
    const empty = !name.trim();
    if (m.role === 'raise') {
      if (empty || ctx.catalog.get(name) || ctx.settings.customEvents.has(name) || !ctx.catalog.inCPythonNamespace(name)) continue;
      const suggestions = ctx.catalog.closest(name, 2);
      if (suggestions.length === 0) continue;
      out.push({
        code: 'unknown-event',
        range: m.name.range,
        severity: 'information',
        message: `'${name}' is not an event CPython raises; ${didYouMean(suggestions)} (if it is your own event, name it outside CPython's namespaces)`,
        replacements: suggestions.map((s) => s.name),
      });
    } else if (HOOK_ROLES.has(m.role)) {
      known ??= knownEventNames(ctx);
      if (known.has(name)) continue;
      if (empty) {
        // Every name is "near" an empty one: a did-you-mean would pick one at random.
        out.push({ code: 'unknown-event', range: m.name.range, severity: 'warning', message: 'An empty string is not an audit event name; this comparison never matches', replacements: [] });
        continue;
      }
      extra ??= extraNames(ctx);
      let suggestions = suggestionsFor.get(name);
      if (!suggestions) {
        suggestions = ctx.catalog.closest(name, 2, extra);
        suggestionsFor.set(name, suggestions);
      }
      const finding = hookNameFinding(ctx, name, suggestions, 'this comparison never matches');
      if (finding) out.push({ ...finding, range: m.name.range });
    } else if (m.role === 'prefix') {
      known ??= knownEventNames(ctx);
      const finding = prefixFinding(ctx, name, known);
      if (finding) out.push({ ...finding, range: m.name.range });
    } else if (m.role === 'module') {
      known ??= knownEventNames(ctx);
      const finding = moduleFinding(ctx, name, known);
      if (finding) out.push({ ...finding, range: m.name.range });
    }
  }
  return out;
}

/** The trie of a settings object's custom events, built once per settings, not per check. */
const customNear = new WeakMap<ReadonlyMap<string, readonly string[]>, NearIndex>();

/** The names besides the catalog's that a hook may have meant: custom events, workspace raises. */
function extraNames(ctx: FeatureContext): NearIndex {
  let custom = customNear.get(ctx.settings.customEvents);
  if (!custom) customNear.set(ctx.settings.customEvents, (custom = nearNamesOf([...ctx.settings.customEvents.keys()])));
  const raised = nearNamesOf([...ctx.workspace.raisedNames()]);
  return { near: (q, max) => [...custom.near(q, max), ...raised.near(q, max)] };
}

export function didYouMean(suggestions: Suggestion[]): string {
  const names = suggestions.slice(0, 3).map((s) => `'${s.name}'`);
  return `did you mean ${names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names[0]}?`;
}
