import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import type { PythonVersion } from '../catalog/catalog';
import type { Position, Range } from '../model';
import { comparePositions, containsPosition } from '../model';
import type { FeatureContext } from './context';
import { coverageFixes } from './coverageFix';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { UNUSED_IGNORE } from './diagnostics/suppression';
import { eventInfo } from './events';
import { fixAll, fixesOf } from './fixes';
import { identifiers } from './identifiers';
import { suppressionEdit } from './suppressionFix';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.auditEvents`;

export { identifiers };

interface DiagnosticData {
  replacements?: string[];
  expectedNames?: string[] | null;
}

/**
 * Quick fixes for the engine's own diagnostics (did-you-mean, the raised name of an erratum,
 * the right names for a wrong unpacking) and the "Add audit hook skeleton" refactoring for the
 * events under the cursor or selection (SPEC §5).
 */
export function codeActions(ctx: FeatureContext, range: Range, diagnostics: readonly Diagnostic[], only?: readonly string[]): CodeAction[] {
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    for (const d of diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE) continue;
      const data = (d.data ?? {}) as DiagnosticData;
      for (const fix of fixesOf(ctx, { code: String(d.code ?? ''), range: d.range, replacements: data.replacements, expectedNames: data.expectedNames })) {
        actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: fix.isPreferred, edit: { changes: { [ctx.uri]: fix.edits } } });
      }
      actions.push(...coverageFixes(ctx, d));
      const silence = typeof d.code === 'string' && d.code !== UNUSED_IGNORE ? suppressionEdit(ctx, d.range.start.line, d.code) : null;
      if (silence) {
        actions.push({
          title: `Ignore '${d.code}' on this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          edit: { changes: { [ctx.uri]: [silence] } },
        });
      }
    }
  }
  // Only when asked by kind (editor.codeActionsOnSave, "Fix all"): it is not a lightbulb entry.
  if (only && wants(FIX_ALL_KIND)) {
    const { edits } = fixAll(ctx);
    if (edits.length) actions.push({ title: 'Fix all audit-events problems that need no choice', kind: FIX_ALL_KIND, edit: { changes: { [ctx.uri]: edits } } });
  }
  if (ctx.model.language === 'python' && wants(CodeActionKind.Refactor)) {
    const events = eventsUnder(ctx, range);
    if (events.length > 0) {
      actions.push({
        title: `Add audit hook skeleton for ${events.map((e) => `'${e}'`).join(', ')}`,
        kind: `${CodeActionKind.Refactor}.auditHookSkeleton`,
        edit: { changes: { [ctx.uri]: [hookSkeletonEdit(ctx, events)] } },
      });
    }
  }
  return actions;
}

/** Event names of the mentions the range touches (raise sites, hook comparisons, collections). */
function eventsUnder(ctx: FeatureContext, range: Range): string[] {
  const names: string[] = [];
  for (const m of ctx.model.mentions) {
    const r = m.name.range;
    const touches =
      containsPosition(r, range.start) ||
      containsPosition(r, range.end) ||
      (comparePositions(range.start, r.start) <= 0 && comparePositions(r.end, range.end) <= 0);
    if (touches && !names.includes(m.name.value) && eventInfo(m.name.value, ctx)) names.push(m.name.value);
  }
  return names;
}

/**
 * A hook that handles the given events, each unpacking its arguments by name, registered with
 * sys.addaudithook, appended to the document two blank lines below its code (PEP 8), in its
 * line endings. `match` needs Python 3.10: older targets get an if/elif chain.
 */
export function hookSkeletonEdit(ctx: FeatureContext, events: readonly string[]): TextEdit {
  const { start, end, eol, atTop } = appendRange(ctx);
  const taken = new Set(ctx.model.hooks.map((h) => h.name));
  let name = 'audit_hook';
  for (let i = 2; taken.has(name); i++) name = `audit_hook_${i}`;
  const sys = ctx.model.sysAlias ?? 'sys';
  const useMatch = versionAtLeast(ctx.settings.versions[0], '3.10', ctx.catalog.versions);
  const body = (event: string, indent: string): string[] => {
    const info = eventInfo(event, ctx);
    if (!info || info.arity === null) return [`${indent}pass  # arguments unknown for this version`];
    if (info.arity === 0) return [`${indent}pass  # no arguments`];
    const names = identifiers(info.args ?? []);
    return [`${indent}${names.length === 1 ? `(${names[0]},)` : names.join(', ')} = args`];
  };
  const lines: string[] = atTop ? [] : ['', '', ''];
  if (!ctx.model.sysAlias) lines.push('import sys', '', '');
  lines.push(`def ${name}(event: str, args: tuple) -> None:`);
  if (useMatch) {
    lines.push('    match event:');
    for (const e of events) lines.push(`        case ${JSON.stringify(e)}:`, ...body(e, '            '));
    lines.push('        case _:', '            pass');
  } else {
    events.forEach((e, i) => lines.push(`    ${i === 0 ? 'if' : 'elif'} event == ${JSON.stringify(e)}:`, ...body(e, '        ')));
  }
  lines.push('', '', `${sys}.addaudithook(${name})`, '');
  return { range: { start, end }, newText: lines.join(eol) };
}

/**
 * Where the skeleton goes: from the end of the document's last code (the blank lines and
 * spaces after it are replaced, so exactly two blank lines separate the two) to its end.
 */
function appendRange(ctx: FeatureContext): { start: Position; end: Position; eol: string; atTop: boolean } {
  const end = ctx.documentEnd ?? { line: Number.MAX_SAFE_INTEGER, character: 0 };
  const text = ctx.text;
  if (text === undefined) return { start: end, end, eol: '\n', atTop: false };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const codeEnd = text.replace(/\s+$/, '').length;
  const before = text.slice(0, codeEnd);
  const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
  const line = before.split(/\r\n|\r|\n/).length - 1;
  return { start: { line, character: codeEnd - lineStart }, end, eol, atTop: codeEnd === 0 };
}

function versionAtLeast(v: PythonVersion, min: PythonVersion, order: readonly PythonVersion[]): boolean {
  return order.indexOf(v) >= order.indexOf(min);
}
