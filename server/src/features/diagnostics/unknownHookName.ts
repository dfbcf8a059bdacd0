import type { Suggestion } from '../../catalog/catalog';
import { editDistance } from '../../catalog/editDistance';
import { apiEvents, quotedList } from '../apiEvents';
import type { FeatureContext } from '../context';
import { moduleEvents } from '../moduleEvents';
import type { Finding } from './finding';
import { didYouMean } from './unknownEvent';

type RangeLess = Omit<Finding, 'range'>;

/**
 * What to say about a name a hook compares with that nothing raises. An API name (`os.popen`)
 * gets the event the API raises, from the observed facts only; a name outside CPython's modules
 * with no near event is some library's own event (issue 12 §7): a hint on how to declare it, not
 * a warning; anything else never matches.
 */
export function hookNameFinding(ctx: FeatureContext, name: string, suggestions: Suggestion[], never: string): RangeLess | null {
  const api = apiEvents(ctx.catalog, name, ctx.settings.version);
  if (api) {
    if (api.events.length === 0) {
      return {
        code: 'unknown-event',
        severity: 'warning',
        message: `'${name}' is not an audit event, and ${name}() was seen raising none; ${never}`,
      };
    }
    const raises = `${name}() raises ${quotedList(api.events)}`;
    if (api.events.length === 1) {
      return { code: 'unknown-event', severity: 'warning', message: `'${name}' is not an audit event: ${raises}; ${never}. Did you mean '${api.events[0]}'?`, replacements: api.events, safeFix: true };
    }
    return {
      code: 'unknown-event',
      severity: 'warning',
      message: api.own
        ? `'${name}' is not an audit event: ${raises}, its own being '${api.own}'; ${never}. Did you mean '${api.own}'?`
        : `'${name}' is not an audit event: ${raises}, none of them its own event; ${never}`,
      // The quick fix offers the API's own event first, then the others it raises.
      replacements: api.own ? [api.own, ...api.events.filter((e) => e !== api.own)] : [],
    };
  }
  // Only when the API is the nearest match: `os.spwn` is a misspelt `os.spawn`, not `os.open`.
  const alias = suggestions[0]?.reason === 'alias' ? suggestions[0] : undefined;
  if (alias) {
    return {
      code: 'unknown-event',
      severity: 'warning',
      message: `'${name}' is not an audit event${alias.api !== name ? ` (nor is '${alias.api}')` : ''}: ${alias.api}() raises '${alias.name}'; ${never}. Did you mean '${alias.name}'?`,
      replacements: suggestions.map((s) => s.name),
      // The errata's and the docs' aliases are facts: fix-all may apply one with no other choice.
      safeFix: suggestions.length === 1,
    };
  }
  if (!ctx.catalog.inCPythonModule(name) && suggestions.length === 0) {
    return {
      code: 'unknown-event',
      severity: 'hint',
      message: `'${name}' is not raised by CPython or this workspace; if a library raises it, declare it in customEvents (pyproject: [tool.audit-events.custom-events]) to check its arguments`,
    };
  }
  return {
    code: 'unknown-event',
    severity: 'warning',
    message: `'${name}' is not an audit event that CPython or this workspace raises; ${never}${suggestions.length ? `. ${capitalize(didYouMean(suggestions))}` : ''}`,
    replacements: suggestions.map((s) => s.name),
  };
}

/**
 * `event.startswith(prefix)` where no event of the catalog, the settings or the workspace starts
 * with the prefix: the test never holds (issue 12 §4). Suggestions are the prefixes of known
 * events nearest to it.
 */
export function prefixFinding(ctx: FeatureContext, prefix: string, known: ReadonlySet<string>): RangeLess | null {
  if (prefix === '') return null;
  // The documented names CPython never raises (sys.set_asyncgen_hooks) match nothing either.
  const raised = [...known].filter((n) => !ctx.catalog.get(n)?.neverRaised);
  if (raised.some((n) => n.startsWith(prefix))) return null;
  const never = 'this prefix test never matches';
  const api = apiEvents(ctx.catalog, prefix, ctx.settings.version);
  if (api) return hookNameFinding(ctx, prefix, [], never);
  const suggestions = nearestPrefixes(prefix, raised);
  if (!ctx.catalog.inCPythonModule(prefix.endsWith('.') ? `${prefix}x` : prefix) && suggestions.length === 0) {
    return hookNameFinding(ctx, prefix, [], never);
  }
  return {
    code: 'unknown-event',
    severity: 'warning',
    message: `no audit event that CPython or this workspace raises starts with '${prefix}'; ${never}${suggestions.length ? `. Did you mean ${quotedOr(suggestions)}?` : ''}`,
    replacements: suggestions,
  };
}

/**
 * `event.split(".")[0] == "sockets"`: no event of the catalog, the settings or the workspace
 * lives under that module, so the test never holds (issue 12 §3). Suggestions are the nearest
 * modules of known events; a name outside CPython's modules with none near is some library's.
 */
export function moduleFinding(ctx: FeatureContext, module: string, known: ReadonlySet<string>): RangeLess | null {
  if (module === '') return null;
  const raised = [...known].filter((n) => !ctx.catalog.get(n)?.neverRaised);
  if (moduleEvents(raised, [module]).length) return null;
  const never = 'this comparison never matches';
  const suggestions = nearestPrefixes(`${module}.`, raised).map((p) => p.slice(0, -1));
  if (!ctx.catalog.inCPythonModule(`${module}.x`) && suggestions.length === 0) return hookNameFinding(ctx, module, [], never);
  return {
    code: 'unknown-event',
    severity: 'warning',
    message: `no audit event that CPython or this workspace raises lives under module '${module}' (none starts with '${module}.'); ${never}${suggestions.length ? `. Did you mean ${quotedOr(suggestions)}?` : ''}`,
    replacements: suggestions,
  };
}

/** Prefixes of known names within a small edit distance, nearest first, at most three. */
function nearestPrefixes(prefix: string, known: readonly string[]): string[] {
  const limit = prefix.length <= 4 ? 1 : 2;
  const lower = prefix.toLowerCase();
  const scored = new Map<string, number>();
  for (const n of known) {
    for (let len = Math.max(1, prefix.length - limit); len <= Math.min(n.length, prefix.length + limit); len++) {
      const candidate = n.slice(0, len);
      if (scored.has(candidate)) continue;
      const d = editDistance(lower, candidate.toLowerCase(), limit);
      if (d <= limit) scored.set(candidate, d);
    }
  }
  // A prefix that ends at a dot means a whole module: only module prefixes are its near misses.
  const modules = prefix.endsWith('.');
  return [...scored]
    .filter(([n]) => !modules || n.endsWith('.'))
    .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 3)
    .map(([n]) => n);
}

function quotedOr(names: string[]): string {
  const q = names.map((n) => `'${n}'`);
  return q.length > 1 ? `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}` : q[0];
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
