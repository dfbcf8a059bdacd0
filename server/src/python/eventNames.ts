import type { Node } from '../parsing/treeSitter';
import type { EventName } from '../model';
import type { ModuleScope } from './scope';
import { evaluateString, unparenthesize } from './syntax';
import type { PositionMap } from '../parsing/positions';

/** A str literal (also concatenated, or an f-string without placeholders) as an event name. */
export function literalEventName(node0: Node, map: PositionMap): EventName | null {
  const node = unparenthesize(node0);
  if (node.type !== 'string' && node.type !== 'concatenated_string') return null;
  const v = evaluateString(node);
  if (!v || v.kind !== 'str') return null;
  return {
    value: v.value,
    range: map.range(node),
    contentRange: v.content
      ? { start: map.position(v.content.start.row, v.content.start.column), end: map.position(v.content.end.row, v.content.end.column) }
      : null,
    via: 'literal',
  };
}

/** A literal, or a name bound once at module level to one (SPEC §3), as an event name. */
export function eventName(node0: Node, scope: ModuleScope, map: PositionMap): EventName | null {
  const node = unparenthesize(node0);
  if (node.type === 'identifier') {
    const value = scope.constantValue(node.text);
    const v = value ? evaluateString(unparenthesize(value)) : null;
    return v && v.kind === 'str' ? { value: v.value, range: map.range(node), contentRange: null, via: 'constant' } : null;
  }
  return literalEventName(node, map);
}
