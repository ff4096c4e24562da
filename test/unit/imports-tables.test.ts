// The name tables: import names that differ from their distribution's name (checked against the top-level modules
// real wheels install), the reverse lookups that decide whether a declared distribution is used, the standard
// library of each Python version, and the download ranking the typo check compares against.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IMPORT_NAME_ENTRIES, knownImportEntry } from '#core/data/importNames';
import { POPULAR_DISTRIBUTIONS, POPULAR_DISTRIBUTIONS_SOURCE } from '#core/data/popularDistributions';
import { distributionFor, normalizeDistribution, provides } from '#core/imports/providers';
import { admittedMinors, isStdlibSomewhere, stdlibMissingIn } from '#core/imports/pythonVersions';
import { typoDistance } from '#core/imports/dependencyNames';

const EVIDENCE_DIR = path.resolve(__dirname, '../../../test/fixtures/top-level-names');
const evidence = new Map<string, string[]>();
for (const file of fs.readdirSync(EVIDENCE_DIR)) {
  const data = JSON.parse(fs.readFileSync(path.join(EVIDENCE_DIR, file), 'utf8')) as {
    distributions: Record<string, string[]>;
    alsoInstalls?: Record<string, string[] | string>;
  };
  for (const [name, tops] of Object.entries(data.distributions)) evidence.set(name, tops);
  for (const [name, more] of Object.entries(data.alsoInstalls ?? {})) if (Array.isArray(more)) evidence.get(name)?.push(...more);
}

/**
 * Whether what a distribution installs holds `module`: its top-level module is one of them, or (a namespace that
 * several distributions fill, which the evidence lists by dotted subpackage) the module lies in one of them or holds it.
 */
function installs(tops: string[], module: string): boolean {
  const top = module.split('.')[0];
  return tops.some((t) => t === top || t === module || module.startsWith(t + '.') || t.startsWith(module + '.'));
}

test('the table lists at least 150 import names that differ from their distribution', () => {
  const differing = IMPORT_NAME_ENTRIES.filter(([module, dist]) => normalizeDistribution(module) !== normalizeDistribution(dist));
  assert.ok(differing.length >= 150, `${differing.length}`);
  const modules = IMPORT_NAME_ENTRIES.map(([m]) => m);
  assert.equal(new Set(modules).size, modules.length, 'each module once');
});

test('every entry whose distribution real wheels show installs the module it is listed for', () => {
  let checked = 0;
  for (const [module, dist, alternatives] of IMPORT_NAME_ENTRIES) {
    for (const d of [dist, ...(alternatives ?? [])]) {
      const tops = evidence.get(normalizeDistribution(d));
      if (!tops) continue;
      checked++;
      assert.ok(installs(tops, module), `${d} installs ${JSON.stringify(tops)}, not ${module}`);
    }
  }
  assert.ok(checked >= 150, `${checked} entries checked against wheels and Debian's packages`);
});

test('the wheels show no differing import name the table lacks, among the distributions it has evidence for', () => {
  // A module a popular wheel installs under another name than its own must be in the table (or follow the
  // namespace rule), or `import` of it would be reported as undeclared although the distribution is declared.
  const missing: string[] = [];
  for (const [dist, tops] of evidence) {
    if (!POPULAR_DISTRIBUTIONS.slice(0, 1000).includes(dist)) continue;
    // A namespace package (`google` of protobuf) is covered by its dotted entries (`google.protobuf`).
    const namespace = (top: string) => IMPORT_NAME_ENTRIES.some(([m, d]) => m.startsWith(top + '.') && normalizeDistribution(d) === dist);
    for (const top of tops.filter((t) => !t.startsWith('_'))) if (!provides(dist, top) && !namespace(top)) missing.push(`${dist} → ${top}`);
  }
  assert.deepEqual(missing, []);
});

test('lookups: the distribution to add for an import, and whether a declared distribution provides it', () => {
  assert.equal(distributionFor('cv2').distribution, 'opencv-python');
  assert.equal(distributionFor('PIL.Image').distribution, 'pillow');
  assert.equal(distributionFor('sklearn.model_selection').distribution, 'scikit-learn');
  assert.equal(distributionFor('yaml').distribution, 'pyyaml');
  assert.equal(distributionFor('google.protobuf.json_format').distribution, 'protobuf');
  assert.equal(distributionFor('google.cloud.storage').distribution, 'google-cloud-storage');
  assert.equal(distributionFor('jwt').distribution, 'pyjwt');
  assert.deepEqual(distributionFor('requests'), { distribution: 'requests', source: 'popular' });
  assert.equal(distributionFor('zzq_unknown').source, 'guess');
  assert.equal(knownImportEntry('google'), undefined, 'a bare namespace names no distribution');

  assert.ok(provides('opencv-python-headless', 'cv2'));
  assert.ok(provides('pillow', 'PIL.Image'));
  assert.ok(provides('jax', 'jax.numpy'), 'jax[cuda12] is jax with extras');
  assert.ok(provides('typing-extensions', 'typing_extensions'));
  assert.ok(provides('google-cloud-storage', 'google.cloud.storage.blob'), 'namespace distributions by their dotted name');
  assert.ok(provides('azure-storage-blob', 'azure.storage.blob'));
  assert.ok(provides('nvidia-ml-py', 'pynvml'));
  assert.ok(!provides('torch', 'torch_geometric'), 'whole segments only');
  assert.ok(!provides('torch-geometric', 'torch'));
  assert.ok(!provides('google-cloud-storage', 'google.protobuf'));
});

