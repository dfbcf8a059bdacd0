// `audit-events coverage`: per hook and capability, the events handled and missing for the target
// version(s), as text, json or markdown; --fail-on-missing makes a gap in a targeted capability fail.
import { fileURLToPath } from 'node:url';
import type { FeatureContext } from '../features/context';
import { argumentNames, coverage, versionsLabel } from '../features/coverage';
import { rel } from './reporters';

export const COVERAGE_FORMATS = ['text', 'json', 'markdown'] as const;
export type CoverageFormat = (typeof COVERAGE_FORMATS)[number];

export interface CoverageRow {
  path: string;
  hook: string;
  /** 1-based, like the other reports. */
  line: number;
  versions: string[];
  capabilities: {
    capability: string;
    title: string;
    targeted: boolean;
    handled: string[];
    missing: { event: string; args: string[] | null }[];
    total: number;
  }[];
}

/** The coverage rows of every hook of the checked files, in path and line order. */
export function coverageRows(contexts: readonly FeatureContext[]): CoverageRow[] {
  const rows: CoverageRow[] = [];
  for (const ctx of contexts) {
    if (ctx.model.language !== 'python') continue;
    const path = fileURLToPath(ctx.uri);
    for (const h of coverage(ctx)) {
      rows.push({
        path,
        hook: h.name,
        line: h.nameRange.start.line + 1,
        versions: h.versions,
        capabilities: h.capabilities.map((c) => ({
          capability: c.capability,
          title: c.title,
          targeted: c.targeted,
          handled: c.handled,
          missing: c.missing.map((event) => ({ event, args: argumentNames(ctx, event, h.versions) })),
          total: c.total,
        })),
      });
    }
  }
  return rows.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
}

/** True when a capability a hook targets misses events: what --fail-on-missing fails on. */
export function hasTargetedGaps(rows: readonly CoverageRow[]): boolean {
  return rows.some((r) => r.capabilities.some((c) => c.targeted && c.missing.length > 0));
}

export function formatCoverage(rows: readonly CoverageRow[], fmt: CoverageFormat, contexts: readonly FeatureContext[]): string {
  if (fmt === 'json') return JSON.stringify(rows.map((r) => ({ ...r, path: rel(r.path) })), null, 2) + '\n';
  const label = (r: CoverageRow) => {
    const ctx = contexts[0];
    return ctx ? versionsLabel(ctx, r.versions) : r.versions.join(', ');
  };
  const withArgs = (m: { event: string; args: string[] | null }) => (m.args ? `${m.event}(${m.args.join(', ')})` : m.event);
  const out: string[] = [];
  if (fmt === 'markdown') {
    out.push('# Audit hook coverage', '');
    if (!rows.length) out.push('No audit hook handles a catalog event.', '');
    for (const r of rows) {
      out.push(`## \`${r.hook}\` (${rel(r.path)}:${r.line}), Python ${label(r)}`, '');
      out.push('| capability | targeted | handled | missing |', '|---|---|---|---|');
      for (const c of r.capabilities) {
        const handled = `${c.handled.length} of ${c.total}: ${c.handled.map((e) => `\`${e}\``).join(', ')}`;
        const missing = c.missing.length ? c.missing.map((m) => `\`${withArgs(m)}\``).join(', ') : '—';
        out.push(`| ${c.capability} | ${c.targeted ? 'yes' : 'no'} | ${handled} | ${escapePipes(missing)} |`);
      }
      out.push('');
    }
    return out.join('\n');
  }
  for (const r of rows) {
    out.push(`${rel(r.path)}:${r.line}: ${r.hook} (Python ${label(r)})`);
    for (const c of r.capabilities) {
      out.push(`  ${c.capability}: handles ${c.handled.length} of ${c.total}${c.targeted ? ' (targeted)' : ''}: ${c.handled.join(', ')}`);
      if (c.missing.length) out.push(`    missing: ${c.missing.map(withArgs).join(', ')}`);
    }
  }
  const gaps = rows.reduce((n, r) => n + r.capabilities.filter((c) => c.targeted && c.missing.length).length, 0);
  out.push(`${rows.length} hook${rows.length === 1 ? '' : 's'}, ${gaps} targeted capabilit${gaps === 1 ? 'y' : 'ies'} with missing events`);
  return out.join('\n') + '\n';
}

function escapePipes(s: string): string {
  return s.replace(/\|/g, '\\|');
}
