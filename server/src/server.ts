#!/usr/bin/env node
// The language server: wires LSP requests to the features. Every feature is a pure function of
// (document model, catalog, settings, workspace index, position); nothing here analyzes code.
import { formatVersionSet } from './catalog/versionTarget';
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  MessageType,
  NotebookDocuments,
  ProposedFeatures,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type CompletionItem,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticReports } from './engine/diagnosticReports';
import { NotebookModules } from './engine/notebooks';
import { reindexBesideHeader } from './engine/headers';
import { DocumentThread } from './engine/documentThread';
import { AnalysisScheduler } from './engine/scheduler';
import { AuditWorkspace } from './engine/workspace';
import type { FeatureContext } from './features/context';
import { catalogEntries } from './features/catalogEntries';
import { codeActions, FIX_ALL_KIND } from './features/codeActions';
import { completion, completionClient, COMPLETION_TRIGGERS } from './features/completion';
import { resolveCompletion } from './features/completionResolve';
import { coverageLenses, missingEvents, MISSING_EVENTS_COMMAND } from './features/coverageViews';
import { computeDiagnostics } from './features/diagnostics';
import { hover } from './features/hover';
import { inlayHints } from './features/inlayHints';
import { definition, documentLinks, documentSymbols, references, workspaceSymbols } from './features/navigation';
import { signatureHelp, SIGNATURE_TRIGGERS } from './features/signatureHelp';
import {
  CATALOG_REQUEST,
  TARGET_VERSION_REQUEST,
  type CatalogParams,
  type CatalogResult,
  type TargetVersionParams,
  type TargetVersionResult,
} from './protocol';
import { readSourceFile } from './workspace/files';
import { localPathOf, uriKey } from './workspace/uris';
import type { UserSettings } from './model';
import { closingBeforeOpening } from './transport/notebookSync';
import { stdioTransport } from './transport/stdio';

const connection: Connection = process.argv.includes('--stdio')
  ? createConnection(ProposedFeatures.all, ...stdioTransport())
  : createConnection(ProposedFeatures.all);

let hasConfigurationCapability = false;
let hasWorkDoneProgress = false;
let hasInlayHintRefresh = false;
/** The client pulls diagnostics (LSP 3.17): then nothing is pushed. */
let pullDiagnostics = false;
let hasDiagnosticRefresh = false;
const engine = new AuditWorkspace({
  editorSettings: (uri) =>
    hasConfigurationCapability ? connection.workspace.getConfiguration({ scopeUri: uri, section: 'auditEvents' }) : Promise.resolve(undefined),
  openDocument: (uri) => allDocument(uri),
  onProjectProblems: (project) => {
    // Shown where the user fixes it: as warnings on the pyproject.toml itself.
    const diagnostics = project.problems.map((p) => ({
      range: { start: { line: p.line - 1, character: 0 }, end: { line: p.line - 1, character: Number.MAX_SAFE_INTEGER } },
      severity: 2 as const,
      source: 'audit-events',
      message: p.message,
    }));
    void connection.sendDiagnostics({ uri: pathToFileURL(project.path).href, diagnostics });
  },
});
// Requests answer from the last model while large documents are analyzed on another thread.
const scheduler = new AnalysisScheduler(engine, DocumentThread.create(), (uri) => validate(uri));
const documents = new TextDocuments(scheduler.configuration);
const reports = new DiagnosticReports(engine, (uri) => allDocument(uri)?.version, (uri) => scheduler.freshContext(uri));
const notebooks = new NotebookDocuments(scheduler.configuration);
// A notebook's Python cells are analyzed as one module (SPEC §5), known by the notebook's URI.
const notebookModules = new NotebookModules(notebooks, (uri) => engine.documents.dispose(uri));
let completionCaps = completionClient({});
/** Documents the user was told were not analyzed, with the reason: told once, not per keystroke. */
const toldSkipped = new Map<string, string>();

function log(message: string): void {
  connection.console.log(`[audit-events] ${message}`);
}

function safe<A extends unknown[], R>(name: string, fallback: R, fn: (...args: A) => R | Promise<R>) {
  return async (...args: A): Promise<R> => {
    try {
      return await fn(...args);
    } catch (e) {
      connection.console.error(`[audit-events] ${name} failed: ${(e as Error).stack ?? e}`);
      return fallback;
    }
  };
}

process.on('uncaughtException', (e) => logOrExit(`[audit-events] uncaught: ${e.stack ?? e}`));
process.on('unhandledRejection', (e) => logOrExit(`[audit-events] unhandled rejection: ${(e as Error)?.stack ?? e}`));

