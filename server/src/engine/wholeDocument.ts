import { emptyModel, type DocumentModel, type SourceLanguage } from '../model';
import { ParseRefused, type AnalysisOptions, type Analyzer } from './analyzer';
import type { Tree } from '../parsing/treeSitter';

/**
 * An open document's model from its whole text, parsed from scratch: what AnalyzedDocuments
 * builds for a new document, made where no tree is kept (the analysis thread). Never an excerpt:
 * an open document's symbols, links and hints come from all of it.
 */
export function analyzeWhole(analyzer: Analyzer, language: SourceLanguage, text: string, options: AnalysisOptions = {}): DocumentModel {
  let tree: Tree | null = null;
  try {
    tree = analyzer.parse(language, text);
    return analyzer.analyze(language, text, tree, options);
  } catch (e) {
    if (e instanceof ParseRefused) return emptyModel(language, e.message);
    throw e;
  } finally {
    analyzer.release(tree);
  }
}
