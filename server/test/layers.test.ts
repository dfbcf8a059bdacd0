import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { RULES } from '../src/features/diagnostics/rules';
import { repoRoot } from './helpers/repo';

describe('the house (issue 10)', () => {
  test('no import of server/src runs from a lower floor to a higher one', () => {
    const r = spawnSync(process.execPath, [join(repoRoot(), 'scripts', 'import-graph.mjs'), '--json'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const graph = JSON.parse(r.stdout) as { files: number; edges: number; up: [string, string][]; unplaced: string[] };
    assert.ok(graph.files > 40 && graph.edges > 100, `the graph was read: ${r.stdout}`);
    assert.deepEqual(graph.up, [], 'edges running up (scripts/import-graph.mjs lists the floors)');
    assert.deepEqual(graph.unplaced, [], 'every file sits on a floor');
  });

  test('one place makes a FeatureContext: AuditWorkspace.context', () => {
    // An object literal that has a model, settings and a workspace is a FeatureContext made by hand.
    const literal = /\{[^{};]*\bmodel\b[^{};]*\bsettings\b[^{};]*\bworkspace\b[^{};]*\}/;
    const makers = ['server/src', 'server/test'].flatMap((d) => sourceFiles(join(repoRoot(), d))).filter((f) => literal.test(readFileSync(f, 'utf8')));
    assert.deepEqual(makers.map((f) => f.slice(repoRoot().length + 1)), ['server/src/engine/workspace.ts']);
  });

  test("package.json's severity schema is the rule registry's", () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8'));
    const schema = pkg.contributes.configuration.properties['auditEvents.severity'].properties;
    const expected = Object.fromEntries(
      RULES.map((r) => [
        r.code,
        {
          type: 'string',
          enum: ['error', 'warning', 'information', 'hint', 'off'],
          description: `Default: ${r.severity}${'severityNote' in r ? ` (${r.severityNote})` : ''}`,
        },
      ]),
    );
    assert.deepEqual(schema, expected, `package.json's auditEvents.severity.properties should be:\n${JSON.stringify(expected, null, 2)}`);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}
