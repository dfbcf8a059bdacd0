import type { Node, Tree } from '../parsing/treeSitter';
import { dottedName, namedChildren, unparenthesize } from './syntax';
import { MAX_NESTING } from '../parsing/positions';

/** What a local name stands for, as far as audit APIs and hook imports go. */
export type ImportBinding =
  | { kind: 'module'; module: string } // import sys / import sys as s / import hooks
  | { kind: 'member'; module: string; member: string; level: number }; // from sys import audit as a

/** Modules whose audit API the engine knows (CPython's own, and the two backports). */
export const AUDIT_MODULES = new Set(['sys', 'sysaudit', 'subaudit']);

type BindingKind = 'function' | 'class' | 'value';
interface Binding {
  kind: BindingKind;
  node: Node;
}

/**
 * The module's top level, looked up on demand: a binding of a name is found from the places
 * the name occurs in the text, so that the cost follows what the analysis asks for, not the
 * size of the file (a 10,000-line module has thousands of top-level statements).
 */
export class ModuleScope {
  readonly imports = new Map<string, ImportBinding>();
  private readonly bindings = new Map<string, { all: Binding[]; rebound: boolean }>();
  /** The statements this scope read: imports, and every binding a lookup found. */
  readonly consulted: Node[] = [];
  /**
   * Whether any condition of the module can test the running version: each test reads
   * `sys.version_info` or `sys.hexversion`, so a text without those words has none, and no
   * statement's parents need be climbed to look for one.
   */
  readonly mayTestVersions: boolean;

  constructor(
    readonly tree: Tree,
    readonly text: string,
  ) {
    this.mayTestVersions = text.includes('version_info') || text.includes('hexversion');
    const root = tree.rootNode;
    const seen = new Set<number>();
    for (const m of text.matchAll(/\bimport\b/g)) {
      let n: Node | null = root.descendantForIndex(m.index!);
      for (let i = 0; n && i < 3 && n.type !== 'import_statement' && n.type !== 'import_from_statement'; i++) n = n.parent;
      if (!n || (n.type !== 'import_statement' && n.type !== 'import_from_statement') || seen.has(n.startIndex)) continue;
      seen.add(n.startIndex);
      if (isModuleLevel(n)) {
        this.readImport(n);
        this.consulted.push(n);
      }
    }
  }

  private readImport(stmt: Node): void {
    if (stmt.type === 'import_statement') {
      for (const nameNode of stmt.childrenForFieldName('name')) {
        if (!nameNode) continue;
        if (nameNode.type === 'aliased_import') {
          const mod = nameNode.childForFieldName('name')?.text;
          const alias = nameNode.childForFieldName('alias')?.text;
          if (mod && alias) this.imports.set(alias, { kind: 'module', module: mod });
        } else {
          // `import a.b` binds `a`; `import sys` binds `sys`.
          const head = nameNode.text.split('.')[0];
          this.imports.set(head, { kind: 'module', module: head });
        }
      }
      return;
    }
    const moduleNode = stmt.childForFieldName('module_name');
    if (!moduleNode) return;
    let level = 0;
    let module = moduleNode.text;
    if (moduleNode.type === 'relative_import') {
      const prefix = moduleNode.namedChildren.find((c) => c?.type === 'import_prefix');
      level = prefix ? prefix.text.length : 0;
      module = moduleNode.namedChildren.find((c) => c?.type === 'dotted_name')?.text ?? '';
    }
    for (const nameNode of stmt.childrenForFieldName('name')) {
      if (!nameNode) continue;
      let member = nameNode.text;
      let local = member;
      if (nameNode.type === 'aliased_import') {
        member = nameNode.childForFieldName('name')?.text ?? member;
        local = nameNode.childForFieldName('alias')?.text ?? member;
      }
      this.imports.set(local, { kind: 'member', module, member, level });
    }
  }

  /** Every module-level binding of a name, in source order, found where the name occurs. */
  private lookup(name: string): { all: Binding[]; rebound: boolean } {
    let found = this.bindings.get(name);
    if (found) return found;
    found = { all: [], rebound: false };
    if (/^[A-Za-z_]\w*$/.test(name)) {
      const root = this.tree.rootNode;
      const text = this.text;
      for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length)) {
        // Whole words only, and not attributes: `x.name = 1` does not bind `name`.
        if (at > 0 && /[\w.]/.test(text[at - 1])) continue;
        if (/\w/.test(text[at + name.length] ?? '')) continue;
        const id = root.descendantForIndex(at);
        if (!id || id.type !== 'identifier' || id.text !== name) continue;
        const b = bindingAt(id);
        if (b === 'global') {
          found.rebound = true;
          this.consulted.push(id);
        } else if (b && isModuleLevel(b.node)) {
          found.all.push(b);
          this.consulted.push(b.node);
        }
      }
    }
    this.bindings.set(name, found);
    return found;
  }

  functionNamed(name: string): Node | null {
    const all = this.lookup(name).all;
    const last = all[all.length - 1];
    return last?.kind === 'function' ? last.node : null;
  }

  classNamed(name: string): Node | null {
    const all = this.lookup(name).all;
    const last = all[all.length - 1];
    return last?.kind === 'class' ? last.node : null;
  }

  /** The last module-level binding of a name, whatever its kind. */
  binding(name: string): Binding | null {
    const all = this.lookup(name).all;
    return all[all.length - 1] ?? null;
  }

  /** The single value bound to a module-level name, or null if it is bound more than once. */
  constantValue(name: string): Node | null {
    if (this.imports.has(name)) return null;
    const { all, rebound } = this.lookup(name);
    if (rebound || all.length !== 1 || all[0].kind !== 'value') return null;
    return all[0].node;
  }

  /**
   * The fully qualified name a callee expression stands for, when it is an audit API or an
   * imported function: `s.audit` -> 'sys.audit', `a` (from sys import audit as a) -> 'sys.audit'.
   */
  qualify(callee: Node): { module: string; member: string; level: number } | null {
    const parts = dottedName(unparenthesize(callee));
    if (!parts) return null;
    const binding = this.imports.get(parts[0]);
    if (parts.length === 1) {
      return binding?.kind === 'member' ? { module: binding.module, member: binding.member, level: binding.level } : null;
    }
    if (parts.length === 2) {
      if (binding?.kind === 'module') return { module: binding.module, member: parts[1], level: 0 };
      if (binding?.kind === 'member') {
        // from pkg import hooks; hooks.h  ->  module pkg.hooks
        const module = binding.module ? `${binding.module}.${binding.member}` : binding.member;
        return { module, member: parts[1], level: binding.level };
      }
      // sys.audit with no import in the file still counts (SPEC §3).
      if (!binding && AUDIT_MODULES.has(parts[0])) return { module: parts[0], member: parts[1], level: 0 };
    }
    return null;
  }
}

