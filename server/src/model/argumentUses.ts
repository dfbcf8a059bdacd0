import type { Range } from './document';

/**
 * What code in a narrowed block does with one argument's value (issue 12 §5): subscripts it,
 * iterates it, tests `x in it`, calls a method on it, tests it with isinstance, or binds a name to
 * it (`mode = args[1]`). The features hold each use against the argument's observed types.
 */
export type ArgumentUseKind = 'subscript' | 'iterate' | 'contains' | 'method' | 'isinstance' | 'bind';

/** What a literal operand of the use is: the needle of `"w" in mode`, the argument of `cmd.startswith(b"x")`. */
export type LiteralKind = 'str' | 'bytes' | 'int';

export interface ArgumentUse {
  kind: ArgumentUseKind;
  /** Which argument: 0-based; negative counts from the end (`args[-1]`, names after a *rest). */
  index: number;
  /** The argument as written at the use (`args[0]`, `mode`); for 'bind', the name bound. */
  operand: { text: string; range: Range };
  /** The whole use (`target[0]`, `"w" in mode`); for 'bind', the `args[i]` bound from. */
  range: Range;
  /** The use as written, cut to a readable length, for messages. */
  expression: string;
  /** 'contains': the needle's kind; 'method': its first argument's (a tuple of str counts as str). */
  literal?: LiteralKind;
  /** 'method': the method's name. */
  method?: string;
  /** 'isinstance': the class names as written (`str`, `types.CodeType`); absent when not all are plain names. */
  classes?: string[];
  /** 'isinstance' under `not`. */
  negated?: boolean;
  /**
   * What the code already checks before the use: 'none' after a test for None or truthiness,
   * 'type' after isinstance/type()/hasattr or inside a try that catches TypeError.
   */
  guard?: 'none' | 'type';
}
