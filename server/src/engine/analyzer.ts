import type { DocumentModel, SourceLanguage } from '../model';
import { emptyModel } from '../model';
import { analyzeC } from '../c/analyze';
import { quotedIncludes, stringMacros } from '../c/macros';
import { analyzePython, type PythonAnalysisOptions } from '../python/analyze';
import { excerptOf, originalRow } from '../python/excerpt';
import { exceedsIndentLimit, MAX_INDENT_LEVELS } from '../python/indentation';
import { ParseRefused, TreeSitterParser } from '../parsing/parser';
import { withLspLineBreaks } from '../parsing/lineBreaks';
import { mentionsAudit } from '../parsing/prefilter';
import type { Tree } from '../parsing/treeSitter';

export { ParseRefused } from '../parsing/parser';
export type AnalysisOptions = Omit<PythonAnalysisOptions, 'reparser' | 'rowOf'> & {
  /** C: the text of a header included with quotes, or null when there is none to read. */
  readInclude?: (include: string) => string | null;
};

/**
 * Text in, document model out, for both languages: the one place that knows which language is
 * analyzed how, which texts must not reach the parser, and when an excerpt stands for a file.
 */
export class Analyzer {
  private constructor(
    private readonly parser: TreeSitterParser,
    private readonly maxIndentLevels: number,
  ) {}

  /** `maxIndentLevels` is for tests that need to reach the parser's own limits. */
  static async create(options: { maxIndentLevels?: number } = {}): Promise<Analyzer> {
    return new Analyzer(await TreeSitterParser.create(), options.maxIndentLevels ?? MAX_INDENT_LEVELS);
  }

  /** Called once the parser has restarted after a trap: every tree of the old instance is gone. */
  set onRecovered(f: () => void) {
    this.parser.onRecovered = f;
  }

  /** How many times the parser's WebAssembly trapped and was restarted. */
  get restarts(): number {
    return this.parser.restarts;
  }

  owns(tree: Tree): boolean {
    return this.parser.owns(tree);
  }

  release(tree: Tree | null | undefined): void {
    this.parser.release(tree);
  }

  /** Parses text (incrementally from an edited old tree), refusing what would break the parser. */
  parse(language: SourceLanguage, source: string, oldTree?: Tree | null): Tree {
    const text = withLspLineBreaks(source);
    if (language === 'python' && exceedsIndentLimit(text, this.maxIndentLevels)) {
      throw new ParseRefused(`more than ${MAX_INDENT_LEVELS} levels of indentation, which CPython rejects (IndentationError): not analyzed`);
    }
    return this.parser.parse(language, text, oldTree);
  }

  /** The document model of a parsed text (`rowOf`: for an excerpt, the file's row of a row). */
  analyze(language: SourceLanguage, source: string, tree: Tree, options: AnalysisOptions & { rowOf?: (row: number) => number } = {}): DocumentModel {
    const text = withLspLineBreaks(source);
    try {
      return this.parser.guard(() =>
        language === 'c'
          ? analyzeC(text, tree, { headerMacros: this.headerMacros(tree, options.readInclude) })
          : analyzePython(text, tree, { ...options, reparser: this.parser }),
      );
    } catch (e) {
      if (e instanceof ParseRefused) return emptyModel(language, e.message);
      throw e;
    }
  }

  /**
   * The string macros of the headers a C file includes with quotes, read through `readInclude`
   * (the engine resolves the name beside the file): `MODULE_NAME ".open"` needs the header's
   * `#define MODULE_NAME "pamx"`. One level deep: the headers' own includes are not followed.
   */
  private headerMacros(tree: Tree, readInclude: AnalysisOptions['readInclude']): Map<string, string> {
    const out = new Map<string, string>();
    if (!readInclude) return out;
    for (const include of quotedIncludes(tree)) {
      const text = readInclude(include);
      if (text === null || !text.includes('#define')) continue;
      let header: Tree | null = null;
      try {
        header = this.parser.parse('c', text);
        for (const [k, v] of stringMacros(header)) out.set(k, v);
      } catch (e) {
        if (!(e instanceof ParseRefused)) throw e;
      } finally {
        this.parser.release(header);
      }
    }
    return out;
  }

  /**
   * Parse and analyze in one go, for callers that keep no tree (the CLI, the index, tests). A
   * large Python file is analyzed from its relevant excerpt (python/excerpt.ts) when that
   * excerpt parses cleanly; otherwise, and for anything small, from the whole text.
   */
  analyzeText(language: SourceLanguage, source: string, options: AnalysisOptions = {}): DocumentModel {
    const text = withLspLineBreaks(source);
    if (language === 'python' && mentionsAudit(text)) {
      const excerpt = excerptOf(text, options.externalHooks);
      if (excerpt) {
        const model = this.analyzeWhole(language, excerpt.text, { ...options, rowOf: (row) => originalRow(excerpt, row) }, true);
        // A helper the hooks hand off to may be called elsewhere in the file with other values
        // (then it says nothing): only the whole file shows every call.
        if (model && !model.hooks.some((h) => h.handOffTarget || h.blocks.some((b) => b.handOff))) return model;
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
  whenReady(): Promise<void> {
    return this.parser.whenReady();
  }
}
