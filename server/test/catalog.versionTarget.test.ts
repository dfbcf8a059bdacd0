import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { getCatalog } from '../src/catalog/catalog';
import { formatVersionSet, parseVersionTarget } from '../src/catalog/versionTarget';

// A fixed list, so that these tests say what each form means whatever the catalog grows to.
const V = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14', '3.15'];
const versions = (spec: string) => {
  const r = parseVersionTarget(spec, V);
  assert.ok(r.ok, `${spec}: ${r.ok ? '' : r.error}`);
  return r.versions;
};
const error = (spec: string) => {
  const r = parseVersionTarget(spec, V);
  assert.ok(!r.ok, `${spec} should not parse, got ${r.ok ? r.versions.join(',') : ''}`);
  return r;
};
const from = (v: string) => V.slice(V.indexOf(v));
const upTo = (v: string) => V.slice(0, V.indexOf(v) + 1);

describe('parseVersionTarget: one version', () => {
  test('a minor version, or a patch release of it', () => {
    assert.deepEqual(versions('3.11'), ['3.11']);
    assert.deepEqual(versions(' 3.8 '), ['3.8']);
    assert.deepEqual(versions('3.11.4'), ['3.11']);
  });

  test('a version outside the catalog is an error that says which side', () => {
    assert.equal(error('3.7').beyond, 'older');
    assert.equal(error('3.16').beyond, 'newer');
    assert.match(error('3.16').error, /3\.16 is not in the catalog \(3\.8–3\.15\)/);
  });
});

describe('parseVersionTarget: ranges', () => {
  test('a-b, with a hyphen, an en dash or two dots, both ends included', () => {
    assert.deepEqual(versions('3.9-3.13'), ['3.9', '3.10', '3.11', '3.12', '3.13']);
    assert.deepEqual(versions('3.9–3.13'), versions('3.9-3.13'));
    assert.deepEqual(versions('3.9 - 3.10'), ['3.9', '3.10']);
    assert.deepEqual(versions('3.12..3.12'), ['3.12']);
  });

  test('a range is cut to the catalog', () => {
    assert.deepEqual(versions('3.6-3.9'), ['3.8', '3.9']);
    assert.deepEqual(versions('3.14-3.20'), ['3.14', '3.15']);
  });

  test('a backwards range is an error', () => {
    assert.match(error('3.13-3.9').error, /backwards/);
  });

  test('3.10+ and >=3.10: that version and every later one', () => {
    assert.deepEqual(versions('3.10+'), from('3.10'));
    assert.deepEqual(versions('>=3.10'), from('3.10'));
  });
});

describe('parseVersionTarget: PEP 440 specifier sets (requires-python)', () => {
  test('>= and <, together: >=3.9,<3.14', () => {
    assert.deepEqual(versions('>=3.9,<3.14'), ['3.9', '3.10', '3.11', '3.12', '3.13']);
    assert.deepEqual(versions('>= 3.9 , < 3.14'), versions('>=3.9,<3.14'));
  });

  test('>=3.9.2: some 3.9 release satisfies it, so 3.9 is in', () => {
    assert.deepEqual(versions('>=3.9.2'), from('3.9'));
  });

  test('>3.9: 3.9.1 > 3.9, so 3.9 is in (PEP 440); >3.9.* is not a specifier', () => {
    assert.deepEqual(versions('>3.9'), from('3.9'));
    assert.match(error('>3.9.*').error, /only with == or !=/);
  });

  test('<=3.12 keeps 3.12; <3.12 drops it; <3.12.4 keeps it (3.12.0-3.12.3)', () => {
    assert.deepEqual(versions('<=3.12'), upTo('3.12'));
    assert.deepEqual(versions('<3.12'), upTo('3.11'));
    assert.deepEqual(versions('<3.12.4'), upTo('3.12'));
  });

  test('~=3.10 is >=3.10,==3.*; ~=3.10.2 is >=3.10.2,==3.10.*', () => {
    assert.deepEqual(versions('~=3.10'), from('3.10'));
    assert.deepEqual(versions('~=3.10.2'), ['3.10']);
    assert.match(error('~=3').error, /two version numbers/);
  });

  test('==3.11.* and ==3.11: only 3.11; ===3.11 too', () => {
    assert.deepEqual(versions('==3.11.*'), ['3.11']);
    assert.deepEqual(versions('==3.11'), ['3.11']);
    assert.deepEqual(versions('===3.11'), ['3.11']);
    assert.deepEqual(versions('==3.*'), V);
  });

  test('!=3.9.* removes 3.9; !=3.9 only removes 3.9.0, so 3.9 stays', () => {
    assert.deepEqual(versions('>=3.8,!=3.9.*'), V.filter((v) => v !== '3.9'));
    assert.deepEqual(versions('>=3.8,!=3.9.*,!=3.10.*'), V.filter((v) => v !== '3.9' && v !== '3.10'));
    assert.deepEqual(versions('>=3.8,!=3.9'), V);
  });

  test("Poetry's caret: ^3.9 is >=3.9,<4", () => {
    assert.deepEqual(versions('^3.9'), from('3.9'));
  });

  test('pre-releases and a leading v read as their release numbers', () => {
    assert.deepEqual(versions('>=3.13.0rc1'), from('3.13'));
    assert.deepEqual(versions('>=v3.12'), from('3.12'));
  });

  test('a set that selects nothing says so, and which side it points at', () => {
    const newer = error('>=3.20');
    assert.match(newer.error, /selects none of the catalog's versions \(3\.8–3\.15\)/);
    assert.equal(newer.beyond, 'newer');
    assert.equal(error('<3.8').beyond, 'older');
    assert.equal(error('>=3.10,<3.9').beyond, undefined);
  });

  test('garbage is an error, never a throw', () => {
    for (const bad of ['', 'python3', '>=', '3.x', '>=3.9;<3.10', '=>3.9', '3.9.', '~~3.9']) error(bad);
  });
});

describe('formatVersionSet', () => {
  test('runs of consecutive versions with an en dash, in catalog order', () => {
    assert.equal(formatVersionSet(['3.9', '3.10', '3.11', '3.12', '3.13', '3.14', '3.15'], V), '3.9–3.15');
    assert.equal(formatVersionSet(['3.8', '3.10', '3.11', '3.12'], V), '3.8, 3.10–3.12');
    assert.equal(formatVersionSet(['3.12', '3.8', '3.11', '3.8'], V), '3.8, 3.11–3.12');
    assert.equal(formatVersionSet(['3.11'], V), '3.11');
    assert.equal(formatVersionSet([], V), '');
    assert.equal(formatVersionSet(['2.7', '3.9'], V), '3.9', 'versions outside the catalog are left out');
  });

  test('round trip on the real catalog: a range spec formats back to itself', () => {
    const catalog = getCatalog();
    const spec = `3.9-${catalog.newest}`;
    const r = parseVersionTarget(spec, catalog.versions);
    assert.ok(r.ok);
    assert.equal(formatVersionSet(r.versions, catalog.versions), spec.replace('-', '–'));
  });
});
