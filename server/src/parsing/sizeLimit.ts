/**
 * Files above a size are not parsed: a 30 MB file makes the parser's WebAssembly abort (out of
 * memory) and no file that large is hand-written Python. The user can raise the limit with
 * `auditEvents.maxFileSize` or pyproject's `max-file-size` (bytes).
 */
export const DEFAULT_MAX_FILE_SIZE = 4 * 1024 * 1024;

/** Whether the text's UTF-8 size exceeds `limit` bytes, without encoding it when the length tells. */
export function exceedsSize(text: string, limit: number): boolean {
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  return Buffer.byteLength(text, 'utf8') > limit;
}

/** The same for every size, so that the user is told once per document, not per keystroke. */
export function tooLargeReason(limit: number): string {
  return `larger than the size limit of ${formatBytes(limit)} (setting auditEvents.maxFileSize, or max-file-size in pyproject.toml): not analyzed`;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / 1024 / 1024} MB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KB`;
  return `${n} bytes`;
}

/** A usable limit from a setting's value, else null. */
export function validSize(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : null;
}
