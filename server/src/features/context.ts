import type { Catalog } from '../catalog/catalog';
import type { DocumentModel, Position, Settings, WorkspaceEvents } from '../model';

/** Everything a feature needs besides the position: pure inputs, no I/O. */
export interface FeatureContext {
  uri: string;
  model: DocumentModel;
  catalog: Catalog;
  settings: Settings;
  workspace: WorkspaceEvents;
  /** Where the document ends, for edits that append (the hook skeleton). */
  documentEnd?: Position;
  /** The document's text, for edits that must fit around it (the skeleton's blank lines, its line endings). */
  text?: string;
}
