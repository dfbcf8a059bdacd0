import { dirname } from 'node:path';
import { languageOfPath } from '../workspace/files';
import { localPathOf } from '../workspace/uris';
import type { AuditWorkspace } from './workspace';

/**
 * A C header changed on disk (or went away): the C files of the index in its folder may read its
 * macros (`#include "x.h"` is looked up beside the including file), so they are indexed again.
 * Open documents read it again when they are next analyzed (engine/documents.ts).
 */
export function reindexBesideHeader(engine: AuditWorkspace, headerPath: string): void {
  const folder = dirname(headerPath);
  for (const uri of [...engine.index.uris()]) {
    const path = engine.openDocument(uri) ? null : localPathOf(uri);
    if (path && path !== headerPath && dirname(path) === folder && languageOfPath(path) === 'c') engine.scanner.indexFile(path);
  }
}
