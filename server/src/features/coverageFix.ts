import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import type { EventName, NarrowedBlock, Position, Range } from '../model';
import { comparePositions } from '../model';
import type { FeatureContext } from './context';
import { coverage, withArguments, type CapabilityCoverage, type HookCoverage } from './coverage';

/**
 * The quick fix of `incomplete-coverage`: the missing events join the comparison that handles the
 * capability's other events, so the hook does to them what it does to those:
 *   - an element of a collection (`event in ("a", "b")`, a module-level set): more elements;
 *   - a `case "a" | "b":` pattern: more alternatives;
 *   - an `if event == "a":` branch: a new `elif event in (...)` after it, with the same body when
 *     the body does not read args (another event's arguments would not fit), else `pass`.
 * The arguments' names go in a comment at the end of the line.
 */
export function coverageFixes(ctx: FeatureContext, diagnostic: Diagnostic): CodeAction[] {
  if (diagnostic.code !== 'incomplete-coverage' || ctx.text === undefined) return [];
  for (const hook of coverage(ctx)) {
    for (const cap of hook.capabilities) {
      if (!cap.targeted || !cap.missing.length || !sameRange(cap.anchor.range, diagnostic.range)) continue;
      const edit = coverageEdit(ctx, ctx.text, hook, cap);
      if (!edit) return [];
      return [
        {
          title: `Handle the ${cap.missing.length} missing ${cap.capability} events`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: true,
          edit: { changes: { [ctx.uri]: edit } },
        },
      ];
    }
  }
  return [];
}

function coverageEdit(ctx: FeatureContext, text: string, hook: HookCoverage, cap: CapabilityCoverage): TextEdit[] | null {
  const lines = text.split('\n');
  const model = ctx.model.hooks[hook.hook];
  const block = model.blocks.find((b) => [...b.events, ...b.prefixes].some((n) => sameRange(n.range, cap.anchor.range)));
  if (!block) return null;
  const names = [...block.events].sort((a, b) => comparePositions(a.range.start, b.range.start));
  const last: EventName = names[names.length - 1] ?? cap.anchor;
  const quoted = cap.missing.map((e) => JSON.stringify(e));
  const comment = `  # ${cap.missing.map((e) => withArguments(ctx, e, hook.versions)).join('; ')}`;
  const endOfLine = (line: number): Position => ({ line, character: lineText(lines, line).replace(/\r$/, '').length });
  const isCase = ctx.model.mentions.some((m) => m.role === 'case' && sameRange(m.name.range, last.range));
  if (isCase) {
    return [
      { range: point(last.range.end), newText: quoted.map((q) => ` | ${q}`).join('') },
      { range: point(endOfLine(last.range.end.line)), newText: comment },
    ];
  }
  const next = nextCharacter(lines, last.range.end);
  if (next === ',' || next === ')' || next === ']' || next === '}') {
    return [
      { range: point(last.range.end), newText: quoted.map((q) => `, ${q}`).join('') },
      { range: point(endOfLine(last.range.end.line)), newText: comment },
    ];
  }
  return elifEdit(ctx, lines, hook, block, last, quoted, comment);
}

/** After the `if event == "a":` branch that handles the capability: `elif event in (...):`. */
function elifEdit(ctx: FeatureContext, lines: string[], hook: HookCoverage, block: NarrowedBlock, last: EventName, quoted: string[], comment: string): TextEdit[] | null {
  const eventParam = ctx.model.hooks[hook.hook].eventParam;
  const header = lineText(lines, last.range.start.line);
  const indent = header.slice(0, header.length - header.trimStart().length);
  const keyword = header.trimStart().split(/\s/, 1)[0];
  if (!eventParam || (keyword !== 'if' && keyword !== 'elif') || block.range.start.line <= last.range.start.line) return null;
  const bodyLines = lines.slice(block.range.start.line, block.range.end.line + 1).map((l) => l.replace(/\r$/, ''));
  const bodyIndent = bodyLines[0].slice(0, bodyLines[0].length - bodyLines[0].trimStart().length);
  const body = block.argsUses.length === 0 ? bodyLines.filter((l) => l.trim() !== '') : [`${bodyIndent}pass`];
  const test = quoted.length === 1 ? `${eventParam} == ${quoted[0]}` : `${eventParam} in (${quoted.join(', ')})`;
  const at: Position = { line: block.range.end.line, character: lineText(lines, block.range.end.line).replace(/\r$/, '').length };
  return [{ range: point(at), newText: `\n${indent}elif ${test}:${comment}\n${body.join('\n')}` }];
}

function nextCharacter(lines: string[], from: Position): string | null {
  for (let line = from.line; line < lines.length; line++) {
    const rest = lineText(lines, line).slice(line === from.line ? from.character : 0).trimStart();
    if (rest && !rest.startsWith('#')) return rest[0];
  }
  return null;
}

function lineText(lines: string[], line: number): string {
  return lines[line] ?? '';
}

function point(p: Position): Range {
  return { start: p, end: p };
}

function sameRange(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}
