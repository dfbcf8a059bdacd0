import type { Node } from '../parsing/treeSitter';
import type { Parameter } from '../model';
import type { PositionMap } from '../parsing/positions';
import { namedChildren } from './syntax';

/** The parameters of a def or lambda, in order, with their kinds as Python binds them. */
export function readParameters(fn: Node, map: PositionMap): Parameter[] {
  const list = fn.childForFieldName('parameters');
  if (!list) return [];
  const out: Parameter[] = [];
  let keywordOnly = false;
  for (const p of namedChildren(list)) {
    switch (p.type) {
      case 'identifier':
        out.push({ name: p.text, range: map.range(p), kind: keywordOnly ? 'keyword-only' : 'positional', hasDefault: false });
        break;
      case 'typed_parameter': {
        const id = p.namedChildren.find((c) => c?.type === 'identifier');
        const splat = p.namedChildren.find((c) => c?.type === 'list_splat_pattern' || c?.type === 'dictionary_splat_pattern');
        if (splat) pushSplat(splat, out, map, (k) => (keywordOnly = keywordOnly || k));
        else if (id) out.push({ name: id.text, range: map.range(id), kind: keywordOnly ? 'keyword-only' : 'positional', hasDefault: false });
        break;
      }
      case 'default_parameter':
      case 'typed_default_parameter': {
        const id = p.childForFieldName('name');
        if (id) out.push({ name: id.text, range: map.range(id), kind: keywordOnly ? 'keyword-only' : 'positional', hasDefault: true });
        break;
      }
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
        pushSplat(p, out, map, (k) => (keywordOnly = keywordOnly || k));
        break;
      case 'keyword_separator':
        keywordOnly = true;
        break;
      default:
        break; // positional_separator `/` changes nothing for a positional call
    }
  }
  return out;
}

function pushSplat(p: Node, out: Parameter[], map: PositionMap, setKeywordOnly: (k: boolean) => void): void {
  const id = p.namedChildren.find((c) => c?.type === 'identifier');
  const isVarPositional = p.type === 'list_splat_pattern';
  out.push({
    name: id?.text ?? '',
    range: map.range(id ?? p),
    kind: isVarPositional ? 'var-positional' : 'var-keyword',
    hasDefault: false,
  });
  if (isVarPositional) setKeywordOnly(true);
}
