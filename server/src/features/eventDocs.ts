import type { CatalogEvent, PythonVersion } from '../catalog/catalog';
import type { FeatureContext } from './context';
import { describeArgs, eventInfo, versionRanges } from './events';
import { relativeLocation } from './locations';

/** `open(path, mode, flags)` for the target version; `name(?)` when the count is unknown. */
export function signatureLabel(name: string, args: readonly string[] | null): string {
  return args ? `${name}(${args.join(', ')})` : `${name}(…)`;
}

/** The short argument list shown in completion's detail. */
export function argumentDetail(name: string, ctx: FeatureContext): string {
  const info = eventInfo(name, ctx);
  if (!info) return '';
  if (info.arity === null || !info.args) return '(arguments unknown)';
  return `(${info.args.join(', ')})`;
}

const cache = new WeakMap<CatalogEvent, Map<PythonVersion, string>>();

/**
 * What hover and completion documentation say of an event (SPEC §5): signature, count, the API
 * that raises it with a docs link for the target version, the versions that raise it, renames,
 * platform, errata. For a custom event: where the workspace raises it.
 */
export function eventMarkdown(name: string, ctx: FeatureContext): string | null {
  const event = ctx.catalog.get(name);
  const custom = ctx.settings.customEvents.get(name);
  if (event && !custom) {
    const byVersion = cache.get(event) ?? new Map<PythonVersion, string>();
    cache.set(event, byVersion);
    let text = byVersion.get(ctx.settings.version);
    if (!text) {
      text = catalogMarkdown(event, ctx);
      byVersion.set(ctx.settings.version, text);
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
  } else if (facts.status === 'not-raised') {
    lines.push(`**Not raised by Python ${v}** (the target version). Raised in ${versionRanges(raising, order) || 'no version'}.`);
  } else if (facts.status === 'unknown') {
    const count = facts.arity === null ? '' : ` Where raised: ${describeArgs(facts.args, facts.arity)}.`;
    lines.push(`Python ${v}: **unknown** whether CPython raises it: no source, build, docs table or interpreter of ${v} shows it or rules it out.${count}`);
  } else {
    const count = facts.arity === null ? 'an unknown number of arguments' : describeArgs(facts.args, facts.arity);
    lines.push(`Python ${v}: ${count}.`);
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
