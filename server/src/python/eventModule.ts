import type { Node } from '../parsing/treeSitter';
import { evaluateString, integerValue, namedChildren, unparenthesize } from './syntax';

/**
 * The module part of the event name, as hooks take it (issue 12 §3): `event.split(".")[0]`,
 * `event.partition(".")[0]`, `event.rsplit(".", 1)[0]`, `event.rpartition(".")[0]`. Comparing it
 * with "socket" tests that the event lives under `socket.`.
 */
export function isEventModuleExpression(node0: Node, isEvent: (n: Node) => boolean): boolean {
  const node = unparenthesize(node0);
  if (node.type !== 'subscript' || node.childrenForFieldName('subscript').length !== 1) return false;
  const index = node.childForFieldName('subscript');
  const value = node.childForFieldName('value');
  return !!index && integerValue(index) === 0 && !!value && isEventModuleSplit(unparenthesize(value), isEvent);
}

/**
 * `module, _, rest = event.partition(".")`: the names the first target binds to the event's module.
 * Null when the assignment is not of this shape.
 */
export function eventModuleTargets(target: Node, value: Node, isEvent: (n: Node) => boolean): string[] | null {
  if (isEventModuleExpression(value, isEvent)) return target.type === 'identifier' ? [target.text] : null;
  if (target.type !== 'pattern_list' && target.type !== 'tuple_pattern' && target.type !== 'list_pattern') return null;
  const first = namedChildren(target)[0];
  const call = unparenthesize(value);
  if (first?.type !== 'identifier' || !isEventModuleSplit(call, isEvent)) return null;
  const method = call.childForFieldName('function')?.childForFieldName('attribute')?.text;
  // `a, b = event.split(".")` unpacks every part: only partition's three parts are a fixed shape.
  return method === 'partition' || method === 'rpartition' ? [first.text] : null;
}

/** `event.split(".")`, `event.partition(".")` and the r- forms, whose first part is a module. */
function isEventModuleSplit(call: Node, isEvent: (n: Node) => boolean): boolean {
  if (call.type !== 'call') return false;
  const fn = call.childForFieldName('function');
  const args = call.childForFieldName('arguments');
  const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
  const obj = fn?.childForFieldName('object');
  if (!method || !obj || !isEvent(obj) || args?.type !== 'argument_list') return false;
  const list = namedChildren(args);
  const sep = list[0]?.type === 'keyword_argument' ? list[0].childForFieldName('name')?.text === 'sep' ? list[0].childForFieldName('value') : null : list[0];
  const sepValue = sep?.type === 'string' ? evaluateString(sep) : null;
  if (sepValue?.kind !== 'str' || sepValue.value !== '.') return false;
  if (method === 'partition' || method === 'rpartition') return list.length === 1;
  if (method !== 'split' && method !== 'rsplit') return false;
  if (list.length === 1) return true;
  if (list.length !== 2) return false;
  const m = list[1].type === 'keyword_argument' ? (list[1].childForFieldName('name')?.text === 'maxsplit' ? list[1].childForFieldName('value') : null) : list[1];
  const maxsplit = m ? integerValue(m) : null;
  // maxsplit 0 keeps the whole name; rsplit with 2 or more cuts more than the last part.
  if (maxsplit === null || maxsplit === 0) return false;
  return method === 'split' || maxsplit === 1 || maxsplit < 0;
}
