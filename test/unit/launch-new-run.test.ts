import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findNewRunDir } from '#core/launch/newRunDir';

const at = (h: number, m: number, s: number, ms = 0) => new Date(2026, 1, 2, h, m, s, ms);

test('finds the folder the launched train created: same name, not older than the launch', () => {
  const dirs = ['2026-02-02T14-00-00-de-risk', '2026-02-02T14-30-05-full', '2026-02-02T14-30-06-de-risk', 'notes'];
  assert.equal(findNewRunDir(dirs, 'de-risk', at(14, 30, 5, 900), at(14, 31, 0)), '2026-02-02T14-30-06-de-risk');
});

test('a folder of the same name dated in the future is not the run just launched', () => {
  const dirs = ['2026-02-02T14-30-06-de-risk', '2099-01-01T00-00-00-de-risk', '2026-02-02T14-31-02-de-risk'];
  assert.equal(findNewRunDir(dirs, 'de-risk', at(14, 30, 5, 900), at(14, 31, 0, 500)), '2026-02-02T14-30-06-de-risk');
  assert.equal(findNewRunDir(['2099-01-01T00-00-00-de-risk'], 'de-risk', new Date()), undefined);
});

test('a run of the same name from before the launch is not taken for the new one', () => {
  assert.equal(findNewRunDir(['2026-02-02T14-00-00-de-risk'], 'de-risk', at(14, 30, 0)), undefined);
});

test('a name that only ends like ours is a different run', () => {
  assert.equal(findNewRunDir(['2026-02-02T14-30-01-full-de-risk'], 'de-risk', at(14, 30, 0)), undefined);
});

test('one second of slack for a script that read the clock just before we did; newest wins', () => {
  const dirs = ['2026-02-02T14-29-59-x', '2026-02-02T14-30-20-x', '2026-02-02T14-30-03-x'];
  const now = at(14, 31, 0);
  assert.equal(findNewRunDir(dirs, 'x', at(14, 30, 0, 200), now), '2026-02-02T14-30-20-x');
  assert.equal(findNewRunDir(['2026-02-02T14-29-59-x'], 'x', at(14, 30, 0, 200), now), '2026-02-02T14-29-59-x');
  assert.equal(findNewRunDir(['2026-02-02T14-29-58-x'], 'x', at(14, 30, 0, 200), now), undefined);
});
