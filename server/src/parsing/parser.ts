import type { SourceLanguage } from '../model';
import { createParser, loadGrammars, reloadGrammars, type Grammars, type Tree } from './treeSitter';

type Parser = ReturnType<typeof createParser>;

/**
 * What belonged to a WebAssembly instance that trapped, kept reachable until the owners of its
 * trees (engine/documents.ts) have let go of them: if some of its trees were collected while its
 * module lived on, their finalizers would call into the broken instance and throw from nowhere.
 * Once nothing holds any of it, the instance goes as a whole, module and finalization registries
 * included (reloadGrammars took the module out of the require cache), and its memory with it: a
 * gigabyte after an out-of-memory abort, which kept forever grew the process without bound.
 */
const graveyard = new Set<unknown[]>();

/** The text is not parsed: the reason is for the user. */
export class ParseRefused extends Error {}

/** What the languages' analyses need of a parser: parse a repaired copy, and free it. */
export interface Reparser {
  parse(language: SourceLanguage, text: string): Tree;
  release(tree: Tree | null | undefined): void;
}

/**
 * One tree-sitter parser per language, shared by every document of a process. If the
 * WebAssembly traps it starts a new instance: the old one's trees are then never touched again.
 * Which texts are safe to parse at all is the caller's policy (engine/analyzer.ts).
 */
export class TreeSitterParser implements Reparser {
  /** The live trees of the current instance (a tree leaves the set when it is deleted). */
  private trees = new Set<Tree>();

  private recovering: Promise<void> | null = null;
  /** How many times the WebAssembly trapped: a caller can tell that its own parse did it. */
  restarts = 0;
  /** Called once a new WebAssembly instance is ready, so that callers can reparse. */
  onRecovered: () => void = () => {};

  private constructor(private parsers: Record<SourceLanguage, Parser>) {}

  static async create(): Promise<TreeSitterParser> {
    return new TreeSitterParser(TreeSitterParser.parsersFor(await loadGrammars()));
  }

  private static parsersFor(g: Grammars): Record<SourceLanguage, Parser> {
    return { python: createParser(g, g.python), c: createParser(g, g.c) };
  }

  /** Whether a tree belongs to the current WebAssembly instance (else: drop it, never delete it). */
  owns(tree: Tree): boolean {
    return this.trees.has(tree);
  }

  /** Frees a tree of the current instance; a tree of a trapped instance is left alone. */
  release(tree: Tree | null | undefined): void {
    if (tree && this.trees.delete(tree)) tree.delete();
  }

  /** Parses text, reusing an edited old tree when one is given (incremental reparse). */
  parse(language: SourceLanguage, text: string, oldTree?: Tree | null): Tree {
    if (this.recovering) throw new ParseRefused('the parser is restarting; this file is analyzed again in a moment');
    let tree: Tree | null;
    try {
      tree = this.parsers[language].parse(text, oldTree && this.owns(oldTree) ? oldTree : null);
    } catch (e) {
      if (isWasmTrap(e)) {
        this.recover();
        throw new ParseRefused(`the parser failed on this file (${e.message}) and was restarted`);
      }
      throw e;
    }
    if (!tree) throw new ParseRefused(`tree-sitter returned no tree for this ${language} file`);
    this.trees.add(tree);
    return tree;
  }

  /** Runs work over trees of this parser; a trap inside it restarts the instance and is rethrown as ParseRefused. */
  guard<R>(work: () => R): R {
    try {
      return work();
    } catch (e) {
      if (isWasmTrap(e)) {
        this.recover();
        throw new ParseRefused(`the parser failed on this file (${e.message}) and was restarted`);
      }
      throw e;
    }
  }

  /** Resolves when no recovery is in progress. */
  async whenReady(): Promise<void> {
    await this.recovering;
  }

  private recover(): void {
    if (this.recovering) return;
    this.restarts++;
    const dead = [this.trees, this.parsers];
    graveyard.add(dead);
    this.trees = new Set();
    this.recovering = (async () => {
      try {
        this.parsers = TreeSitterParser.parsersFor(await reloadGrammars());
      } finally {
        this.recovering = null;
      }
      try {
        this.onRecovered();
      } finally {
        disarm(dead[0] as Set<Tree>, dead[1] as Record<SourceLanguage, Parser>);
        graveyard.delete(dead);
      }
    })();
  }
}

/**
 * Takes a trapped instance's trees and parsers off their finalization registries without touching
 * its memory: with their addresses zeroed, delete() only unregisters them (tree-sitter's delete
 * functions return at once on NULL). Their memory goes with the instance; no finalizer can later
 * run into it, even while another user of the same module keeps the module alive.
 */
function disarm(trees: Set<Tree>, parsers: Record<SourceLanguage, Parser>): void {
  const zeroed = (o: object) => {
    const handle = o as unknown as Record<number, number>;
    handle[0] = 0;
    handle[1] = 0;
    return o as { delete(): void };
  };
  for (const t of [...trees, ...Object.values(parsers)]) {
    try {
      zeroed(t).delete();
    } catch {
      // a broken instance: the registration is gone all the same (delete() unregisters first)
    }
  }
}

/** A WebAssembly trap (out-of-bounds access, unreachable): the instance's memory is suspect. */
function isWasmTrap(e: unknown): e is Error {
  const RuntimeError = (globalThis as { WebAssembly?: { RuntimeError?: new () => Error } }).WebAssembly?.RuntimeError;
  return !!RuntimeError && e instanceof RuntimeError;
}
