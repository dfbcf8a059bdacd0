import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { getCatalog, type Catalog } from '../catalog/catalog';
import type { FeatureContext } from '../features/context';
import { DIAGNOSTIC_CODES } from '../features/diagnostics/rules';
import { emptyModel, type DocumentModel, type Position, type Settings, type SourceLanguage, type UserSettings } from '../model';
import { findPyproject, type PyprojectResult } from '../workspace/pyproject';
import { resolveSettings } from '../workspace/settings';
import { WorkspaceIndex } from '../workspace/index';
import { localPathOf, uriKey } from '../workspace/uris';
import { Analyzer } from './analyzer';
import { AnalyzedDocuments } from './documents';
import { WorkspaceScanner, type ScanOptions, type ScanResult } from './scanner';
import { headerReaderFor } from '../workspace/headers';

export interface WorkspaceOptions {
  /** The editor's settings for a document or folder (LSP workspace/configuration), if it has any. */
  editorSettings?: (uri: string) => Promise<UserSettings | undefined>;
  /** The open document of a URI: the editor's text wins over the disk's. */
  openDocument?: (uri: string) => TextDocument | undefined;
  /** Each pyproject.toml read (again, after a change), with what is wrong in it, if anything: told once per version of the file. */
  onProjectProblems?: (project: PyprojectResult) => void;
  /** Options for the analyzer (tests reach the parser's own limits with them). */
  analyzer?: Promise<Analyzer>;
}

/**
 * The engine, assembled once: the analyzer, the open documents, the workspace index and its
 * scanner, and the settings of every document from every source. The server, the CLI and the
 * tests all go through it, and `context()` is the one place a FeatureContext is made.
 */
export class AuditWorkspace {
  readonly catalog: Catalog = getCatalog();
  readonly index: WorkspaceIndex;
  readonly documents: AnalyzedDocuments;
  readonly scanner: WorkspaceScanner;
  readonly ready: Promise<Analyzer>;
  private analyzer: Analyzer | null = null;
  private folders: string[] = [];
  /** Settings sent by the face: didChangeConfiguration, initializationOptions, the CLI's flags. */
  private pushed: UserSettings | undefined;
  private readonly settingsCache = new Map<string, Promise<Settings>>();
  /** pyproject.toml results already told (a changed file is read into a new result). */
  private readonly toldProjects = new WeakSet<PyprojectResult>();
  private scanGeneration = 0;
  /** Open documents by key, with the URI the editor gave them. */
  private readonly openKeys = new Map<string, string>();

  constructor(private readonly options: WorkspaceOptions = {}) {
    this.ready = (options.analyzer ?? Analyzer.create()).then((a) => (this.analyzer = a));
    this.index = new WorkspaceIndex(() => this.folders);
    this.documents = new AnalyzedDocuments(() => {
      if (!this.analyzer) throw new Error('the tree-sitter grammars are not loaded yet');
      return this.analyzer;
    });
    this.scanner = new WorkspaceScanner(this.ready, this.index, (uri) => !!this.openDocument(uri));
    this.scanner.hookRegistrarsFor = (path) => this.registrars(this.settingsForFolder(dirname(path)).hookRegistrars);
  }

  /** The analyzer, once the grammars have loaded. */
  get loadedAnalyzer(): Analyzer | null {
    return this.analyzer;
  }

  // ---- settings ----------------------------------------------------------------------------

  get workspaceFolders(): readonly string[] {
    return this.folders;
  }

  setWorkspaceFolders(folders: readonly string[]): void {
    this.folders = [...new Set(folders.map((f) => resolve(f)))];
  }

  setPushedSettings(settings: UserSettings | undefined): void {
    this.pushed = settings;
    this.settingsChanged();
  }

  /** Settings or a pyproject.toml changed: every document's settings are read again. */
  settingsChanged(): void {
    this.settingsCache.clear();
    this.folderSettings.clear();
  }

  forget(uri: string): void {
    this.settingsCache.delete(uri);
  }

  /**
   * A document's settings: the editor's (asked per document, else what was pushed), merged with
   * the pyproject.toml that governs its folder (workspace/pyproject.ts says which one).
   */
  settingsFor(uri: string): Promise<Settings> {
    let s = this.settingsCache.get(uri);
    if (!s) {
      s = (async () => {
        let editor = this.pushed;
        if (this.options.editorSettings) {
          try {
            editor = (await this.options.editorSettings(uri)) ?? editor;
          } catch {
            // a client that says it can but fails: fall back to what was pushed
          }
        }
        return this.merge(editor, this.folderOf(uri));
      })();
      this.settingsCache.set(uri, s);
    }
    return s;
  }