/** When the connection is closed there is no one to tell: end quietly (it threw from here, exit 7). */
function logOrExit(message: string): void {
  try {
    connection.console.error(message);
  } catch {
    process.exit(1);
  }
}

void engine.ready.then((analyzer) => {
  analyzer.onRecovered = () => {
    log('the tree-sitter WebAssembly instance trapped and was restarted; re-checking open documents');
    engine.documents.invalidateAll();
    revalidateAll();
  };
});
scheduler.onThreadRecovered = () => log('the tree-sitter WebAssembly instance of the analysis thread trapped and was restarted');
// Another file's raise sites or hook imports changed: re-check the other open documents.
engine.onIndexChanged = (changed) => {
  refreshPulled();
  for (const doc of openDocuments()) if (doc.uri !== changed && !scheduler.isScheduled(doc.uri)) schedule(doc.uri, 200);
};

function allDocument(uri: string): TextDocument | undefined {
  return notebookModules.module(uri)?.document ?? documents.get(uri) ?? notebooks.cellTextDocuments.get(uri);
}

function openDocuments(): TextDocument[] {
  return [...documents.all(), ...notebooks.cellTextDocuments.all()];
}

// The capabilities do not depend on the parser: answer at once, while the grammars load.
connection.onInitialize((params: InitializeParams): InitializeResult => {
  const caps = params.capabilities;
  hasConfigurationCapability = !!caps.workspace?.configuration;
  hasWorkDoneProgress = !!caps.window?.workDoneProgress;
  hasInlayHintRefresh = !!caps.workspace?.inlayHint?.refreshSupport;
  completionCaps = completionClient(caps);
  pullDiagnostics = !!caps.textDocument?.diagnostic;
  hasDiagnosticRefresh = !!caps.workspace?.diagnostics?.refreshSupport;
  engine.setWorkspaceFolders(
    localPaths((params.workspaceFolders ?? []).map((f) => f.uri).concat(!params.workspaceFolders && params.rootUri ? [params.rootUri] : [])),
  );
  // What the workspace raises is unknown until the first index is done (see WorkspaceEvents).
  engine.index.complete = engine.workspaceFolders.length === 0;
  const init = params.initializationOptions as { settings?: UserSettings } | undefined;
  if (init?.settings) engine.setPushedSettings(init.settings);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
      notebookDocumentSync: { notebookSelector: [{ notebook: '*', cells: [{ language: 'python' }] }] },
      completionProvider: { triggerCharacters: COMPLETION_TRIGGERS, resolveProvider: true },
      hoverProvider: true,
      signatureHelpProvider: { triggerCharacters: SIGNATURE_TRIGGERS, retriggerCharacters: [' '] },
      inlayHintProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Refactor, FIX_ALL_KIND] },
      codeLensProvider: { resolveProvider: false },
      executeCommandProvider: { commands: [MISSING_EVENTS_COMMAND] },
      definitionProvider: true,
      referencesProvider: true,
      documentLinkProvider: { resolveProvider: false },
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      ...(pullDiagnostics ? { diagnosticProvider: { identifier: 'audit-events', interFileDependencies: true, workspaceDiagnostics: true } } : {}),
    },
    serverInfo: { name: 'audit-events-language-server', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  if (hasConfigurationCapability) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'auditEvents' });
  }
  // Editors open their visible documents right after `initialized`: warm up only if they do not.
  setTimeout(() => void warmUp(), 100);
  connection.workspace.onDidChangeWorkspaceFolders((e) => {
    const removed = new Set(localPaths(e.removed.map((f) => f.uri)));
    engine.setWorkspaceFolders(engine.workspaceFolders.filter((r) => !removed.has(r)).concat(localPaths(e.added.map((f) => f.uri))));
    void indexWorkspace();
  });
  void indexWorkspace();
});

/**
 * The first parses in a process run in WebAssembly's baseline tier, about twice as slow as once
 * V8 has optimized the parser. Parsing a small synthetic hook module a few dozen times while no
 * document is open moves that cost out of the first document's way; each round is a couple of
 * milliseconds and the rounds stop as soon as the user opens something.
 */
