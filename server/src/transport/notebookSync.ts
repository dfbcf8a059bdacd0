import type { Connection, DidChangeNotebookDocumentParams, NotificationHandler } from 'vscode-languageserver';

/**
 * The connection as NotebookDocuments should hear it. vscode-languageserver applies a notebook
 * change's `didOpen` cells before its `didClose` cells, so a cell closed and reopened under its
 * URI in one change (VS Code does this when a cell's language changes) ends up closed, and its
 * text is missing from the notebook's module. Such a change is handed over as two: the closing
 * (with the cells' new order), then the opening (with the rest of the change).
 */
export function closingBeforeOpening(connection: Connection): Connection {
  const sync = connection.notebooks.synchronization;
  const synchronization: typeof sync = Object.create(sync, {
    onDidChangeNotebookDocument: {
      value: (handler: NotificationHandler<DidChangeNotebookDocumentParams>) =>
        sync.onDidChangeNotebookDocument(async (params) => {
          for (const part of inOrder(params)) await handler(part);
        }),
    },
  });
  const notebooks: typeof connection.notebooks = Object.create(connection.notebooks, { synchronization: { value: synchronization } });
  return Object.create(connection, { notebooks: { value: notebooks } });
}

/** A change as the parts to apply in turn: itself, or its closing and then its opening. */
export function inOrder(params: DidChangeNotebookDocumentParams): DidChangeNotebookDocumentParams[] {
  const structure = params.change.cells?.structure;
  const closing = new Set((structure?.didClose ?? []).map((d) => d.uri));
  if (!structure || !(structure.didOpen ?? []).some((d) => closing.has(d.uri))) return [params];
  const { didOpen, didClose, array } = structure;
  return [
    { ...params, change: { cells: { structure: { array, didClose } } } },
    { ...params, change: { ...params.change, cells: { ...params.change.cells, structure: { array: { start: 0, deleteCount: 0 }, didOpen } } } },
  ];
}
