import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root: the nearest folder above the running bundle with a package.json. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'catalog'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no repository root above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

export function readJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(readFileSync(join(repoRoot(), ...parts), 'utf8')) as T;
}

export const SERVER_JS = () => join(repoRoot(), 'server', 'out', 'server.js');
export const CLI_JS = () => join(repoRoot(), 'server', 'out', 'cli.js');
