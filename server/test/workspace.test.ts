import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DIAGNOSTIC_CODES } from '../src/features/diagnostics/rules';
import { catalog } from './helpers/engine';
import { Excluder, compileGlob } from '../src/workspace/glob';
import { projectSettingsFromToml, requiredVersions } from '../src/workspace/pyproject';
import { DEFAULT_EXCLUDE, resolveSettings } from '../src/workspace/settings';
import { indentationLevels } from '../src/python/indentation';
import { decodeSource } from '../src/workspace/files';

describe('exclude globs', () => {
  test('VS Code-style globs, folders excluding what is under them', () => {
    const ex = new Excluder(DEFAULT_EXCLUDE);
    for (const p of ['.git', '.git/config', 'node_modules/x/y.py', 'a/b/.venv/lib/site.py', 'venv/x.py', 'pkg/__pycache__/m.py', 'x/.tox/py/a.py']) {
      assert.ok(ex.excludes(p), p);
    }
    for (const p of ['src/app.py', 'venvy/x.py', 'my_node_modules.py', 'gitstuff/a.py']) assert.ok(!ex.excludes(p), p);
    assert.ok(compileGlob('generated/**').test('generated/a/b.py'));
    assert.ok(compileGlob('*.pyi').test('deep/down/stub.pyi'));
    assert.ok(compileGlob('**/{build,dist}/**').test('x/dist/y.py'));
    assert.ok(!compileGlob('src/*.py').test('src/a/b.py'));
    assert.ok(compileGlob('src/*.py').test('src/a.py'));
    assert.ok(compileGlob('a/**/b.py').test('a/b.py') && compileGlob('a/**/b.py').test('a/x/y/b.py'));
    assert.ok(!compileGlob('a/**/b.py').test('a/xb.py'));
    assert.ok(compileGlob('src/**').test('src') && !compileGlob('src/**').test('srcx/a.py'));
    assert.ok(compileGlob('m?.py').test('x/m1.py') && !compileGlob('m?.py').test('m/.py'));
    assert.ok(compileGlob('gen[0-9].py').test('gen7.py') && !compileGlob('gen[0-9].py').test('genx.py'));
    assert.ok(compileGlob('gen[!0-9].py').test('genx.py') && !compileGlob('gen[!0-9].py').test('gen7.py'));
    assert.ok(compileGlob('odd[name').test('odd[name'), 'an unclosed [ is a literal');
    assert.ok(compileGlob('*a*a*a*b').test('xaxaxab') && !compileGlob('*a*a*a*b').test('a'.repeat(50)));
  });

  test('literal globs, bare names and wildcards mixed in one Excluder, duplicates included', () => {
    const ex = new Excluder(['build', 'build', 'third_party/vendored', 'docs/*.py', '  ', 'gen/**']);
    for (const p of ['build', 'x/build/y.py', 'third_party/vendored/a.py', 'docs/conf.py', 'gen/a/b.py']) assert.ok(ex.excludes(p), p);
    for (const p of ['builder.py', 'x/third_party/vendored/a.py', 'docs/a/conf.py', 'third_party/vendoredx.py']) assert.ok(!ex.excludes(p), p);
  });
});

