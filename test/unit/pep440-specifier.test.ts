// PEP 440 specifier sets as uv reads them in `requires-python` and in requirements.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkSpecifierSet, isValidSpecifierSet, isValidVersion } from '#core/pep440/specifier';

const VALID = [
  '>=3.11',
  '>=3.11,<3.13',
  '>=3.11, <3.13',
  ' >=3.11 , <3.13 ',
  '>= 3.11',
  '==3.11.*',
  '!=3.11.*',
  '== 3.11.*',
  '~=3.11',
  '~=3.11.2',
  '>3',
  '<4.0.0a1',
  '===3.11-custom',
  '==1.0+local',
  '!=1.0+local.2',
  '>=1!2.0',
  '>=2.0rc1',
  '>=2.0.post1',
  '>=2.0.dev3',
  '<=v3.12',
  '', // no constraint at all
];

const INVALID: [string, RegExp, string | undefined][] = [
  ['3.11+', /write `>=3.11`/, '>=3.11'],
  ['^3.11', /caret/, '>=3.11'],
  ['3.11', /needs an operator/, '>=3.11'],
  ['3.11.*', /needs an operator/, '==3.11.*'],
  ['=3.11', /did you mean `==`/, '==3.11'],
  ['>>=3.11', /did you mean `>=`/, '>=3.11'],
  ['=>3.11', /did you mean `>=`/, '>=3.11'],
  ['=<3.11', /did you mean `<=`/, '<=3.11'],
  ['~3.11', /did you mean `~=`/, '~=3.11'],
  ['>=3.11.*', /can only follow `==` or `!=`/, '>=3.11'],
  ['~=3', /at least two release numbers/, '~=3.0'],
  ['>=1.0+local', /local version label/, undefined],
  ['>=3.11,', /trailing comma/, '>=3.11'],
  ['>=3.11,,<4', /Two commas/, '>=3.11,<4'],
  ['>=3.11 <3.13', /comma/, '>=3.11,<3.13'],
  ['>=abc', /not a valid PEP 440 version/, undefined],
  ['>=', /needs a version/, undefined],
  ['python>=3.11', /not a version specifier/, undefined],
  ['   ', /empty/, undefined],
];

test('accepts the specifier sets uv accepts', () => {
  for (const s of VALID) {
    assert.equal(checkSpecifierSet(s), undefined, `'${s}' should be valid`);
    assert.equal(isValidSpecifierSet(s), true, s);
  }
});

test('rejects invalid specifier sets with a message that names the fix', () => {
  for (const [s, message, suggestion] of INVALID) {
    const p = checkSpecifierSet(s);
    assert.ok(p, `'${s}' should be invalid`);
    assert.match(p.message, message, s);
    assert.equal(p.suggestion, suggestion, `suggestion for '${s}'`);
    if (suggestion !== undefined) assert.equal(checkSpecifierSet(suggestion), undefined, `the suggestion for '${s}' is valid`);
    assert.ok(p.start >= 0 && p.end <= s.length && p.start <= p.end, `range within '${s}'`);
  }
});

test('points at the offending clause of a longer set', () => {
  const s = '>=3.10, 3.12+';
  const p = checkSpecifierSet(s)!;
  assert.equal(s.slice(p.start, p.end), '3.12+');
  assert.equal(p.suggestion, '>=3.10,>=3.12');
});

test('versions', () => {
  for (const v of ['3.11', '1.0rc1', '1!2.0', '2.0.post1.dev2', '1.0+ubuntu.1']) assert.ok(isValidVersion(v), v);
  for (const v of ['3.11+', 'abc', '1.0.*', '']) assert.ok(!isValidVersion(v), v);
});
