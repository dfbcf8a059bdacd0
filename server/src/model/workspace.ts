// What the workspace knows beyond one document (SPEC §3: custom events, hooks registered from
// other files). The index fills it; the features read it.
import type { Range } from './document';

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

export interface WorkspaceEvents {
  /** A list that changes is a new array or a longer one, never the same array rewritten. */
  raises(name: string): readonly RaisedEvent[];
  mentions(name: string): readonly MentionedEvent[];
  raisedNames(): Iterable<string>;
  /**
   * False while the first index of the workspace is still being built: what the workspace raises
   * is not known yet, so a name must not be called unknown.
   */
  readonly complete: boolean;
}

export const NO_WORKSPACE: WorkspaceEvents = {
  raises: () => [],
  mentions: () => [],
  raisedNames: () => [],
  complete: true,
};
