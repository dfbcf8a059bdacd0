import { dirname, isAbsolute, join } from 'node:path';
import type { SourceLanguage } from '../model';
import { decodeSource, MAX_INDEXED_BYTES, readSourceBytes } from './files';

/**
 * A header included with quotes, from the including file's folder (where `#include "x.h"` looks
 * first): what the C analysis reads `#define`s from. The scan and its worker threads read it alike.
 */
export function readHeaderBeside(path: string, include: string): string | null {
  if (isAbsolute(include) || include.split(/[\\/]/).includes('..')) return null;
  const read = readSourceBytes(join(dirname(path), include));
  if (!read.ok || read.bytes.length > MAX_INDEXED_BYTES) return null;
  const source = decodeSource(read.bytes);
  return source.ok ? source.text : null;
}

/** How the C analysis of the file at `path` reads its quoted headers; none for Python, or a file with no path. */
export function headerReaderFor(language: SourceLanguage, path: string | null | undefined): ((include: string) => string | null) | undefined {
  return language === 'c' && path ? (include) => readHeaderBeside(path, include) : undefined;
}
