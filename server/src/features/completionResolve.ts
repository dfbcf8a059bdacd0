import { MarkupKind, type CompletionItem } from 'vscode-languageserver-types';
import type { FeatureContext } from './context';
import { eventMarkdown } from './eventDocs';

/**
 * What a completion item carries to completionItem/resolve: the document it was offered in, whose
 * settings (target version, custom events) and workspace say what the event's documentation is.
 * The event is the item's label.
 */
export interface CompletionData {
  uri: string;
}

export function completionData(uri: string): CompletionData {
  return { uri };
}

/**
 * The documentation of one completion item (SPEC §5: hover's text), filled in when the editor
 * shows the item. An item this server did not make, or whose document is gone, comes back as it
 * was (a module prefix has no documentation): resolve never fails the editor's request.
 */
export async function resolveCompletion(item: CompletionItem, contextFor: (uri: string) => Promise<FeatureContext | null>): Promise<CompletionItem> {
  const data = item.data as Partial<CompletionData> | null | undefined;
  if (typeof item.label !== 'string' || typeof data?.uri !== 'string') return item;
  const ctx = await contextFor(data.uri);
  const docs = ctx ? eventMarkdown(item.label, ctx) : null;
  return docs ? { ...item, documentation: { kind: MarkupKind.Markdown, value: docs } } : item;
}