async function warmUp(): Promise<void> {
  const analyzer = await engine.ready;
  const block = [
    'def hook_{i}(event, args):',
    '    if event == "open":',
    '        path, mode, flags = args',
    '    elif event in ("os.remove", "os.rmdir"):',
    '        p = args[0]',
    'sys.addaudithook(hook_{i})',
    'sys.audit("myapp.event_{i}", {i}, "x")',
    'class Helper{i}:',
    '    def run(self, xs):',
    '        return [x * 2 for x in xs if x > {i}]',
  ].join('\n');
  const text = 'import sys\n' + Array.from({ length: 15 }, (_, i) => block.replace(/\{i\}/g, String(i))).join('\n') + '\n';
  const settings = engine.defaultSettings();
  let rounds = 0;
  for (; rounds < 60 && openDocuments().length === 0; rounds++) {
    computeDiagnostics(engine.context('warm-up:', analyzer.analyzeText('python', text), settings));
    await new Promise((r) => setImmediate(r));
  }
  log(`ready: ${[...engine.catalog.all()].length} audit events of Python ${engine.catalog.versions[0]} to ${engine.catalog.newest}; each file is checked against the auditEvents.pythonVersion setting, else its pyproject.toml ([tool.audit-events] python-version, then the lower bound of requires-python), else ${engine.catalog.newest}`);
}

// ---- settings ------------------------------------------------------------------------------

/** Workspace folders the index can read: local files only (a virtual folder's files are not on disk). */
function localPaths(uris: string[]): string[] {
  // A file URI with a host or an undecodable path has nothing on this disk to index.
  return uris.map(localPathOf).filter((p): p is string => p !== null);
}

/** Settings changed: re-check open documents, and index again where a folder's excludes changed. */
async function settingsChanged(): Promise<void> {
  const before = await engine.excludesKey();
  engine.settingsChanged();
  reports.settingsChanged();
  revalidateAll();
  if (hasInlayHintRefresh) void connection.languages.inlayHint.refresh();
  if ((await engine.excludesKey()) !== before) void indexWorkspace();
}

connection.onDidChangeConfiguration(
  safe('didChangeConfiguration', undefined, async (change) => {
    const s = (change.settings as { auditEvents?: UserSettings } | undefined)?.auditEvents;
    if (s) engine.setPushedSettings(s);
    await settingsChanged();
  }),
);

connection.onDidChangeWatchedFiles(
  safe('didChangeWatchedFiles', undefined, async (params) => {
    await engine.ready;
    let settingsChangedOnDisk = false;
    for (const change of params.changes) {
      if (change.uri.endsWith('pyproject.toml')) settingsChangedOnDisk = true;
      else if (change.uri.startsWith('file:') && !engine.openDocument(change.uri)) {
        const path = localPathOf(change.uri);
        if (change.type === 3 || !path) engine.index.remove(uriKey(change.uri));
        else await engine.scanner.indexFileElsewhere(path, (file) => scheduler.indexElsewhere(file));
        if (path?.endsWith('.h')) reindexBesideHeader(engine, path);
      }
    }
    if (settingsChangedOnDisk) await settingsChanged();
    else revalidateAll();
  }),
);

// ---- diagnostics ---------------------------------------------------------------------------

/** Validates a document after a change (`delay` undefined: as soon as the scheduler sees fit), or `delay` ms from now. */
function schedule(cellOrDocument: string, delay?: number): void {
  const notebook = notebookModules.notebookOf(cellOrDocument);
  // The scheduler notes the edits of each cell, not of the module made of them: a module's last
  // model cannot be moved to its new positions, so requests wait for a fresh one.
  if (notebook) scheduler.forget(notebook);
  scheduler.schedule(notebook ?? cellOrDocument, delay);
}

function revalidateAll(): void {
  refreshPulled();
  for (const doc of openDocuments()) schedule(doc.uri);
}

let refreshTimer: NodeJS.Timeout | undefined;
/** Asks an editor that pulls diagnostics to pull again (coalesced): something besides its edits changed. */
function refreshPulled(): void {
  if (!pullDiagnostics || !hasDiagnosticRefresh || refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = undefined;
    void connection.languages.diagnostics.refresh().catch(() => undefined);
  }, 50);
}

const validate = safe('validate', undefined, async (cellOrDocument: string) => {
  const uri = notebookModules.notebookOf(cellOrDocument) ?? cellOrDocument;
  const doc = allDocument(uri);
  if (!doc) return;
  const version = doc.version;
  const ctx = await scheduler.freshContext(uri);
  // A newer edit arrived while it was analyzed: its own validation will publish.
  if (!ctx || allDocument(uri)?.version !== version) return;
  if (ctx.model.skipped && toldSkipped.get(uri) !== ctx.model.skipped) {
    toldSkipped.set(uri, ctx.model.skipped);
    void connection.window.showWarningMessage(`Audit Events: ${uri.split('/').pop()}: ${ctx.model.skipped}`);
  }
  // An editor that pulls asks for them itself (the handlers below).
  if (pullDiagnostics) return;
  const diagnostics = computeDiagnostics(ctx);
  const module = notebookModules.module(uri);
  if (!module) return void (await connection.sendDiagnostics({ uri, version, diagnostics }));
  for (const [cell, items] of module.diagnosticsByCell(diagnostics, new Set([uri, ctx.uri]))) {
    void connection.sendDiagnostics({ uri: cell, version: allDocument(cell)?.version, diagnostics: items });
  }
});

