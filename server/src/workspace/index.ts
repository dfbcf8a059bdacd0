import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { MentionedEvent, RaisedEvent, WorkspaceEvents } from '../features/context';
import type { DocumentModel, ImportedHook } from '../model';

interface FileEntry {
  raises: Map<string, RaisedEvent[]>;
  mentions: Map<string, MentionedEvent[]>;
  importedHooks: ImportedHook[];
}

/**
 * What the workspace raises and where hooks mention events, file by file, merged: the custom
 * events of SPEC §3 and the targets of go-to-definition and references. Open documents replace
 * their file's entry as they change; nothing here holds a syntax tree.
 */
export class WorkspaceIndex implements WorkspaceEvents {
  private readonly files = new Map<string, FileEntry>();
  private readonly raisesByName = new Map<string, RaisedEvent[]>();
  private readonly mentionsByName = new Map<string, MentionedEvent[]>();
  private externalHookCache: Map<string, Set<string>> | null = null;
  /** Bumped on every change, so callers can tell stale answers apart. */
  generation = 0;

  constructor(private readonly roots: () => readonly string[] = () => []) {}

  update(uri: string, model: DocumentModel): boolean {
    const entry: FileEntry = { raises: new Map(), mentions: new Map(), importedHooks: model.importedHooks };
    for (const site of model.raiseSites) {
      if (!site.event) continue;
      const list = entry.raises.get(site.event.value) ?? [];
      list.push({ uri, range: site.event.range, arity: site.arity, labels: site.args.map((a) => a.label) });
      entry.raises.set(site.event.value, list);
    }
    for (const m of model.mentions) {
      if (m.role === 'raise') continue;
      const list = entry.mentions.get(m.name.value) ?? [];
      list.push({ uri, range: m.name.range });
      entry.mentions.set(m.name.value, list);
    }
    const old = this.files.get(uri);
    if (old && sameEntry(old, entry)) return false;
    this.files.set(uri, entry);
    this.rebuild();
    return true;
  }

  remove(uri: string): void {
    if (this.files.delete(uri)) this.rebuild();
  }

  has(uri: string): boolean {
    return this.files.has(uri);
  }

  get size(): number {
    return this.files.size;
  }

  raises(name: string): readonly RaisedEvent[] {
    return this.raisesByName.get(name) ?? [];
  }

  mentions(name: string): readonly MentionedEvent[] {
    return this.mentionsByName.get(name) ?? [];
  }

  raisedNames(): Iterable<string> {
    return this.raisesByName.keys();
  }

  mentionedNames(): Iterable<string> {
    return this.mentionsByName.keys();
  }

  /** Top-level functions of this file that other files register with addaudithook. */
  externalHooksFor(uri: string): ReadonlySet<string> {
    if (!this.externalHookCache) {
      const cache = new Map<string, Set<string>>();
      for (const [from, entry] of this.files) {
        for (const imp of entry.importedHooks) {
          const target = this.resolveModule(from, imp);
          if (!target) continue;
          const set = cache.get(target) ?? new Set<string>();
          set.add(imp.name);
          cache.set(target, set);
        }
      }
      this.externalHookCache = cache;
    }
    return this.externalHookCache.get(uri) ?? EMPTY;
  }

  /** Every file that registers a hook defined in another file: those files need analysis too. */
  externalHookFiles(): string[] {
    this.externalHooksFor('');
    return [...(this.externalHookCache?.keys() ?? [])];
  }

  /** `from hooks import h` in pkg/app.py -> pkg/hooks.py or <root>/hooks.py, as Python would. */
  resolveModule(fromUri: string, imp: Pick<ImportedHook, 'module' | 'level'>): string | null {
    if (!fromUri.startsWith('file:')) return null;
    const fromDir = dirname(fileURLToPath(fromUri));
    const parts = imp.module ? imp.module.split('.') : [];
    const bases: string[] = [];
    if (imp.level > 0) {
      let base = fromDir;
      for (let i = 1; i < imp.level; i++) base = dirname(base);
      bases.push(base);
    } else {
      bases.push(fromDir, ...this.roots(), ...this.roots().map((r) => join(r, 'src')));
    }
    for (const base of bases) {
      for (const candidate of [join(base, ...parts) + '.py', join(base, ...parts, '__init__.py')]) {
        if (parts.length === 0 && candidate.endsWith('.py') && !candidate.endsWith('__init__.py')) continue;
        if (existsSync(candidate)) return pathToFileURL(candidate).href;
      }
    }
    return null;
  }

  private rebuild(): void {
    this.raisesByName.clear();
    this.mentionsByName.clear();
    for (const entry of this.files.values()) {
      for (const [name, list] of entry.raises) {
        const all = this.raisesByName.get(name);
        if (all) all.push(...list);
        else this.raisesByName.set(name, [...list]);
      }
      for (const [name, list] of entry.mentions) {
        const all = this.mentionsByName.get(name);
        if (all) all.push(...list);
        else this.mentionsByName.set(name, [...list]);
      }
    }
    this.externalHookCache = null;
    this.generation++;
  }
}

const EMPTY: ReadonlySet<string> = new Set();

/** Typing inside a hook body mostly changes nothing the index holds: skip the rebuild then. */
function sameEntry(a: FileEntry, b: FileEntry): boolean {
  const key = (e: FileEntry) => JSON.stringify([[...e.raises], [...e.mentions], e.importedHooks]);
  return key(a) === key(b);
}
