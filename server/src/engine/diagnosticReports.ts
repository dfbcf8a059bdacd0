import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';
import { computeDiagnostics } from '../features/diagnostics';
import type { FeatureContext } from '../features/context';
import type { DocumentModel } from '../model';
import type { AuditWorkspace } from './workspace';

/** A pulled report (LSP 3.17): the diagnostics, or "unchanged since `resultId`". */
export type PulledReport = { kind: 'full'; resultId: string; items: Diagnostic[] } | { kind: 'unchanged'; resultId: string };
/** The result id of an empty report that clears a file the editor listed before. */
const CLEARED = 'cleared';

export type WorkspaceReport = PulledReport & { uri: string; version: number | null };

/**
 * Diagnostics for editors that pull them (textDocument/diagnostic, workspace/diagnostic). A
 * result id names everything a file's findings depend on: its model (a new object per change),
 * the settings, what the workspace index holds; when the editor's last id is still current, the
 * answer is "unchanged" and nothing is computed.
 */
export class DiagnosticReports {
  private settingsGeneration = 0;
  private readonly modelIds = new WeakMap<DocumentModel, number>();
  private nextModelId = 1;
  /** Files of the workspace reported in the last workspace pull, and their ids: what must be cleared. */
  private readonly findingCounts = new Map<string, { resultId: string; count: number }>();

  constructor(
    private readonly engine: AuditWorkspace,
    /** The editor's version of an open document, undefined when it is not open. */
    private readonly openVersion: (uri: string) => number | undefined,
    /** An open document's context, of its newest version (the server's comes from its scheduler). */
    private readonly contextFor: (uri: string) => Promise<FeatureContext | null> = (uri) => engine.contextFor(uri),
  ) {}

  /** Settings changed: every result id is stale. */
  settingsChanged(): void {
    this.settingsGeneration++;
  }

  private resultId(model: DocumentModel): string {
    let id = this.modelIds.get(model);
    if (id === undefined) this.modelIds.set(model, (id = this.nextModelId++));
    const { index } = this.engine;
    return `${this.settingsGeneration}.${index.revision}.${index.complete ? 1 : 0}.${id}`;
  }

  /** An open document's report. */
  async document(uri: string, previousResultId?: string): Promise<PulledReport> {
    const ctx = await this.contextFor(uri);
    if (!ctx) return { kind: 'full', resultId: 'none', items: [] };
    const resultId = this.resultId(ctx.model);
    if (previousResultId === resultId) return { kind: 'unchanged', resultId };
    return { kind: 'full', resultId, items: computeDiagnostics(ctx) };
  }

  /**
   * The files of the workspace, in `workspace` mode: those with findings, and those the editor
   * holds a report for that is now stale (cleared with an empty one). Open documents are listed
   * too, from their editor text and with their version: VS Code pulls only documents shown in a
   * tab, so one it keeps open without a tab (closed a moment ago) would otherwise be in no report,
   * and after a server restart its findings would be gone from the Problems panel. A client that
   * pulls the document itself keeps its own answer for it.
   */
  async workspace(previous: readonly { uri: string; value: string }[]): Promise<WorkspaceReport[]> {
    await this.engine.ready;
    const held = new Map(previous.map((p) => [p.uri, p.value]));
    const out: WorkspaceReport[] = [];
    const wanted = new Set<string>();
    const modeOf = new Map<string, Promise<boolean>>();
    const inWorkspaceMode = (folder: string | null) => {
      const key = folder ?? '';
      let m = modeOf.get(key);
      if (!m) modeOf.set(key, (m = this.engine.settingsFor(folder ? pathToFileURL(folder).href + '/' : 'untitled:').then((s) => s.diagnosticMode === 'workspace')));
      return m;
    };
    for (const uri of [...this.engine.index.uris()]) {
      if (!uri.startsWith('file:')) continue;
      const path = fileURLToPath(uri);
      if (!(await inWorkspaceMode(this.engine.folderContaining(path)))) continue;
      const version = this.openVersion(uri) ?? null;
      const open = version === null ? null : await this.contextFor(uri);
      const model = open?.model ?? this.engine.index.modelOf(uri);
      if (!model) continue;
      const resultId = this.resultId(model);
      const known = this.findingCounts.get(uri);
      const compute = () => computeDiagnostics(open ?? this.engine.context(uri, model, this.engine.settingsForPath(path)));
      let items: Diagnostic[] | null = null;
      if (known?.resultId !== resultId) {
        items = compute();
        this.findingCounts.set(uri, { resultId, count: items.length });
      }
      // A file without findings is not listed (the loop below clears what the editor still shows).
      if ((items?.length ?? known!.count) === 0) continue;
      wanted.add(uri);
      if (held.get(uri) === resultId) out.push({ kind: 'unchanged', uri, resultId, version });
      else out.push({ kind: 'full', uri, resultId, items: items ?? compute(), version });
    }
    // Reports the editor holds for files no longer listed (fixed, excluded, deleted, mode off).
    for (const uri of held.keys()) {
      if (!wanted.has(uri) && held.get(uri) !== CLEARED) out.push({ kind: 'full', uri, resultId: CLEARED, items: [], version: this.openVersion(uri) ?? null });
    }
    return out;
  }
}