describe('pyproject.toml and settings', () => {
  test('requires-python: every catalog version it admits, per specifier form', () => {
    const v = catalog.versions;
    const from = (first: string) => v.slice(v.indexOf(first));
    assert.deepEqual(requiredVersions('>=3.9', v), from('3.9'));
    assert.deepEqual(requiredVersions('>=3.10,<4', v), from('3.10'));
    assert.deepEqual(requiredVersions('>=3.9,<3.14', v), ['3.9', '3.10', '3.11', '3.12', '3.13']);
    assert.deepEqual(requiredVersions('>=3.9, <3.12', v), ['3.9', '3.10', '3.11'], 'spaces after the comma');
    assert.deepEqual(requiredVersions('>=3.9 <3.11', v), ['3.9', '3.10'], "Poetry's space-separated clauses");
    assert.deepEqual(requiredVersions('~=3.11', v), from('3.11'));
    assert.deepEqual(requiredVersions('~=3.11.2', v), ['3.11']);
    assert.deepEqual(requiredVersions('^3.12', v), from('3.12'));
    assert.deepEqual(requiredVersions('>3.8', v), from('3.8'), '3.8.1 is above 3.8');
    assert.deepEqual(requiredVersions('>=3.8,!=3.9.*', v), v.filter((x) => x !== '3.9'));
    assert.deepEqual(requiredVersions('==3.11.*', v), ['3.11']);
    assert.deepEqual(requiredVersions('<3.10', v), ['3.8', '3.9']);
    assert.deepEqual(requiredVersions('>=3.6', v), v, 'clamped to the catalog');
    assert.deepEqual(requiredVersions('3.9.* || 3.12.*', v), ['3.9', '3.12']);
    assert.equal(requiredVersions('>=3.99', v), null);
    assert.equal(requiredVersions('not a version', v), null);
  });

  test('[tool.audit-events] keys and poetry\'s python dependency', () => {
    const s = projectSettingsFromToml('[tool.audit-events]\npython-version = "3.10"\ncustom-events = { "a.b" = ["x"] }\nseverity = { version = "off" }\nexclude = ["gen/**"]\ninlay-hints = { enable = false }\n', catalog.versions);
    assert.deepEqual(s.tool, { pythonVersion: '3.10', customEvents: { 'a.b': ['x'] }, severity: { version: 'off' }, exclude: ['gen/**'], inlayHints: { enable: false } });
    assert.deepEqual(projectSettingsFromToml('[tool.poetry.dependencies]\npython = "^3.11"\n', catalog.versions).requiresPython, catalog.versions.slice(catalog.versions.indexOf('3.11')));
    assert.throws(() => projectSettingsFromToml('[tool.audit-events\n', catalog.versions));
  });

  test('an explicit editor setting wins over pyproject, which wins over requires-python', () => {
    const project = { tool: { pythonVersion: '3.10', customEvents: { 'a.b': ['x'] } }, requiresPython: ['3.9', '3.10', '3.11'] };
    assert.deepEqual(resolveSettings({ pythonVersion: 'auto' }, project, catalog.versions).versions, ['3.10']);
    assert.deepEqual(resolveSettings({ pythonVersion: '3.12' }, project, catalog.versions).versions, ['3.12']);
    const fromRequires = resolveSettings({}, { tool: {}, requiresPython: ['3.9', '3.10', '3.11'] }, catalog.versions);
    assert.deepEqual([fromRequires.versions, fromRequires.version, fromRequires.versionSource], [['3.9', '3.10', '3.11'], '3.11', 'requires-python']);
    const none = resolveSettings({}, undefined, catalog.versions);
    assert.deepEqual([none.versions, none.version, none.versionSource], [[catalog.newest], catalog.newest, 'newest']);
    assert.deepEqual(resolveSettings({ pythonVersion: 'not-a-version' }, project, catalog.versions).versions, ['3.10'], 'an unreadable setting defers');
    const merged = resolveSettings({ customEvents: { 'a.b': ['y', 'z'] }, severity: { arity: 'off', bogus: 'error', version: 'loud' } }, project, catalog.versions, DIAGNOSTIC_CODES);
    assert.deepEqual(merged.customEvents.get('a.b'), ['y', 'z']);
    assert.deepEqual(merged.severity, { arity: 'off' });
  });

  test('a version setting takes every range form, from the editor and from [tool.audit-events]', () => {
    const v = catalog.versions;
    const range = (spec: string) => resolveSettings({ pythonVersion: spec }, undefined, v).versions;
    assert.deepEqual(range('3.9-3.13'), ['3.9', '3.10', '3.11', '3.12', '3.13']);
    assert.deepEqual(range('3.9–3.11'), ['3.9', '3.10', '3.11']);
    assert.deepEqual(range('>=3.10'), v.slice(v.indexOf('3.10')));
    assert.deepEqual(range('3.12+'), v.slice(v.indexOf('3.12')));
    assert.deepEqual(range('>=3.9,<3.11'), ['3.9', '3.10']);
    const tool = resolveSettings({ pythonVersion: 'auto' }, projectSettingsFromToml('[tool.audit-events]\npython-version = "3.10+"\n[project]\nrequires-python = ">=3.8"\n', v), v);
    assert.deepEqual([tool.versions, tool.versionSource], [v.slice(v.indexOf('3.10')), 'pyproject']);
    const auto = resolveSettings({ pythonVersion: 'auto' }, projectSettingsFromToml('[project]\nrequires-python = ">=3.9,<3.14"\n', v), v);
    assert.deepEqual([auto.versions, auto.versionSource], [['3.9', '3.10', '3.11', '3.12', '3.13'], 'requires-python']);
  });
});

describe('input guards', () => {
  test('indentation levels as CPython counts them', () => {
    assert.equal(indentationLevels('a\n  b\n    c\n  d\n'), 2);
    assert.equal(indentationLevels('x = (\n        1,\n            2)\n'), 0, 'continuation lines do not indent');
    assert.equal(indentationLevels('s = """\n        text\n"""\n'), 0, 'nor do lines of a triple-quoted string');
    assert.equal(indentationLevels('if x:\n\tif y:\n\t\tz\n'), 2);
  });

  test('decoding: BOM, binary, invalid UTF-8', () => {
    assert.deepEqual(decodeSource(Buffer.from('\uFEFFx = 1', 'utf8')), { ok: true, text: 'x = 1' });
    assert.equal(decodeSource(Buffer.from([0x78, 0x00])).ok, false);
    assert.equal(decodeSource(Buffer.from([0x78, 0xff, 0xfe])).ok, false);
  });
});