connection.languages.diagnostics.on(
  safe('diagnostic', { kind: 'full' as const, resultId: 'error', items: [] }, async (params) => {
    const inNotebook = notebookModules.cellOf(params.textDocument.uri);
    if (!inNotebook) return reports.document(params.textDocument.uri, params.previousResultId);
    // A cell's report is its part of the module's; its result id is the module's.
    const { module, cell } = inNotebook;
    const report = await reports.document(module.uri, params.previousResultId);
    if (report.kind !== 'full') return report;
    return { ...report, items: module.diagnosticsByCell(report.items, new Set([module.uri, uriKey(module.uri)])).get(cell.uri) ?? [] };
  }),
);
connection.languages.diagnostics.onWorkspace(
  safe('workspaceDiagnostic', { items: [] }, async (params) => ({ items: await reports.workspace(params.previousResultIds) })),
);

function onOpenOrChange(doc: TextDocument): void {
  schedule(doc.uri);
}

documents.onDidOpen((e) => {
  engine.documentOpened(e.document.uri);
  onOpenOrChange(e.document);
});
documents.onDidChangeContent((e) => onOpenOrChange(e.document));
notebooks.cellTextDocuments.onDidOpen((e) => {
  engine.documentOpened(e.document.uri);
  onOpenOrChange(e.document);
});
notebooks.cellTextDocuments.onDidChangeContent((e) => onOpenOrChange(e.document));
notebooks.onDidOpen((nb) => {
  notebookModules.opened(nb.uri);
  engine.documentOpened(nb.uri);
  schedule(nb.uri);
});
notebooks.onDidChange((e) => {
  scheduler.forget(e.notebookDocument.uri);
  schedule(e.notebookDocument.uri);
});
notebooks.onDidClose((nb) => {
  // Its cells close next, each clearing its own report.
  notebookModules.forget(nb.uri);
  scheduler.forget(nb.uri);
  engine.forget(nb.uri);
  engine.documentClosed(nb.uri);
  engine.documents.dispose(nb.uri);
  engine.index.remove(uriKey(nb.uri));
  refreshPulled();
});

function onClose(uri: string, closedText: string, closed?: TextDocument): void {
  scheduler.forget(uri, closed);
  engine.forget(uri);
  engine.documentClosed(uri);
  toldSkipped.delete(uri);
  engine.documents.dispose(uri);
  if (!pullDiagnostics) void connection.sendDiagnostics({ uri, diagnostics: [] });
  // A closed file of the workspace goes back to the workspace report.
  else refreshPulled();
  // The index holds what the editor had. If the file on disk says something else (closed
  // without saving), index it from disk again, once the editor has settled: closing a file is
  // often followed by opening another one.
  const path = localPathOf(uri);
  if (path) {
    setTimeout(() => {
      if (engine.openDocument(uri)) return;
      const onDisk = readSourceFile(path);
      if (!onDisk.ok || onDisk.text !== closedText) void engine.scanner.indexFileElsewhere(path, (file) => scheduler.indexElsewhere(file));
    }, 1000);
  } else engine.index.remove(uriKey(uri));
}
documents.onDidClose((e) => onClose(e.document.uri, e.document.getText(), e.document));
notebooks.cellTextDocuments.onDidClose((e) => onClose(e.document.uri, e.document.getText(), e.document));

// ---- workspace index -----------------------------------------------------------------------

async function indexWorkspace(): Promise<void> {
  await engine.ready;
  if (engine.workspaceFolders.length === 0) return;
  let progress: WorkDoneProgressReporter | undefined;
  if (hasWorkDoneProgress) {
    try {
      progress = await connection.window.createWorkDoneProgress();
      progress.begin('Audit Events: indexing', 0, 'looking for sys.audit calls and hooks', false);
    } catch {
      progress = undefined;
    }
  }
  const result = await engine.indexWorkspace({
    background: true,
    // Never ahead of a request: it waits between files, and its files are analyzed on the analysis thread.
    between: () => scheduler.idle(),
    analyzeElsewhere: (file) => scheduler.indexElsewhere(file),
    onProgress: (p) => progress?.report(`${p.filesSeen} files, ${p.filesParsed} with audit APIs`),
  });
  progress?.done();
  if (!result) return;
  log(`indexed ${result.filesSeen} files (${result.filesParsed} parsed, ${result.errors.length} skipped) in ${result.millis} ms${result.cancelled ? ', cancelled' : ''}`);
  for (const s of result.errors.slice(0, 20)) log(`skipped ${s.path}: ${s.message}`);
  if (!result.cancelled) revalidateAll();
}

