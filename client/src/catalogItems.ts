import { ThemeIcon, type QuickPickItem, type QuickInputButton } from 'vscode';
import type { CatalogEntry, CatalogResult } from '../../server/src/protocol';

export interface EventItem extends QuickPickItem {
  entry: CatalogEntry;
}

/** The row button that opens an event's docs (a ThemeIcon: a plain `{ id }` draws nothing). */
export const OPEN_DOCS_BUTTON: QuickInputButton = { iconPath: new ThemeIcon('link-external'), tooltip: 'Open the docs' };

/**
 * The catalog quick pick's rows, in the server's order (custom events, then public, internal,
 * Windows-only): the name, its arguments, and a second line that says where the event comes
 * from ("raised by shutil.copyfile") and what sets it apart.
 */
export function catalogItems(result: CatalogResult): EventItem[] {
  return result.events.map((entry) => ({
    label: entry.name,
    description: entry.args ? `(${entry.args.join(', ')})` : '(arguments unknown)',
    detail: entry.custom ? 'raised in this workspace' : detailOf(entry, result.version),
    buttons: entry.docs ? [OPEN_DOCS_BUTTON] : [],
    entry,
  }));
}

function detailOf(entry: CatalogEntry, version: string): string | undefined {
  const parts = [
    entry.api ? `raised by ${entry.api}` : null,
    entry.internal ? 'internal' : null,
    entry.windowsOnly ? 'Windows only' : null,
    entry.confirmed ? null : `not confirmed for ${version}`,
  ];
  return parts.filter(Boolean).join(' · ') || undefined;
}
