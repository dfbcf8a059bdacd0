import type { CatalogEvent, PythonVersion } from '../catalog/catalog';
import type { FeatureContext } from './context';
import { describeArgs, eventInfo, versionRanges } from './events';
import { relativeLocation } from './locations';

/** `open(path, mode, flags)` for the target version; `name(?)` when the count is unknown. */
export function signatureLabel(name: string, args: readonly string[] | null): string {
  return args ? `${name}(${args.join(', ')})` : `${name}(…)`;
}

/**
 * The short argument list shown in completion's detail; over a target range whose versions
 * differ, each with its versions: `(path) 3.9–3.10 · (path, dir_fd) 3.11–3.15`.
 */
export function argumentDetail(name: string, ctx: FeatureContext): string {
  const groups = new Map<string, PythonVersion[]>();
  for (const v of ctx.settings.versions) {
    const info = eventInfo(name, ctx, v);
    if (!info) return '';
    const key = info.status === 'not-raised' ? 'not raised' : info.arity === null || !info.args ? '(arguments unknown)' : `(${info.args.join(', ')})`;
    groups.set(key, [...(groups.get(key) ?? []), v]);
    if (info.source !== 'catalog') break;
  }
  if (groups.size === 1) return [...groups.keys()][0];
  return [...groups].map(([key, versions]) => `${key} ${versionRanges(versions, ctx.catalog.versions)}`).join(' · ');
}

/** By event, then by target (its versions joined). */
const cache = new WeakMap<CatalogEvent, Map<string, string>>();

/**
 * What hover and completion documentation say of an event (SPEC §5): signature, count, the API
 * that raises it with a docs link for the target version, the versions that raise it, renames,
 * platform, errata. For a custom event: where the workspace raises it.
 */
export function eventMarkdown(name: string, ctx: FeatureContext): string | null {
  const event = ctx.catalog.get(name);
  const custom = ctx.settings.customEvents.get(name);
  if (event && !custom) {
    const byVersion = cache.get(event) ?? new Map<string, string>();
    cache.set(event, byVersion);
    const key = ctx.settings.versions.join();
    let text = byVersion.get(key);
    if (!text) {
      text = catalogMarkdown(event, ctx);
      byVersion.set(key, text);
    }
    return text + workspaceLines(name, ctx);
  }
  const info = eventInfo(name, ctx);
  if (!info) return null;
  const lines: string[] = [];
  lines.push('```python\n' + `sys.audit(${JSON.stringify(name)}${info.args?.length ? ', ' + info.args.join(', ') : ''})` + '\n```');
  if (info.source === 'custom') {
    lines.push(`Custom event declared in settings: takes ${describeArgs(info.args, info.arity ?? 0)}.`);
  } else {
    lines.push(
      info.arity === null
        ? 'Custom event raised in this workspace with different numbers of arguments.'
        : `Custom event raised in this workspace: ${describeArgs(info.args, info.arity)}.`,
    );
  }
  return lines.join('\n\n') + workspaceLines(name, ctx);
}

