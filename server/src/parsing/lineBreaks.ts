/**
 * The text as the parser must see it: a lone `\r` ends a line for LSP and for Python, but not for
 * tree-sitter, whose rows would then disagree with every position the editor sends and receives.
 * Replacing it with `\n` keeps every offset and makes rows equal to LSP lines.
 */
export function withLspLineBreaks(text: string): string {
  const cr = text.indexOf('\r');
  if (cr < 0) return text;
  return LONE_CR.test(text) ? text.replace(LONE_CR_GLOBAL, '\n') : text;
}

const LONE_CR = /\r(?!\n)/;
const LONE_CR_GLOBAL = /\r(?!\n)/g;