// ---- features ------------------------------------------------------------------------------

/** Wires one request to a feature: the document's context, cancellation, and no throwing. */
function feature<P extends { textDocument: { uri: string } }, R>(name: string, fallback: R, run: (ctx: FeatureContext, params: P) => R) {
  const answer = safe(name, fallback, async (params: P, token: CancellationToken) => {
    const inNotebook = notebookModules.cellOf(params.textDocument.uri);
    const ctx = await scheduler.requestContext(inNotebook?.module.uri ?? params.textDocument.uri);
    if (!ctx || token.isCancellationRequested) return fallback;
    if (!inNotebook) return run(ctx, params);
    // A cell is answered from its notebook's module: positions go in and come back through the cell map.
    const { module, cell } = inNotebook;
    return module.resultToCell(run(ctx, module.paramsToModule(params, cell)), cell, new Set([module.uri, ctx.uri]));
  });
  return (params: P, token: CancellationToken) => scheduler.track(answer(params, token));
}

connection.onCompletion(feature('completion', null, (ctx, p) => completion(ctx, p.position, completionCaps)));
const resolveSafely = safe('completionResolve', null, (item: CompletionItem) => resolveCompletion(item, (uri) => scheduler.requestContext(uri)));
connection.onCompletionResolve(async (item) => (await resolveSafely(item)) ?? item);
connection.onHover(feature('hover', null, (ctx, p) => hover(ctx, p.position)));
connection.onSignatureHelp(feature('signatureHelp', null, (ctx, p) => signatureHelp(ctx, p.position)));
connection.languages.inlayHint.on(feature('inlayHint', [], (ctx, p) => inlayHints(ctx, p.range)));
connection.onCodeAction(feature('codeAction', [], (ctx, p) => codeActions(ctx, p.range, p.context.diagnostics, p.context.only)));
connection.onCodeLens(feature('codeLens', [], (ctx) => coverageLenses(ctx)));
// The coverage lens's command: the hook's missing events, shown and returned.
connection.onExecuteCommand(
  safe('executeCommand', null, async (params: { command: string; arguments?: unknown[] }) => {
    const [uri, hook] = params.arguments ?? [];
    if (params.command !== MISSING_EVENTS_COMMAND || typeof uri !== 'string' || typeof hook !== 'number') return null;
    const ctx = await scheduler.requestContext(uri);
    const result = ctx ? missingEvents(ctx, hook) : null;
    // A notification, not showMessageRequest: nothing to answer, so every client can show it.
    if (result) void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: result.text });
    return result;
  }),
);
connection.onDefinition(feature('definition', null, (ctx, p) => definition(ctx, p.position)));
connection.onReferences(feature('references', null, (ctx, p) => references(ctx, p.position, p.context.includeDeclaration)));
connection.onDocumentLinks(feature('documentLinks', [], (ctx) => documentLinks(ctx)));
connection.onDocumentSymbol(feature('documentSymbol', [], (ctx) => documentSymbols(ctx)));
connection.onWorkspaceSymbol(
  safe('workspaceSymbol', [], async (params) => {
    await engine.ready;
    return workspaceSymbols({ workspace: engine.index, mentionedNames: engine.index.mentionedNames() }, params.query);
  }),
);

connection.onRequest(
  TARGET_VERSION_REQUEST,
  safe('targetVersion', null, async (params: TargetVersionParams): Promise<TargetVersionResult | null> => {
    const settings = await engine.settingsFor(params.uri);
    const target = [...settings.versions];
    const label = formatVersionSet(target, engine.catalog.versions);
    return { version: settings.version, target, label, source: settings.versionSource, versions: [...engine.catalog.versions] };
  }),
);

connection.onRequest(
  CATALOG_REQUEST,
  safe('catalog', null, async (params: CatalogParams): Promise<CatalogResult | null> => {
    const folder = engine.workspaceFolders[0];
    const settings = await engine.settingsFor(params.uri ?? (folder ? pathToFileURL(folder).href + '/' : 'untitled:'));
    return { version: settings.version, events: catalogEntries(engine.catalogContext(settings)) };
  }),
);

documents.listen(connection);
notebooks.listen(closingBeforeOpening(connection));
connection.listen();
