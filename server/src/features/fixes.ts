import type { TextEdit } from 'vscode-languageserver-types';
import type { EventName, Range } from '../model';
import { comparePositions } from '../model';
import type { FeatureContext } from './context';
import { findings } from './diagnostics';
import { identifiers } from './identifiers';

/** What a fix needs of a finding: a Finding itself, or an LSP diagnostic's code, range and data. */
export interface Fixable {
  code: string;
  range: Range;
  replacements?: readonly string[];
  expectedNames?: readonly string[] | null;
  /** The one replacement is a fact, not a guess (finding.ts). */
  safeFix?: boolean;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  isPreferred: boolean;
  /** Needs no choice: "fix all" (the editor's source.fixAll, the CLI's --fix) applies it. */
  safe: boolean;
}

/**
 * The fixes of one finding: did-you-mean replacements of an event name (the first three), the
 * right names for a wrong unpacking. The quick fixes and "fix all" both come from here.
 */
export function fixesOf(ctx: FeatureContext, f: Fixable): Fix[] {
  const out: Fix[] = [];
  const name = ctx.model.mentions.find((m) => sameRange(m.name.range, f.range))?.name;
  const replacements = f.replacements ?? [];
  if (name) {
    for (const [i, replacement] of replacements.slice(0, 3).entries()) {
      const edit = replaceEventName(name, replacement);
      if (!edit) continue;
      out.push({ title: `Change to '${replacement}'`, edits: [edit], isPreferred: i === 0, safe: !!f.safeFix && replacements.length === 1 });
    }
  }
  if (f.code === 'unpack-arity' && f.expectedNames?.length) {
    const names = identifiers(f.expectedNames);
    // Renaming what the hook unpacks changes the names the code after it reads: a choice.
    out.push({ title: `Unpack as ${names.join(', ')}`, edits: [{ range: f.range, newText: names.length === 1 ? `(${names[0]},)` : names.join(', ') }], isPreferred: true, safe: false });
  }
  return out;
}

/** Every fix of the document that needs no choice, as one set of non-overlapping edits. */
export function fixAll(ctx: FeatureContext): { fixes: { code: string; title: string; edit: TextEdit }[]; edits: TextEdit[] } {
  const fixes: { code: string; title: string; edit: TextEdit }[] = [];
  for (const f of findings(ctx)) {
    for (const fix of fixesOf(ctx, f)) {
      if (!fix.safe) continue;
      for (const edit of fix.edits) {
        if (fixes.some((x) => overlaps(x.edit.range, edit.range))) continue;
        fixes.push({ code: f.code, title: fix.title, edit });
      }
    }
  }
  return { fixes, edits: fixes.map((f) => f.edit) };
}

function replaceEventName(name: EventName, replacement: string): TextEdit | null {
  return name.contentRange ? { range: name.contentRange, newText: replacement } : null;
}

function sameRange(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}

function overlaps(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.end) < 0 && comparePositions(b.start, a.end) < 0;
}
