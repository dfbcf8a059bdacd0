import type { Node, Tree } from '../parsing/treeSitter';

/**
 * `#define NAME "literal"` at the top level of a C file or header (also inside its include
 * guard): the string macros that raise sites concatenate with literals (`MODULE_NAME ".open"`,
 * issue 12 §7). Only a value that is one plain string literal counts.
 */
export function stringMacros(tree: Tree): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (n: Node, depth: number) => {
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === 'preproc_def') {
        const name = c.childForFieldName('name')?.text;
        const value = c.childForFieldName('value')?.text.trim();
        const literal = value ? /^"((?:[^"\\\n]|\\[\\"'])*)"$/.exec(value) : null;
        if (name && literal) out.set(name, literal[1].replace(/\\(["'\\])/g, '$1'));
      } else if (depth < 4 && (c.type === 'preproc_ifdef' || c.type === 'preproc_if' || c.type === 'preproc_else')) {
        visit(c, depth + 1);
      }
    }
  };
  visit(tree.rootNode, 0);
  return out;
}

/** The headers a C file includes with quotes (`#include "pamx.h"`), as written. */
export function quotedIncludes(tree: Tree): string[] {
  const out: string[] = [];
  const visit = (n: Node, depth: number) => {
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === 'preproc_include') {
        const path = c.childForFieldName('path');
        if (path?.type === 'string_literal') {
          const content = path.namedChildren.find((p) => p?.type === 'string_content')?.text;
          if (content) out.push(content);
        }
      } else if (depth < 4 && (c.type === 'preproc_ifdef' || c.type === 'preproc_if' || c.type === 'preproc_else')) {
        visit(c, depth + 1);
      }
    }
  };
  visit(tree.rootNode, 0);
  return out;
}