  /** Settings with no document behind them: what was pushed, and the defaults. */
  defaultSettings(): Settings {
    return this.merge(this.pushed, null);
  }

  /** Settings of a file or folder on disk, from what was pushed and its pyproject.toml (the CLI). */
  settingsForPath(path: string): Settings {
    return this.settingsForFolder(isDirectory(path) ? path : dirname(path));
  }

  /**
   * Looking for the pyproject.toml climbs to the repository's root, a few file system calls per
   * folder: the files of a tree, a few per folder, share the answer until settingsChanged().
   */
  private readonly folderSettings = new Map<string, Settings>();

  private settingsForFolder(dir: string): Settings {
    let settings = this.folderSettings.get(dir);
    if (!settings) this.folderSettings.set(dir, (settings = this.merge(this.pushed, dir)));
    return settings;
  }

  private merge(editor: UserSettings | undefined, dir: string | null): Settings {
    const project = dir ? findPyproject(dir, this.catalog.versions) : null;
    if (project && !this.toldProjects.has(project)) {
      this.toldProjects.add(project);
      this.options.onProjectProblems?.(project);
    }
    return resolveSettings(editor, project?.settings, this.catalog.versions, DIAGNOSTIC_CODES);
  }

  /** The folder whose pyproject.toml applies: the file's own, or for other schemes the first workspace folder. */
  private folderOf(uri: string): string | null {
    if (!uri.startsWith('file:')) return this.folders[0] ?? null;
    try {
      const path = fileURLToPath(uri);
      return uri.endsWith('/') || isDirectory(path) ? path : dirname(path);
    } catch {
      return this.folders[0] ?? null;
    }
  }

  /** The workspace folder a file belongs to (the innermost one), or null. */
  folderContaining(path: string): string | null {
    return this.folders.filter((r) => path === r || path.startsWith(r.endsWith(sep) ? r : r + sep)).sort((a, b) => b.length - a.length)[0] ?? null;
  }

  // ---- the workspace index -----------------------------------------------------------------

  /**
   * Indexes every workspace folder with its own settings' excludes. A newer call cancels an
   * older one. Until the first index is complete, rules that read the whole workspace wait.
   */
  async indexWorkspace(options: Omit<ScanOptions, 'isCancelled'> = {}): Promise<ScanResult | null> {
    const generation = ++this.scanGeneration;
    if (this.folders.length === 0) {
      this.index.complete = true;
      return null;
    }
    const roots = await Promise.all(
      this.folders.map(async (path) => {
        const { exclude, maxFileSize } = await this.settingsFor(pathToFileURL(path).href + '/');
        return { path, exclude, maxFileSize };
      }),
    );
    const result = await this.scanner.scan(roots, [], { ...options, isCancelled: () => generation !== this.scanGeneration });
    if (result.cancelled) return result;
    // What the walk no longer reaches (now excluded, deleted, in a removed folder) leaves the index.
    const seen = new Set(result.files.map((p) => pathToFileURL(p).href));
    for (const uri of [...this.index.uris()]) {
      if (uri.startsWith('file:') && !seen.has(uri) && !this.openDocument(uri)) this.index.remove(uri);
    }
    this.index.complete = true;
    return result;
  }

  /** The excludes of every workspace folder, to tell whether a settings change needs a new index. */
  async excludesKey(): Promise<string> {
    const parts = await Promise.all(this.folders.map(async (f) => `${f}:${(await this.settingsFor(pathToFileURL(f).href + '/')).exclude.join('\0')}`));
    return parts.join('\n');
  }

  // ---- contexts ----------------------------------------------------------------------------

  /** The one place a FeatureContext is made. */
  context(uri: string, model: DocumentModel, settings: Settings, documentEnd?: Position, text?: string): FeatureContext {
    return { uri, model, catalog: this.catalog, settings, workspace: this.index, documentEnd, text };
  }

  /** An open document's model (built at most once per version) and its context; null when it is not Python or C. */
  async contextFor(uri: string): Promise<FeatureContext | null> {
    await this.ready;
    const doc = this.openDocument(uri);
    // Features and the index know a document by its key (workspace/uris.ts); the editor by its URI.
    const key = uriKey(uri);
    if (!doc || !this.documents.language(doc)) return null;
    const settings = await this.settingsFor(uri);
    // The settings may have been fetched from the client: the document may have closed meanwhile.
    if (this.openDocument(uri) !== doc) return null;
    const model = this.documents.model(doc, this.index.externalHooksFor(key), settings.maxFileSize, this.registrars(settings.hookRegistrars), this.includeReader(doc));
    const changed = this.index.update(key, model);
    if (changed) this.onIndexChanged(uri);
    return this.context(key, model, settings, doc.positionAt(doc.getText().length), doc.getText());
  }

