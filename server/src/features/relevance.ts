/** What the catalog says about an event that sets it apart from the public ones. */
export interface RelevanceFacts {
  internal: boolean;
  windowsOnly: boolean;
  /** The target version is known to raise it (false: the evidence does not rule it out). */
  confirmed: boolean;
}

/**
 * How likely a user of the target version wants an event, as a rank (0 first): the public events,
 * then CPython's internal ones, then the platform-specific (Windows-only) ones; within each,
 * the events the version is known to raise before the ones the evidence does not confirm.
 * Completion and the catalog list both order by it.
 */
export function relevanceRank(e: RelevanceFacts): number {
  const group = e.windowsOnly ? 2 : e.internal ? 1 : 0;
  return group * 2 + (e.confirmed ? 0 : 1);
}

/** The marks shown next to an event's name: why it is not among the first. */
export function relevanceMarks(e: RelevanceFacts): string[] {
  return [...(e.internal ? ['internal'] : []), ...(e.windowsOnly ? ['Windows only'] : [])];
}