test('the standard library per Python version: removed and added modules', () => {
  assert.ok(isStdlibSomewhere('distutils') && isStdlibSomewhere('tomllib') && isStdlibSomewhere('os'));
  assert.ok(!isStdlibSomewhere('numpy'));
  assert.deepEqual(stdlibMissingIn('distutils', admittedMinors('>=3.11')), [12, 13, 14]);
  assert.deepEqual(stdlibMissingIn('distutils', admittedMinors('>=3.8,<3.12')), []);
  assert.deepEqual(stdlibMissingIn('tomllib', admittedMinors('>=3.9')), [9, 10]);
  assert.deepEqual(stdlibMissingIn('tomllib', admittedMinors(undefined), true), [], 'without requires-python only removals count');
  assert.deepEqual(stdlibMissingIn('imp', admittedMinors(undefined), true), [12, 13, 14]);
  assert.deepEqual(stdlibMissingIn('cgi', admittedMinors('==3.13.*')), [13]);
  assert.deepEqual(stdlibMissingIn('annotationlib', admittedMinors('>=3.14')), []);
});

test('requires-python: the minor versions it admits', () => {
  assert.deepEqual(admittedMinors('>=3.11'), [11, 12, 13, 14]);
  assert.deepEqual(admittedMinors('>=3.10,<3.12'), [10, 11]);
  assert.deepEqual(admittedMinors('~=3.12.1'), [12]);
  assert.deepEqual(admittedMinors('>=3.11.4'), [11, 12, 13, 14]);
  assert.deepEqual(admittedMinors('==3.9'), [9]);
  assert.deepEqual(admittedMinors('>=3.16'), [14], 'beyond the lists: the newest they know');
});

test('the stdlib lists agree with the interpreter running this machine', async () => {
  // Debian's python3 (3.11) lists its own modules; every public one must be stdlib for 3.11 here.
  const { spawnSync } = await import('node:child_process');
  const res = spawnSync('/usr/bin/python3', ['-c', 'import sys; print(" ".join(sorted(sys.stdlib_module_names)))'], { encoding: 'utf8' });
  if (res.status !== 0) return; // no Debian interpreter on this machine
  const names = res.stdout.trim().split(' ');
  const minor = Number(spawnSync('/usr/bin/python3', ['-c', 'import sys; print(sys.version_info[1])'], { encoding: 'utf8' }).stdout);
  const wrong = names.filter((n) => stdlibMissingIn(n, [minor]).length > 0);
  assert.deepEqual(wrong, []);
});

test('the popular names come from a real download ranking, a few thousand of them, with source and date', () => {
  assert.ok(POPULAR_DISTRIBUTIONS.length >= 3000 && POPULAR_DISTRIBUTIONS.length <= 10000);
  assert.match(POPULAR_DISTRIBUTIONS_SOURCE, /hugovk\/top-pypi-packages.*\d{4}-\d{2}-\d{2}/);
  for (const name of ['numpy', 'requests', 'torch', 'typer', 'loguru', 'scikit-learn'])
    assert.ok(POPULAR_DISTRIBUTIONS.includes(name), name);
  assert.ok(POPULAR_DISTRIBUTIONS.indexOf('requests') < POPULAR_DISTRIBUTIONS.indexOf('typer'), 'ranked, most downloaded first');
  for (const name of POPULAR_DISTRIBUTIONS) assert.equal(name, normalizeDistribution(name));
});

test('typo distance counts a swap of neighbours as one edit', () => {
  assert.equal(typoDistance('reqeusts', 'requests', 2), 1);
  assert.equal(typoDistance('numpyy', 'numpy', 2), 1);
  assert.equal(typoDistance('pandsa', 'pandas', 2), 1);
  assert.equal(typoDistance('torch', 'tensorflow', 2), 3, 'gives up past the limit');
});