/**
 * What binding an identifier occurrence is: `def NAME`, `class NAME`, `NAME = value` (also in
 * tuple targets, annotated, augmented, chained), a `global NAME`; null for a mere use.
 */
function bindingAt(id: Node): Binding | 'global' | null {
  const parent = id.parent;
  if (!parent) return null;
  switch (parent.type) {
    case 'function_definition':
      return parent.childForFieldName('name')?.startIndex === id.startIndex ? { kind: 'function', node: parent } : null;
    case 'class_definition':
      return parent.childForFieldName('name')?.startIndex === id.startIndex ? { kind: 'class', node: parent } : null;
    case 'global_statement':
      return 'global';
    case 'assignment':
    case 'augmented_assignment': {
      if (parent.childForFieldName('left')?.startIndex !== id.startIndex) return null;
      if (parent.type === 'augmented_assignment') return { kind: 'value', node: parent };
      // `A = B = "x"`: the right side is itself an assignment; the value is at the end.
      let value = parent.childForFieldName('right');
      for (let i = 0; value?.type === 'assignment' && i < MAX_NESTING; i++) value = value.childForFieldName('right');
      return { kind: 'value', node: value ?? parent };
    }
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern': {
      // a, b = ...: bound to something we do not follow.
      let p: Node | null = parent;
      for (let i = 0; p && i < MAX_NESTING && p.type !== 'assignment' && p.type !== 'for_statement'; i++) p = p.parent;
      return p ? { kind: 'value', node: p } : null;
    }
    case 'for_statement':
      return parent.childForFieldName('left')?.startIndex === id.startIndex ? { kind: 'value', node: parent } : null;
    default:
      return null;
  }
}

/** Whether a statement belongs to the module's scope (not a function's or a class body's). */
function isModuleLevel(node: Node): boolean {
  for (let n: Node | null = node.parent, i = 0; n && i < MAX_NESTING; n = n.parent, i++) {
    if (n.type === 'module') return true;
    if (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda') return false;
  }
  return false;
}

/**
 * Finds the definition a name refers to from a point in the code: the innermost enclosing
 * function body that defines it, else the module. Looks at `def`, `class` and plain assignments.
 */
export function findBinding(from: Node, name: string, scope: ModuleScope): Binding | null {
  for (let n: Node | null = from.parent, i = 0; n && i < MAX_NESTING; n = n.parent, i++) {
    if (n.type === 'function_definition') {
      const body = n.childForFieldName('body');
      const found = body ? bindingInBlock(body, name, from.startIndex) : null;
      if (found) return found;
    }
  }
  return scope.binding(name);
}

function bindingInBlock(block: Node, name: string, before: number): Binding | null {
  let found: Binding | null = null;
  for (const stmt0 of namedChildren(block)) {
    if (stmt0.startIndex > before) break;
    const stmt = stmt0.type === 'decorated_definition' ? stmt0.childForFieldName('definition') ?? stmt0 : stmt0;
    if (stmt.type === 'function_definition' && stmt.childForFieldName('name')?.text === name) {
      found = { kind: 'function', node: stmt };
    } else if (stmt.type === 'class_definition' && stmt.childForFieldName('name')?.text === name) {
      found = { kind: 'class', node: stmt };
    } else if (stmt.type === 'expression_statement') {
      const a = stmt.firstNamedChild;
      if (a?.type === 'assignment' && a.childForFieldName('left')?.text === name) {
        const right = a.childForFieldName('right');
        if (right) found = { kind: 'value', node: right };
      }
    }
  }
  return found;
}

/** The class a node sits in (for `self.method`), if any. */
export function enclosingClass(node: Node): Node | null {
  for (let n: Node | null = node.parent, i = 0; n && i < MAX_NESTING; n = n.parent, i++) if (n.type === 'class_definition') return n;
  return null;
}

/** A method defined directly in a class body, with its decorators' names. */
export function findMethod(cls: Node, name: string): { def: Node; decorators: string[] } | null {
  const body = cls.childForFieldName('body');
  if (!body) return null;
  let found: { def: Node; decorators: string[] } | null = null;
  for (const stmt of namedChildren(body)) {
    if (stmt.type === 'function_definition' && stmt.childForFieldName('name')?.text === name) {
      found = { def: stmt, decorators: [] };
    } else if (stmt.type === 'decorated_definition') {
      const def = stmt.childForFieldName('definition');
      if (def?.type === 'function_definition' && def.childForFieldName('name')?.text === name) {
        const decorators = namedChildren(stmt)
          .filter((d) => d.type === 'decorator')
          .map((d) => d.text.replace(/^@\s*/, '').trim());
        found = { def, decorators };
      }
    }
  }
  return found;
}
