import type { Catalog } from '../catalog/catalog';
import type { DocumentModel, Position, Range } from '../model';
import type { Settings } from '../workspace/settings';

/** One raise site somewhere in the workspace, as the index keeps it. */
export interface RaisedEvent {
  uri: string;
  range: Range;
  arity: { count: number; atLeast: boolean } | null;
  /** Names of the arguments where the call passes plain names, else null per argument. */
  labels: (string | null)[];
}

/** One place a hook (or a collection it tests) mentions an event, anywhere in the workspace. */
export interface MentionedEvent {
  uri: string;
  range: Range;
}

/** What the workspace knows beyond the current document (SPEC §3: custom events). */
export interface WorkspaceEvents {
  raises(name: string): readonly RaisedEvent[];
  mentions(name: string): readonly MentionedEvent[];
  raisedNames(): Iterable<string>;
}

/** Everything a feature needs besides the position: pure inputs, no I/O. */
export interface FeatureContext {
  uri: string;
  model: DocumentModel;
  catalog: Catalog;
  settings: Settings;
  workspace: WorkspaceEvents;
  /** Where the document ends, for edits that append (the hook skeleton). */
  documentEnd?: Position;
}

export const NO_WORKSPACE: WorkspaceEvents = {
  raises: () => [],
  mentions: () => [],
  raisedNames: () => [],
};