  /** An open C document's local path: its quoted headers are read beside it on disk, as the CLI and the index do. */
  headerPathOf(doc: TextDocument): string | null {
    return this.documents.language(doc) === 'c' ? localPathOf(doc.uri) : null;
  }

  includeReader(doc: TextDocument): ((include: string) => string | null) | undefined {
    return headerReaderFor('c', this.headerPathOf(doc));
  }

  /** The `hookRegistrars` setting, and the wrappers of addaudithook the workspace defines. */
  registrars(setting: readonly string[]): readonly string[] {
    const found = this.index.wrapperRegistrars();
    return found.length ? [...new Set([...setting, ...found])] : setting;
  }

  /** Where the editor opens and closes documents: they are found by their key too. */
  documentOpened(uri: string): void {
    this.openKeys.set(uriKey(uri), uri);
  }

  documentClosed(uri: string): void {
    if (this.openKeys.get(uriKey(uri)) === uri) this.openKeys.delete(uriKey(uri));
  }

  /** The open document of a URI in the editor's spelling or in the key's. */
  openDocument(uri: string): TextDocument | undefined {
    const open = this.options.openDocument;
    if (!open) return undefined;
    const direct = open(uri);
    if (direct) return direct;
    const editorUri = this.openKeys.get(uriKey(uri));
    return editorUri ? open(editorUri) : undefined;
  }

  /** Told when an open document's raise sites or hook imports changed what other documents see. */
  onIndexChanged: (uri: string) => void = () => {};

  /** A context with no document behind it, for `explain` and `list`. */
  catalogContext(settings: Settings, language: SourceLanguage = 'python'): FeatureContext {
    return this.context('', emptyModel(language), settings);
  }

  /**
   * `audit-events check`: indexes the project each path belongs to (custom events and hook
   * registrations come from the whole project, as in the editor), then gives the context of each
   * file the paths name or hold. Checking one file gives the answer that checking its folder does.
   */
  async checkPaths(paths: readonly string[], options: Omit<ScanOptions, 'background'> = {}): Promise<CheckedPaths> {
    const asked = paths.map((p) => resolve(p));
    const askedFolders = asked.filter(isDirectory);
    const projects = [...new Set(asked.map((p) => projectRoot(p) ?? (askedFolders.includes(p) ? p : dirname(p))))];
    // A project inside another one is walked as part of the outer one.
    const roots = projects.filter((r) => !projects.some((o) => o !== r && isInside(r, o)));
    this.setWorkspaceFolders(roots);
    const scan = await this.scanner.scan(
      roots.map((path) => ({ path, exclude: this.settingsForPath(path).exclude, maxFileSize: this.settingsForPath(path).maxFileSize })),
      asked.filter((p) => !askedFolders.includes(p)),
      options,
    );
    const reported = (path: string) => asked.some((a) => a === path || (askedFolders.includes(a) && isInside(path, a)));
    const files = scan.files.filter(reported);
    const unreadable: { path: string; message: string }[] = [];
    for (const folder of askedFolders) {
      try {
        readdirSync(folder);
      } catch (e) {
        unreadable.push({ path: folder, message: `cannot read this folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      }
    }
    const contexts: FeatureContext[] = [];
    for (const path of files) {
      const uri = pathToFileURL(path).href;
      const model = this.index.modelOf(uri);
      if (model) contexts.push(this.context(uri, model, this.settingsForPath(path)));
    }
    return { files, errors: [...unreadable, ...scan.errors.filter((e) => reported(e.path))], contexts, indexed: scan.filesSeen };
  }
}

export interface CheckedPaths {
  /** The source files the paths name or hold. */
  files: string[];
  /** Those of them that could not be read, decoded or parsed. */
  errors: { path: string; message: string }[];
  contexts: FeatureContext[];
  /** How many files of the projects were indexed. */
  indexed: number;
}

/** The folder of the project a path belongs to: the nearest one at or above it holding pyproject.toml or .git. */
export function projectRoot(path: string): string | null {
  let dir = isDirectory(path) ? path : dirname(path);
  for (;;) {
    if (existsSync(join(dir, 'pyproject.toml')) || existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function isInside(path: string, folder: string): boolean {
  return path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

function isDirectory(p: string): boolean {
  try {
    return existsSync(p) && statSync(p).isDirectory();
  } catch {
    return false;
  }
}
