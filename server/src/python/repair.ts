import type { Node, Tree } from '../parsing/treeSitter';
import { MAX_NESTING, PositionMap } from '../parsing/positions';

export interface Repair {
  text: string;
  map: PositionMap;
}

// Characters an event name is made of; a half-typed string ends at the first other character.
const EVENT_NAME_CHAR = /[A-Za-z0-9_.\/\-]/;

/**
 * Closes strings the user is still typing (`sys.audit("os.re` with no closing quote, as editors
 * without auto-closing leave it), so that the tree around them has its real shape. Tree-sitter
 * turns an unterminated string into an ERROR holding a lone string_start; one quote inserted
 * after the event-name characters that follow it gives a string again. Returns null when nothing
 * needs repair.
 */
export function repairUnterminatedStrings(text: string, tree: Tree): Repair | null {
  if (!tree.rootNode.hasError) return null;
  const starts: Node[] = [];
  collectDanglingStringStarts(tree.rootNode, starts);
  if (starts.length === 0) return null;

  const inserts: { index: number; quote: string; row: number }[] = [];
  for (const s of starts) {
    const quote = s.text.replace(/^[A-Za-z]*/, '');
    if (quote.length !== 1) continue; // a triple-quoted string is never an event name
    let i = s.endIndex;
    while (i < text.length && EVENT_NAME_CHAR.test(text[i])) i++;
    if (i < text.length && text[i] === quote) continue; // closed after all; the error is elsewhere
    inserts.push({ index: i, quote, row: s.startPosition.row });
  }
  if (inserts.length === 0) return null;
  inserts.sort((a, b) => a.index - b.index);

  let out = '';
  let last = 0;
  const byRow = new Map<number, number[]>();
  for (const [k, ins] of inserts.entries()) {
    out += text.slice(last, ins.index) + ins.quote;
    last = ins.index;
    const lineStart = text.lastIndexOf('\n', ins.index - 1) + 1;
    // Column of the inserted quote in the repaired text: earlier inserts on the row shift it.
    const earlierOnRow = inserts.slice(0, k).filter((o) => o.row === ins.row).length;
    const cols = byRow.get(ins.row) ?? [];
    cols.push(ins.index - lineStart + earlierOnRow);
    byRow.set(ins.row, cols);
  }
  out += text.slice(last);
  return { text: out, map: new PositionMap(byRow) };
}

function collectDanglingStringStarts(root: Node, out: Node[]): void {
  // Only subtrees with errors can hold a string_start outside a string.
  const stack: [Node, number][] = [[root, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    for (const child of node.children) {
      if (!child) continue;
      if (child.type === 'string_start' && node.type !== 'string') out.push(child);
      else if (child.hasError && depth < MAX_NESTING) stack.push([child, depth + 1]);
    }
  }
}
