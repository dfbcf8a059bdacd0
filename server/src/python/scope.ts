import type { Node, Tree } from '../parsing/treeSitter';
import { dottedName, namedChildren, unparenthesize } from './syntax';

/** What a local name stands for, as far as audit APIs and hook imports go. */
export type ImportBinding =
  | { kind: 'module'; module: string } // import sys / import sys as s / import hooks
  | { kind: 'member'; module: string; member: string; level: number }; // from sys import audit as a

/** Modules whose audit API the engine knows (CPython's own, and the two backports). */
export const AUDIT_MODULES = new Set(['sys', 'sysaudit', 'subaudit']);

/**
 * The module's top level, read once: imports (also inside top-level if/try blocks, where
 * `try: import sysaudit as s` lives), assignments, functions and classes.
 */
export class ModuleScope {
  readonly imports = new Map<string, ImportBinding>();
  /** name -> every value assigned to it at module level (more than one: not a constant). */
  readonly assignments = new Map<string, Node[]>();
  readonly functions = new Map<string, Node>();
  readonly classes = new Map<string, Node>();
  /** Names rebound by `global` statements inside functions: not constants. */
  readonly rebound = new Set<string>();

  constructor(readonly tree: Tree) {
    this.readBlock(tree.rootNode, 0);
  }

  private readBlock(block: Node, depth: number): void {
    // Deleted explicitly: a cursor left to the garbage collector is freed by a finalizer, which
    // must never run after its WebAssembly instance trapped (see SourceParser).
    const cursor = block.walk();
    try {
      if (cursor.gotoFirstChild()) this.readCursorSiblings(cursor, depth);
    } finally {
      cursor.delete();
    }
  }

  private readCursorSiblings(cursor: ReturnType<Node['walk']>, depth: number): void {
    do {
      const type = cursor.nodeType;
      if (
        type === 'import_statement' ||
        type === 'import_from_statement' ||
        type === 'expression_statement' ||
        type === 'function_definition' ||
        type === 'class_definition' ||
        type === 'decorated_definition' ||
        ((type === 'if_statement' || type === 'try_statement' || type === 'with_statement') && depth < 3)
      ) {
        this.readStatement(cursor.currentNode, depth);
      }
    } while (cursor.gotoNextSibling());
  }

  private readStatement(stmt: Node, depth: number): void {
    switch (stmt.type) {
      case 'import_statement':
        for (const nameNode of stmt.childrenForFieldName('name')) {
          if (!nameNode) continue;
          if (nameNode.type === 'aliased_import') {
            const mod = nameNode.childForFieldName('name')?.text;
            const alias = nameNode.childForFieldName('alias')?.text;
            if (mod && alias) this.imports.set(alias, { kind: 'module', module: mod });
          } else {
            // `import a.b` binds `a`; `import sys` binds `sys`.
            const mod = nameNode.text;
            const head = mod.split('.')[0];
            this.imports.set(head, { kind: 'module', module: head });
          }
        }
        return;
      case 'import_from_statement': {
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
        return;
      }
      case 'expression_statement': {
        const assignment = stmt.firstNamedChild;
        if (assignment?.type === 'assignment') this.readAssignment(assignment);
        else if (assignment?.type === 'augmented_assignment') {
          const left = assignment.childForFieldName('left');
          if (left?.type === 'identifier') this.addAssignment(left.text, assignment);
        }
        return;
      }
      case 'function_definition': {
        const name = stmt.childForFieldName('name')?.text;
        if (name) this.functions.set(name, stmt);
        this.collectGlobals(stmt);
        return;
      }
      case 'class_definition': {
        const name = stmt.childForFieldName('name')?.text;
        if (name) this.classes.set(name, stmt);
        return;
      }
      case 'decorated_definition': {
        const def = stmt.childForFieldName('definition');
        if (def) this.readStatement(def, depth);
        return;
      }
      default:
        // if / try / with at module level: their blocks are still module scope.
        for (const child of namedChildren(stmt)) {
          if (child.type === 'block') this.readBlock(child, depth + 1);
          else if (
            child.type === 'else_clause' ||
            child.type === 'elif_clause' ||
            child.type === 'except_clause' ||
            child.type === 'finally_clause'
          ) {
            for (const b of namedChildren(child)) if (b.type === 'block') this.readBlock(b, depth + 1);
          }
        }
    }
  }

  private readAssignment(assignment: Node): void {
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (!left) return;
    if (left.type === 'identifier') {
      // `A = B = "x"`: the right side is itself an assignment.
      if (right?.type === 'assignment') {
        this.readAssignment(right);
        const value = right.childForFieldName('right');
        if (value) this.addAssignment(left.text, value);
      } else {
        this.addAssignment(left.text, right ?? assignment);
      }
    } else {
      // Tuple targets: every name is bound, to something we do not follow.
      for (const id of left.descendantsOfType('identifier')) if (id) this.addAssignment(id.text, assignment);
    }
  }

  private addAssignment(name: string, value: Node): void {
    const list = this.assignments.get(name) ?? [];
    list.push(value);
    this.assignments.set(name, list);
  }

  private collectGlobals(fn: Node): void {
    const body = fn.childForFieldName('body');
    if (!body || !body.text.includes('global')) return;
    for (const g of body.descendantsOfType('global_statement')) {
      if (!g) continue;
      for (const id of g.namedChildren) if (id?.type === 'identifier') this.rebound.add(id.text);
    }
  }

  /** The single value bound to a module-level name, or null if it is bound more than once. */
  constantValue(name: string): Node | null {
    if (this.rebound.has(name) || this.imports.has(name) || this.functions.has(name) || this.classes.has(name)) {
      return null;
    }
    const values = this.assignments.get(name);
    return values && values.length === 1 ? values[0] : null;
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
      return binding?.kind === 'member'
        ? { module: binding.module, member: binding.member, level: binding.level }
        : null;
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
 * Finds the definition a name refers to from a point in the code: the innermost enclosing
 * function body that defines it, else the module. Looks at `def`, `class` and plain assignments.
 */
export function findBinding(
  from: Node,
  name: string,
  scope: ModuleScope,
): { kind: 'function' | 'class' | 'value'; node: Node } | null {
  for (let n: Node | null = from.parent; n; n = n.parent) {
    if (n.type === 'function_definition') {
      const body = n.childForFieldName('body');
      const found = body ? bindingInBlock(body, name, from.startIndex) : null;
      if (found) return found;
    }
  }
  const fn = scope.functions.get(name);
  if (fn) return { kind: 'function', node: fn };
  const cls = scope.classes.get(name);
  if (cls) return { kind: 'class', node: cls };
  const value = scope.assignments.get(name);
  if (value && value.length >= 1) return { kind: 'value', node: value[value.length - 1] };
  return null;
}

function bindingInBlock(
  block: Node,
  name: string,
  before: number,
): { kind: 'function' | 'class' | 'value'; node: Node } | null {
  let found: { kind: 'function' | 'class' | 'value'; node: Node } | null = null;
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
  for (let n: Node | null = node.parent; n; n = n.parent) if (n.type === 'class_definition') return n;
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
