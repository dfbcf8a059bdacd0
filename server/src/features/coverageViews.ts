import { MarkupKind, type CodeLens, type Hover } from 'vscode-languageserver-types';
import type { PythonVersion } from '../catalog/catalog';
import type { Position } from '../model';
import { containsPosition } from '../model';
import type { FeatureContext } from './context';
import { coverage, coverageSummary, hookCoverage, versionsLabel, withArguments, type CapabilityCoverage } from './coverage';

/** The server command a coverage code lens runs: arguments [uri, hook index]. */
export const MISSING_EVENTS_COMMAND = 'auditEvents.coverage.missing';

/** What the command answers: per capability, the missing events with their arguments. */
export interface MissingEventsResult {
  hook: string;
  versions: PythonVersion[];
  capabilities: { capability: string; targeted: boolean; missing: string[] }[];
  /** The same as text, as the command shows it. */
  text: string;
}

/** A lens above each hook that handles catalog events: `handles 2 of 17 process-creation events · 1 of 25 network`. */
export function coverageLenses(ctx: FeatureContext): CodeLens[] {
  if (ctx.model.language !== 'python') return [];
  return coverage(ctx).map((c) => ({
    range: c.nameRange,
    command: { title: coverageSummary(c), command: MISSING_EVENTS_COMMAND, arguments: [ctx.uri, c.hook] },
  }));
}

/** The missing events of one hook, for the lens's command; null for a hook that is not there. */
export function missingEvents(ctx: FeatureContext, hookIndex: number): MissingEventsResult | null {
  const c = hookCoverage(ctx, hookIndex);
  if (!c) return null;
  const capabilities = c.capabilities.map((cap) => ({
    capability: cap.capability,
    targeted: cap.targeted,
    missing: cap.missing.map((e) => withArguments(ctx, e, c.versions)),
  }));
  const lines = capabilities.filter((cap) => cap.missing.length).map((cap) => `${cap.capability}: ${cap.missing.join(', ')}`);
  const text = lines.length
    ? `'${c.name}' misses, for Python ${versionsLabel(ctx, c.versions)}: ${lines.join('; ')}`
    : `'${c.name}' handles every event of the capabilities it touches, for Python ${versionsLabel(ctx, c.versions)}`;
  return { hook: c.name, versions: c.versions, capabilities, text };
}

/**
 * Hover on a hook's name: per capability it touches, the events handled and missing, then what
 * gets around the capability with no event at all (calls seen raising nothing) and the argument
 * pitfalls of the handled events (a type only a few APIs pass: `open`'s mode None via os.open).
 */
export function coverageHover(ctx: FeatureContext, pos: Position): Hover | null {
  const i = ctx.model.hooks.findIndex((h) => containsPosition(h.nameRange, pos));
  if (i < 0) return null;
  const c = hookCoverage(ctx, i);
  if (!c || !c.capabilities.length) return null;
  const code = (s: string) => `\`${s}\``;
  const out: string[] = [
    `**${code(c.name)}**: audit events handled, per capability, for Python ${versionsLabel(ctx, c.versions)}`,
    '',
    '| capability | handled | missing |',
    '|---|---|---|',
  ];
  for (const cap of c.capabilities) {
    const handled = `${cap.handled.length} of ${cap.total}: ${cap.handled.map(code).join(', ')}`;
    const missing = cap.missing.length ? cap.missing.map(code).join(', ') : '—';
    out.push(`| ${cap.capability}${cap.targeted ? ' (targeted)' : ''} | ${handled} | ${missing} |`);
  }
  for (const cap of c.capabilities) {
    const notes = capabilityNotes(ctx, cap, c.versions);
    if (notes.length) out.push('', `**${cap.capability}**: ${cap.title}`, ...notes.map((n) => `- ${n}`));
  }
  return { contents: { kind: MarkupKind.Markdown, value: out.join('\n') }, range: c.nameRange };
}

/** The ways around a capability that raise nothing, and the handled events' argument pitfalls. */
export function capabilityNotes(ctx: FeatureContext, cap: CapabilityCoverage, versions: readonly PythonVersion[]): string[] {
  const version = versions[versions.length - 1];
  const notes: string[] = [];
  const silent = ctx.catalog.notAudited(cap.capability, version);
  if (silent.length) notes.push(`not audited (seen raising no event): ${silent.map((s) => `\`${s.call}\``).join(', ')}`);
  for (const event of cap.handled) {
    const types = ctx.catalog.argumentTypes(event, version);
    if (!types) continue;
    const args = ctx.catalog.get(event)?.versions[version]?.args ?? null;
    types.forEach((seen, position) => {
      for (const type of seen) {
        const apis = ctx.catalog.apisPassingType(event, position, type);
        if (apis.length) notes.push(`\`${event}\`'s ${args?.[position] ?? `argument ${position + 1}`} is \`${type}\` via ${apis.map((a) => `\`${a}\``).join(', ')}`);
      }
    });
  }
  return notes;
}
