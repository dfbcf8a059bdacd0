import type { DocumentModel, SourceLanguage } from '../model';
import { emptyModel } from '../model';
import { analyzePython, type PythonAnalysisOptions } from '../python/analyze';
import { createParser, loadGrammars, type Tree } from './treeSitter';

type Parser = ReturnType<typeof createParser>;

/** One tree-sitter parser per language, shared by every document of a process. */
export class SourceParser {
  private constructor(private readonly parsers: Record<SourceLanguage, Parser>) {}

  static async create(): Promise<SourceParser> {
    const grammars = await loadGrammars();
    return new SourceParser({ python: createParser(grammars.python), c: createParser(grammars.c) });
  }

  /** Parses text, reusing an edited old tree when one is given (incremental reparse). */
  parse(language: SourceLanguage, text: string, oldTree?: Tree | null): Tree {
    const tree = this.parsers[language].parse(text, oldTree ?? null);
    if (!tree) throw new Error(`tree-sitter returned no tree for a ${language} document`);
    return tree;
  }

  /** The document model of a parsed text. */
  analyze(language: SourceLanguage, text: string, tree: Tree, options: Omit<PythonAnalysisOptions, 'reparse'> = {}): DocumentModel {
    if (language === 'python') {
      return analyzePython(text, tree, { ...options, reparse: (t) => this.parse('python', t) });
    }
    return emptyModel('c');
  }

  /** Parse and analyze in one go, for callers that keep no tree (the CLI, the tests). */
  analyzeText(language: SourceLanguage, text: string, options: Omit<PythonAnalysisOptions, 'reparse'> = {}): DocumentModel {
    const tree = this.parse(language, text);
    try {
      return this.analyze(language, text, tree, options);
    } finally {
      tree.delete();
    }
  }
}