function catalogMarkdown(event: CatalogEvent, ctx: FeatureContext): string {
  const v = ctx.settings.version;
  const facts = event.versions[v];
  const order = ctx.catalog.versions;
  const lines: string[] = [];
  const args = facts.args ?? latestArgs(event, order);
  lines.push('```python\n' + `${signatureLabel(event.name, args)}` + '\n```');

  const raising = ctx.catalog.versionsRaising(event.name);
  const unknown = ctx.catalog.versionsUnknown(event.name);
  if (event.neverRaised) {
    lines.push(
      `**Never raised.** The docs list this event, but CPython does not raise it${event.raisedAs ? `: it raises \`${event.raisedAs}\`` : ''}. A hook comparing with this name never runs.`,
    );
  } else {
    // One line per run of target versions that agree: a range that spans a change shows both.
    const groups: { versions: PythonVersion[]; line: (versions: string) => string; key: string }[] = [];
    for (const tv of ctx.settings.versions) {
      const f = event.versions[tv];
      const count = f.arity === null ? '' : describeArgs(f.args, f.arity);
      const key = `${f.status}|${count}`;
      const last = groups[groups.length - 1];
      if (last && last.key === key) {
        last.versions.push(tv);
        continue;
      }
      const line =
        f.status === 'not-raised'
          ? (vs: string) => `**Not raised by Python ${vs}** (${ctx.settings.versions.length > 1 ? 'part of the target' : 'the target version'}). Raised in ${versionRanges(raising, order) || 'no version'}.`
          : f.status === 'unknown'
            ? (vs: string) => `Python ${vs}: **unknown** whether CPython raises it: no source, build, docs table or interpreter of ${vs} shows it or rules it out.${count ? ` Where raised: ${count}.` : ''}`
            : (vs: string) => `Python ${vs}: ${count || 'an unknown number of arguments'}.`;
      groups.push({ versions: [tv], line, key });
    }
    for (const g of groups) lines.push(g.line(versionRanges(g.versions, order)));
  }

  const docs = event.docs[v] ?? event.docs[latestDocumented(event, order) ?? v];
  if (docs && docs.length) {
    const apis = docs.map((d) => `[\`${d.api}\`](${d.url})`);
    lines.push(`Raised by ${apis.join(', ')}.`);
  }

  if (raising.length || unknown.length) lines.push(versionLine(raising, unknown, order));
  const history = argumentHistory(event, order);
  if (history) lines.push(history);

  const flags: string[] = [];
  if (event.windowsOnly) flags.push('Windows only');
  if (event.internal) flags.push('internal to CPython (listed in the docs among internal events)');
  if (event.undocumented && !event.neverRaised) flags.push('not in the docs\' audit events table');
  if (flags.length) lines.push(flags.map((f) => f[0].toUpperCase() + f.slice(1)).join('. ') + '.');
  for (const note of event.notes) lines.push(`*${note}*`);
  return lines.join('\n\n');
}

/** "Raised in: 3.9–3.15; unknown for 3.8.": a version nothing decides is never left out as if not raised. */
function versionLine(raising: readonly PythonVersion[], unknown: readonly PythonVersion[], order: readonly PythonVersion[]): string {
  const parts: string[] = [];
  if (raising.length) parts.push(`Raised in: ${versionRanges(raising, order)}`);
  if (unknown.length) parts.push(`${raising.length ? 'unknown for' : 'Unknown for'}: ${versionRanges(unknown, order)}`);
  return parts.join('; ') + '.';
}

/** "Arguments by version: 3.8, 3.9, 3.10: (path) · 3.11, ...: (path, dir_fd)" when they differ. */
function argumentHistory(event: CatalogEvent, order: readonly PythonVersion[]): string | null {
  const groups: { key: string; versions: PythonVersion[] }[] = [];
  for (const v of order) {
    const f = event.versions[v];
    if (f.status === 'not-raised' || f.arity === null) continue;
    const key = `(${(f.args ?? []).join(', ')})`;
    const last = groups[groups.length - 1];
    if (last && last.key === key) last.versions.push(v);
    else groups.push({ key, versions: [v] });
  }
  if (groups.length < 2) return null;
  return `Arguments by version: ${groups.map((g) => `${g.versions.join(', ')}: ${event.name}${g.key}`).join(' · ')}.`;
}

function latestArgs(event: CatalogEvent, order: readonly PythonVersion[]): string[] | null {
  for (let i = order.length - 1; i >= 0; i--) {
    const a = event.versions[order[i]].args;
    if (a) return a;
  }
  return null;
}

function latestDocumented(event: CatalogEvent, order: readonly PythonVersion[]): PythonVersion | null {
  for (let i = order.length - 1; i >= 0; i--) if (event.docs[order[i]]?.length) return order[i];
  return null;
}

function workspaceLines(name: string, ctx: FeatureContext): string {
  const raises = ctx.workspace.raises(name);
  if (raises.length === 0) return '';
  const shown = raises.slice(0, 5).map((r) => {
    const n = r.arity ? `${r.arity.atLeast ? '≥' : ''}${r.arity.count} argument${r.arity.count === 1 ? '' : 's'}` : 'arguments unknown';
    return `- ${relativeLocation(r.uri, r.range, ctx.uri)} (${n})`;
  });
  const more = raises.length > 5 ? `\n- … and ${raises.length - 5} more` : '';
  return `\n\nRaised in this workspace:\n${shown.join('\n')}${more}`;
}
