import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { explainNotARunName, formatRunDirName, isRunDirName, parseRunDirName, validateDescriptiveName } from '#core/runs/runName';

test('parses the date (local time) and descriptive name of a run folder', () => {
  const parsed = parseRunDirName('2025-02-02T14-30-00-de-risk');
  assert.ok(parsed);
  assert.equal(parsed.name, 'de-risk');
  assert.deepEqual([parsed.startedAt.getFullYear(), parsed.startedAt.getMonth(), parsed.startedAt.getDate()], [2025, 1, 2]);
  assert.deepEqual([parsed.startedAt.getHours(), parsed.startedAt.getMinutes(), parsed.startedAt.getSeconds()], [14, 30, 0]);
});

test('keeps hyphens and dots of the descriptive name', () => {
  assert.equal(parseRunDirName('2025-02-02T14-30-00-lr-3e-4.v2')?.name, 'lr-3e-4.v2');
});

test('rejects names that are not runs, with a reason a user understands', () => {
  for (const [name, reason] of [
    ['notes', /does not start with a date/],
    ['2025-02-02T14-30-00', /no descriptive name/],
    ['2025-02-02T14-30-00-', /no descriptive name/],
    ['2025-02-30T10-00-00-x', /not a valid date/],
    ['2025-13-01T00-00-00-x', /not a valid date/],
    ['2025-02-02T24-00-00-x', /not a valid date/],
    ['2025-02-02T14:30:00-x', /does not start with a date/],
    ['2025-02-02T14-30-00_x', /followed by "-"/],
  ] as const) {
    assert.equal(isRunDirName(name), false, name);
    assert.match(explainNotARunName(name) ?? '', reason, name);
  }
  assert.equal(explainNotARunName('2025-02-02T14-30-00-full'), undefined);
});

test('accepts February 29 only in leap years', () => {
  assert.ok(isRunDirName('2024-02-29T00-00-00-leap'));
  assert.ok(!isRunDirName('2025-02-29T00-00-00-leap'));
});

test('formats the folder name the train script creates, and parsing gives it back', () => {
  const date = new Date(2025, 0, 5, 7, 8, 9);
  const dirName = formatRunDirName(date, 'full');
  assert.equal(dirName, '2025-01-05T07-08-09-full');
  const parsed = parseRunDirName(dirName);
  assert.equal(parsed?.startedAt.getTime(), date.getTime());
  assert.equal(parsed?.name, 'full');
});

test('accepts safe descriptive names', () => {
  for (const name of ['de-risk', 'full', 'lr_3e-4', 'v2.1', '7b', 'a'.repeat(100)]) {
    assert.equal(validateDescriptiveName(name), undefined, name);
  }
});

test('rejects names that would be unsafe in a folder name or a command line', () => {
  for (const [name, message] of [
    ['', /Enter a descriptive name/],
    ['a'.repeat(101), /at most 100/],
    ['..', /".."/],
    ['a..b', /".."/],
    ['-rf', /start with a letter or a digit/],
    ['.hidden', /start with a letter or a digit/],
    ['_x', /start with a letter or a digit/],
    ['my run', /a space/],
    ['a/b', /"\/"/],
    ['a\\b', /"\\"/],
    ['x;rm', /";"/],
    ['$HOME', /start with a letter/],
    ['a$b', /"\$"/],
    ["it's", /"'"/],
    ['say"hi"', /"""/],
    ['tab\there', /whitespace/],
    ['café', /"é"/],
  ] as const) {
    assert.match(validateDescriptiveName(name) ?? 'accepted', message, JSON.stringify(name));
  }
});
