import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DocumentModel, HandOff, HookWrapper, ImportedHook, MentionedEvent, RaisedEvent, WorkspaceEvents } from '../model';
import { encodeHandOffTarget } from '../model';

interface FileEntry {
  raises: Map<string, RaisedEvent[]>;
  mentions: Map<string, MentionedEvent[]>;
  importedHooks: ImportedHook[];
  handOffs: HandOff[];
  hookWrappers: HookWrapper[];
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
  private wrapperCache: string[] | null = null;
  /**
   * The files that import a hook or hand off to another file, and those that wrap addaudithook:
   * what the caches above are built from (few, in any tree).
   */
  private readonly importers = new Set<string>();
  private readonly wrappers = new Set<string>();
  /** Set to false by whoever builds the first index while it runs (see WorkspaceEvents). */
  complete = true;
  /** Counts the changes to what the files raise and mention: what other files' findings read. */
  revision = 0;
  /** The model each file was last indexed from: requests re-offer the same one constantly. */
  private readonly indexedModels = new Map<string, DocumentModel>();

  constructor(private readonly roots: () => readonly string[] = () => []) {}

  update(uri: string, model: DocumentModel): boolean {
    if (this.indexedModels.get(uri) === model) return false;
    this.indexedModels.set(uri, model);
    const entry: FileEntry = { raises: new Map(), mentions: new Map(), importedHooks: model.importedHooks, handOffs: model.handOffs ?? [], hookWrappers: model.hookWrappers ?? [] };
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
    if (old) this.withdraw(uri, old);
    this.files.set(uri, entry);
    if (entry.importedHooks.length || entry.handOffs.length) this.importers.add(uri);
    else this.importers.delete(uri);
    if (entry.hookWrappers.length) this.wrappers.add(uri);
    else this.wrappers.delete(uri);
    this.contribute(entry);
    const changed = !old || semanticKey(old) !== semanticKey(entry);
    if (changed) {
      this.externalHookCache = null;
      this.wrapperCache = null;
      this.revision++;
    }
    return changed;
  }

  remove(uri: string): void {
    this.indexedModels.delete(uri);
    const old = this.files.get(uri);
    if (!old) return;
    this.withdraw(uri, old);
    this.files.delete(uri);
    this.importers.delete(uri);
    this.wrappers.delete(uri);
    this.externalHookCache = null;
    this.wrapperCache = null;
    this.revision++;
  }

  /** The model a file was last indexed from (the CLI reports on it). */
  modelOf(uri: string): DocumentModel | undefined {
    return this.indexedModels.get(uri);
  }

  /** Every file the index holds. */
  uris(): IterableIterator<string> {
    return this.files.keys();
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

  /**
   * Top-level functions of this file that other files register with addaudithook, and (encoded,
   * model/handOffTarget.ts) those that hooks of other files hand their event/args to.
   */
  externalHooksFor(uri: string): ReadonlySet<string> {
    if (!this.externalHookCache) {
      const cache = new Map<string, Set<string>>();
      // Rebuilt after every change (a new file can be what an import resolves to), so only the
      // importers are read: reading every file made a scan quadratic.
      for (const from of this.importers) {
        const entry = this.files.get(from)!;
        for (const imp of entry.importedHooks) {
          const target = this.resolveModule(from, imp);
          if (!target) continue;
          const set = cache.get(target) ?? new Set<string>();
          set.add(imp.name);
          cache.set(target, set);
        }
        for (const h of entry.handOffs) {
          const target = this.resolveModule(from, h);
          if (!target || target === from) continue;
          const set = cache.get(target) ?? new Set<string>();
          set.add(
            encodeHandOffTarget({
              name: h.name,
              event: h.event,
              args: h.args,
              events: h.events,
              prefixes: h.prefixes,
              ...(h.versions ? { versions: h.versions } : {}),
              ...(h.guarded ? { guarded: true } : {}),
              origin: { ...h.origin, uri: from },
            }),
          );
          cache.set(target, set);
        }
      }
      this.externalHookCache = cache;
    }
    return this.externalHookCache.get(uri) ?? EMPTY;
  }

  /**
   * The wrappers of addaudithook the workspace defines (`def install(cb): sys.addaudithook(cb)`),
   * as the dotted names other files call them by (`installer.install`, `pkg.installer.install`):
   * registrars found automatically, beside the `hookRegistrars` setting (issue 12 §2).
   */
  wrapperRegistrars(): readonly string[] {
    if (!this.wrapperCache) {
      const names = new Set<string>();
      for (const uri of this.wrappers) {
        const wrappers = this.files.get(uri)!.hookWrappers.filter((w) => w.position === 0);
        if (!wrappers.length || !uri.startsWith('file:')) continue;
        for (const module of this.moduleNames(fileURLToPath(uri))) for (const w of wrappers) names.add(`${module}.${w.name}`);
      }
      this.wrapperCache = [...names].sort();
    }
    return this.wrapperCache;
  }

  /** `pkg/installer.py` under a root: `pkg.installer`, and `installer` (as a sibling or a relative import names it). */
  private moduleNames(path: string): string[] {
    const out = new Set<string>();
    for (const root of [...this.roots(), ...this.roots().map((r) => join(r, 'src'))]) {
      const rel = relative(root, path);
      if (!rel || rel.startsWith('..') || !rel.endsWith('.py')) continue;
      const parts = rel.slice(0, -3).split(sep);
      if (parts[parts.length - 1] === '__init__') parts.pop();
      if (parts.length && parts.every((p) => /^[A-Za-z_]\w*$/.test(p))) out.add(parts.join('.'));
    }
    const base = path.split(sep).pop()!.replace(/\.py$/, '');
    if (base !== '__init__' && /^[A-Za-z_]\w*$/.test(base)) out.add(base);
    return [...out];
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

  /** Adds a file's raises and mentions to the per-name lists (kept in step file by file). */
  private contribute(entry: FileEntry): void {
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

  private withdraw(uri: string, entry: FileEntry): void {
    for (const [byName, names] of [
      [this.raisesByName, entry.raises.keys()],
      [this.mentionsByName, entry.mentions.keys()],
    ] as const) {
      for (const name of names) {
        const rest = (byName.get(name) ?? []).filter((x) => x.uri !== uri);
        if (rest.length) byName.set(name, rest as never);
        else byName.delete(name);
      }
    }
  }
}

const EMPTY: ReadonlySet<string> = new Set();

/**
 * What other documents' results can depend on: which events the file raises with which counts,
 * which it mentions, which hooks it imports. Positions only matter to navigation.
 */
function semanticKey(e: FileEntry): string {
  let key = '';
  for (const [name, list] of e.raises) {
    key += `${name}:`;
    for (const r of list) key += r.arity ? `${r.arity.count}${r.arity.atLeast ? '+' : ''}${r.labels.join(',')};` : '?;';
  }
  key += '|';
  for (const [name, list] of e.mentions) key += `${name}:${list.length};`;
  for (const i of e.importedHooks) key += `|${i.level}${i.module}.${i.name}`;
  // The call's position is in the key too: the helper's findings point back to it.
  for (const h of e.handOffs) key += `|>${JSON.stringify(h)}`;
  for (const w of e.hookWrappers) key += `|w${w.name}:${w.position}`;
  return key;
}

