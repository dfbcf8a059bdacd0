#!/usr/bin/env node
// Copies the audit-event fact files (docs tables, raise sites of source trees and of Linux builds,
// stdlib sites, observations, observed argument types, API-to-event observations, binary names,
// seeds) from a folder given on the command line into catalog/sources/, so that the project never
// reads anything outside itself when it builds or tests. Run `npm run catalog` afterwards.
import { readdirSync, copyFileSync, mkdirSync, statSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const from = process.argv[2];
if (!from || !existsSync(from) || !statSync(from).isDirectory()) {
  console.error('usage: node scripts/refresh-catalog-sources.mjs <catalog-facts-folder> [seeds-folder]');
  process.exit(2);
}
const seedsFrom = process.argv[3] ?? join(from, '..', 'seeds');
const target = join(root, 'catalog', 'sources');
mkdirSync(join(target, 'seeds'), { recursive: true });

let copied = 0;
for (const name of readdirSync(from)) {
  if (/^(docs-table|raise-sites|build-sites|observed|observed-types|api-events|binary-names|stdlib-sites)-[\d.]+\.json$|^events\.json$|^README\.md$/.test(name)) {
    copyFileSync(join(from, name), join(target, name));
    copied++;
  }
}
if (existsSync(seedsFrom)) {
  for (const name of readdirSync(seedsFrom)) {
    if (name.endsWith('.txt')) {
      copyFileSync(join(seedsFrom, name), join(target, 'seeds', name));
      copied++;
    }
  }
}
console.log(`copied ${copied} fact files into ${target}`);
