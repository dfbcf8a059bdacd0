import type { EventMention, Position } from '../model';
import { containsPosition, rangeLength } from '../model';

/** The event mention whose string holds the position (inside the quotes, or on the constant). */
export function mentionAt(mentions: readonly EventMention[], pos: Position, inside = false): EventMention | null {
  let best: EventMention | null = null;
  for (const m of mentions) {
    const r = inside ? m.name.contentRange : m.name.range;
    if (!r || !containsPosition(r, pos)) continue;
    if (!best || rangeLength(r) < rangeLength((inside ? best.name.contentRange : best.name.range)!)) best = m;
  }
  return best;
}
