import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The one key of a file's URI. Editors and Node encode the same path differently (VS Code writes
 * `@`, `(`, `)` as %40, %28, %29; Node leaves them), and a file indexed from disk must be the
 * same entry as the open document: otherwise it is counted twice (a false inconsistent-arity
 * against its own disk copy, references listed twice). A URI that is no local path stays as it is.
 */
/** The local path of a file URI; null for other schemes and for file URIs no path can be made of (a host, `%FF`). */
export function localPathOf(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

export function uriKey(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return pathToFileURL(fileURLToPath(uri)).href;
  } catch {
    return uri;
  }
}
