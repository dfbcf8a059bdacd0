// What the ecosystem tests share: temporary folders, a child environment free of `npm test`'s own
// variables, the package as `npm pack` writes it, and the README's snippets.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/repo';

export interface TempDir {
  path: string;
  remove(): void;
}

export function makeTempDir(purpose: string): TempDir {
  const path = mkdtempSync(join(tmpdir(), `audit-events-${purpose}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * The environment for a child process, without the npm_* variables `npm test` exports: with
 * npm_config_local_prefix inherited, an `npm install` in a temporary folder would install into
 * this repository instead.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return { ...env, ...extra };
}

/**
 * npm with an empty cache of its own and no network: what installs then comes from the tarball
 * alone, which holds because the package has no runtime dependencies.
 */
export function offlineNpmEnv(cache: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return cleanEnv({
    npm_config_cache: cache,
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    ...extra,
  });
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(file: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeout?: number }): Run {
  const r = spawnSync(file, args, { cwd: options.cwd, env: options.env ?? cleanEnv(), encoding: 'utf8', timeout: options.timeout ?? 120000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface Tarball {
  path: string;
  files: string[];
  size: number;
}

/**
 * `npm pack` of this repository into `dest`. With --ignore-scripts: `prepare` would rebuild
 * server/out under the other tests running from it; `npm test` has just built it.
 */
export function packTarball(dest: string): Tarball {
  const r = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], { cwd: repoRoot() });
  assert.equal(r.code, 0, r.stderr);
  const [packed] = JSON.parse(r.stdout) as { filename: string; files: { path: string }[] }[];
  const path = join(dest, packed.filename);
  return { path, files: packed.files.map((f) => f.path).sort(), size: statSync(path).size };
}

/** The one fenced block of the README in `lang` that contains `marker`. */
export function readmeBlock(lang: string, marker: string): string {
  const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].filter((m) => m[1] === lang && m[2].includes(marker)).map((m) => m[2]);
  assert.equal(blocks.length, 1, `expected one \`\`\`${lang} block with '${marker}' in README.md, found ${blocks.length}`);
  return blocks[0];
}

/** A Python file with one finding, and the same file fixed. */
export const BAD_HOOK = 'import sys\n\n\ndef hook(event, args):\n    if event == "open":\n        path, mode = args\n\n\nsys.addaudithook(hook)\n';
export const GOOD_HOOK = BAD_HOOK.replace('path, mode = args', 'path, mode, flags = args');
export const BAD_HOOK_FINDING = "6:9: warning[unpack-arity] 'open' takes 3 arguments (path, mode, flags); this unpacks 2 (path, mode)";
