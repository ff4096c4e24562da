// The conda version and version-spec grammar pixi reads, checked on rattler's own test cases (rattler_conda_types
// 0.50.0, the release pixi 0.77.0 uses) and on pixi's reading: strict, with a warning for a bare version.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { condaVersionProblem } from '#core/conda/version';
import { checkPixiVersionSpec, versionSpecProblem } from '#core/conda/versionSpec';

test('versions: the outcomes of rattler 0.50 `version::parse::test::test_parse`', () => {
  const valid = ['1!1.2a.3-rc1', '1+2', '1--', '1-2-3', '1.0.1-', '1.0.1_', '1.0.1post.za', '1_', '1_2_3', '1_2_3_', '1__'];
  const invalid = ['$', '.', '1+', '1+$', '1+.', '1-2-3_', '1-2_3', '1-_', '1@2', '1_-', '1___'];
  for (const v of valid) assert.equal(condaVersionProblem(v), undefined, `${v} is a version`);
  for (const v of invalid) assert.ok(condaVersionProblem(v), `${v} is not a version`);
  assert.match(condaVersionProblem('1-2_3')!, /both `-` and `_`/);
  assert.match(condaVersionProblem('99999999999999999999')!, /too large/);
  assert.equal(condaVersionProblem('12.0'), undefined);
  assert.ok(condaVersionProblem(''));
  assert.ok(condaVersionProblem(' 12'));
});

test('version specs: rattler 0.50 parser tests, strict and lenient', () => {
  const both = ['==3.1', '>3.1', '>=3.1', '<3.1', '<=3.1', '!=3.1', '=3.1', '~=3.1', '3.1*', '3.1.*', '*', '=1.8.1+g6b29558'];
  for (const s of both) {
    assert.equal(versionSpecProblem(s, 'strict'), undefined, `${s} strict`);
    assert.equal(versionSpecProblem(s, 'lenient'), undefined, `${s} lenient`);
  }
  // `>=3.1*` and `*.*`: lenient only in the constraint parser; `*.*` is `Any` at the spec level even when strict.
  assert.ok(versionSpecProblem('>=3.1*', 'strict'));
  assert.equal(versionSpecProblem('>=3.1*', 'lenient'), undefined);
  assert.equal(versionSpecProblem('*.*', 'strict'), undefined);
  // A bare version is ambiguous when strict (rattler's `test_exact_strict`).
  assert.match(versionSpecProblem('1.2.3', 'strict')!.message, /no operator/);
  assert.equal(versionSpecProblem('1.2.3', 'lenient'), undefined);
  // Regular expressions and unknown operators are refused in both modes.
  for (const s of ['^1.2.3$', '^1.2.3', '^.*', '<==>3.1', '1.2$']) {
    assert.ok(versionSpecProblem(s, 'strict'), `${s} strict`);
    assert.ok(versionSpecProblem(s, 'lenient'), `${s} lenient`);
  }
  // `2023.*.*` (seen in Anaconda's repodata) is lenient only.
  assert.ok(versionSpecProblem('2023.*.*', 'strict'));
  assert.equal(versionSpecProblem('2023.*.*', 'lenient'), undefined);
});

test('version specs: groups, whitespace around separators, and what is left over', () => {
  for (const s of [
    '>=1,<2',
    '2.5.*|>=3',
    '(>=1,<2)|>3',
    '( >=1 , <2 )',
    '>=1.0 , <2',
    '>=1.0,<2 | 3.*',
    '!=1.2.*',
    '>=12.0,<13',
    '<3.0a0',
  ]) {
    assert.equal(versionSpecProblem(s, 'strict'), undefined, s);
  }
  for (const s of ['', ' >=1.0', '>= 1.0', '>=1.0 ', '>=1.0|', '1,,2', '(>=1', '>=1)', '>=*', '==1.*', '>=2.0 cuda*', '1.2.3=h123']) {
    assert.ok(versionSpecProblem(s, 'strict'), JSON.stringify(s));
  }
  // The problem points at the offending part.
  const p = versionSpecProblem('>=1.0,<<2', 'strict')!;
  assert.equal('>=1.0,<<2'.slice(p.start, p.end), '<<');
  // Hostile nesting is refused, not a stack overflow.
  assert.ok(versionSpecProblem('('.repeat(5000) + '1' + ')'.repeat(5000), 'strict'));
});

test('pixi reads a bare version as `==` with a warning, and explains strings that belong in a table', () => {
  assert.deepEqual(checkPixiVersionSpec('>=2.1'), { kind: 'ok' });
  const ambiguous = checkPixiVersionSpec('2.5');
  assert.equal(ambiguous.kind, 'ambiguous');
  assert.equal(ambiguous.kind === 'ambiguous' && ambiguous.version, '2.5');
  // A later lenient-only part is accepted once pixi falls back to lenient parsing.
  assert.equal(checkPixiVersionSpec('1.2,>=1.*').kind, 'ambiguous');
  // Other strict-only failures are errors: pixi retries leniently only for the ambiguous bare version.
  assert.equal(checkPixiVersionSpec('>=1.*').kind, 'invalid');
  const matchspec = checkPixiVersionSpec('>=2.0 cuda*');
  assert.equal(matchspec.kind, 'invalid');
  assert.match(matchspec.kind === 'invalid' ? (matchspec.hint ?? '') : '', /build = "cuda\*"/);
  const path = checkPixiVersionSpec('./vendor/pkg');
  assert.match(path.kind === 'invalid' ? (path.hint ?? '') : '', /path = /);
  const operator = checkPixiVersionSpec('!invalid!');
  assert.equal(operator.kind === 'invalid' && operator.problem.start, 0);
});
