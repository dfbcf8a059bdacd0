import type { DocumentModel, SourceLanguage } from '../model';
import { emptyModel } from '../model';
import { analyzeC } from '../c/analyze';
import { analyzePython, type PythonAnalysisOptions } from '../python/analyze';
import { excerptOf, originalRow } from '../python/excerpt';
import { exceedsIndentLimit, MAX_INDENT_LEVELS } from './nestingGuard';
import { createParser, loadGrammars, reloadGrammars, type Grammars, type Tree } from './treeSitter';

type Parser = ReturnType<typeof createParser>;
export type { TreeEdit } from './treeSitter';
export type AnalysisOptions = Omit<PythonAnalysisOptions, 'reparse' | 'release' | 'rowOf'>;

/**
 * What belonged to WebAssembly instances that trapped, kept reachable for the life of the
 * process: if it were collected, its finalizers would call into a broken instance and throw
 * from nowhere.
 */
const graveyard: unknown[] = [];

/** The text is not parsed: the reason is for the user. */
export class ParseRefused extends Error {}

/**
 * One tree-sitter parser per language, shared by every document of a process. It refuses input
 * that is known to break the parser's WebAssembly (see nestingGuard.ts), and if the WebAssembly
 * traps anyway it starts a new instance: the old one's trees are then never touched again.
 */
export class SourceParser {
  /** The live trees of the current instance (a tree leaves the set when it is deleted). */
  private trees = new Set<Tree>();

  private recovering: Promise<void> | null = null;
  /** Called once a new WebAssembly instance is ready, so that callers can reparse. */
  onRecovered: () => void = () => {};

  private constructor(
    private parsers: Record<SourceLanguage, Parser>,
    private readonly maxIndentLevels: number,
  ) {}

  /** `maxIndentLevels` is for tests that need to reach the parser's own limits. */
  static async create(options: { maxIndentLevels?: number } = {}): Promise<SourceParser> {
    return new SourceParser(SourceParser.parsersFor(await loadGrammars()), options.maxIndentLevels ?? MAX_INDENT_LEVELS);
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
    if (language === 'python' && exceedsIndentLimit(text, this.maxIndentLevels)) {
      throw new ParseRefused(`more than ${MAX_INDENT_LEVELS} levels of indentation, which CPython rejects (IndentationError): not analyzed`);
    }
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

  /** The document model of a parsed text (`rowOf`: for an excerpt, the file's row of a row). */
  analyze(language: SourceLanguage, text: string, tree: Tree, options: AnalysisOptions & { rowOf?: (row: number) => number } = {}): DocumentModel {
    try {
      if (language === 'c') return analyzeC(text, tree);
      return analyzePython(text, tree, { ...options, reparse: (t) => this.parse('python', t), release: (t) => this.release(t) });
    } catch (e) {
      if (e instanceof ParseRefused) return emptyModel(language, e.message);
      if (isWasmTrap(e)) {
        this.recover();
        return emptyModel(language, `the parser failed on this file (${e.message}) and was restarted`);
      }
      throw e;
    }
  }

  /**
   * Parse and analyze in one go, for callers that keep no tree (the CLI, the index, tests). A
   * large Python file is analyzed from its relevant excerpt (python/excerpt.ts) when that
   * excerpt parses cleanly; otherwise, and for anything small, from the whole text.
   */
  analyzeText(language: SourceLanguage, text: string, options: AnalysisOptions = {}): DocumentModel {
    if (language === 'python' && text.includes('audit')) {
      const excerpt = excerptOf(text, options.externalHooks);
      if (excerpt) {
        const model = this.analyzeWhole(language, excerpt.text, { ...options, rowOf: (row) => originalRow(excerpt, row) }, true);
        if (model) return model;
      }
    }
    return this.analyzeWhole(language, text, options, false)!;
  }

  /** Null when `onlyIfClean` and the text does not parse without errors. */
  private analyzeWhole(
    language: SourceLanguage,
    text: string,
    options: AnalysisOptions & { rowOf?: (row: number) => number },
    onlyIfClean: boolean,
  ): DocumentModel | null {
    let tree: Tree;
    try {
      tree = this.parse(language, text);
    } catch (e) {
      if (e instanceof ParseRefused) return onlyIfClean ? null : emptyModel(language, e.message);
      throw e;
    }
    try {
      if (onlyIfClean && tree.rootNode.hasError) return null;
      return this.analyze(language, text, tree, options);
    } finally {
      this.release(tree);
    }
  }

  /** Resolves when no recovery is in progress. */
  async whenReady(): Promise<void> {
    await this.recovering;
  }

  private recover(): void {
    if (this.recovering) return;
    graveyard.push(this.trees, this.parsers);
    this.trees = new Set();
    this.recovering = (async () => {
      try {
        this.parsers = SourceParser.parsersFor(await reloadGrammars());
      } finally {
        this.recovering = null;
      }
      this.onRecovered();
    })();
  }
}

/** A WebAssembly trap (out-of-bounds access, unreachable): the instance's memory is suspect. */
function isWasmTrap(e: unknown): e is Error {
  const RuntimeError = (globalThis as { WebAssembly?: { RuntimeError?: new () => Error } }).WebAssembly?.RuntimeError;
  return !!RuntimeError && e instanceof RuntimeError;
}
