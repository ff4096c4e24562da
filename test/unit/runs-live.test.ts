import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LiveExperiment, runsEntryOf } from '#core/runs/liveExperiment';
import { ChangeBatcher } from '#core/runs/changeBatcher';
import { copyExperimentFixture, writeFile } from './runs-fixture';

const DE_RISK = '2025-02-02T14-30-00-de-risk';
const old = new Date(Date.now() - 3600_000);

test('lists the visible page with details and keeps the same entry objects when one run changes', async () => {
  const dir = copyExperimentFixture('classifier');
  const live = new LiveExperiment(dir);
  const runs = await live.visibleRuns();
  assert.equal(runs.length, 5);
  const entry = live.entry(DE_RISK);
  assert.ok(entry && runs.includes(entry));
  assert.equal(entry.run.status, 'finished');

  writeFile(path.join(dir, 'runs', DE_RISK, 'logs', 'train.log'), '2025-02-02 14:40:00 | ERROR | diverged\n', old);
  const result = await live.applyChanges([DE_RISK]);
  assert.equal(result.structural, false);
  assert.deepEqual(result.updated, [entry], 'only the changed run is reported, as the same object');
  assert.equal(entry.run.status, 'failed');
  assert.equal(live.entry(DE_RISK), entry);
});

test('a new run, a deleted run and a renamed run change the structure', async () => {
  const dir = copyExperimentFixture('classifier');
  const live = new LiveExperiment(dir);
  await live.visibleRuns();

  writeFile(path.join(dir, 'runs', '2025-03-01T00-00-00-new', 'logs', 'train.log'), 'x | INFO | metric {"a": 1}\n', old);
  let result = await live.applyChanges(['2025-03-01T00-00-00-new']);
  assert.equal(result.structural, true);
  let runs = await live.visibleRuns();
  assert.equal(runs[0].run.name, 'new', 'the new run is listed first');

  fs.rmSync(path.join(dir, 'runs', DE_RISK), { recursive: true });
  result = await live.applyChanges([DE_RISK]);
  assert.equal(result.structural, true);
  assert.equal(live.entry(DE_RISK), undefined);

  fs.renameSync(path.join(dir, 'runs', '2025-02-02T15-00-00-full'), path.join(dir, 'runs', 'full-old'));
  result = await live.applyChanges(['2025-02-02T15-00-00-full', 'full-old']);
  assert.equal(result.structural, true);
  runs = await live.visibleRuns();
  assert.ok(!runs.some((e) => e.run.name === 'full'));
  assert.ok(live.notRuns.some((n) => n.dirName === 'full-old'));

  // A not-a-run renamed to follow the convention becomes a run.
  fs.renameSync(path.join(dir, 'runs', 'notes'), path.join(dir, 'runs', '2025-01-01T00-00-00-notes'));
  result = await live.applyChanges(['notes', '2025-01-01T00-00-00-notes']);
  assert.equal(result.structural, true);
  assert.ok(!live.notRuns.some((n) => n.dirName === 'notes'));
  assert.equal(live.entry('2025-01-01T00-00-00-notes')?.run.status, 'incomplete');
});

test('reads details for the visible page only and shows more on request', async () => {
  const dir = copyExperimentFixture('classifier');
  const live = new LiveExperiment(dir, { pageSize: 2 });
  const page = await live.visibleRuns();
  assert.deepEqual(
    page.map((e) => e.run.name),
    ['killed', 'no-logs'],
  );
  assert.equal(live.hiddenCount, 3);
  assert.equal(live.entry(DE_RISK)?.run.status, 'unknown', 'runs outside the page are not read');
  live.showMore(2);
  assert.equal((await live.visibleRuns()).length, 4);
  assert.equal(live.hiddenCount, 1);
});

test('reload after runs/ vanished keeps no stale run', async () => {
  const dir = copyExperimentFixture('classifier');
  const live = new LiveExperiment(dir);
  await live.visibleRuns();
  fs.rmSync(path.join(dir, 'runs'), { recursive: true });
  await live.reload();
  assert.deepEqual(await live.visibleRuns(), []);
  assert.deepEqual(live.notRuns, []);
});

test('maps a changed path to its entry of runs/', () => {
  const exp = path.join(path.sep, 'w', 'mnist');
  assert.equal(runsEntryOf(exp, path.join(exp, 'runs', DE_RISK, 'logs', 'train.log')), DE_RISK);
  assert.equal(runsEntryOf(exp, path.join(exp, 'runs', DE_RISK)), DE_RISK);
  assert.equal(runsEntryOf(exp, path.join(exp, 'runs')), '');
  assert.equal(runsEntryOf(exp, path.join(exp, 'train.py')), undefined);
  assert.equal(runsEntryOf(exp, path.join(exp, 'runs-old', 'x')), undefined);
});

test('batches changes until they pause, and delivers a continuous stream at the latest after maxWait', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const batches: string[][] = [];
  const batcher = new ChangeBatcher<string>((keys) => void batches.push([...keys].sort()), 200, 1000);
  batcher.add('a');
  t.mock.timers.tick(100);
  batcher.add('b');
  batcher.add('a');
  t.mock.timers.tick(199);
  assert.deepEqual(batches, []);
  assert.equal(batcher.busy, true);
  t.mock.timers.tick(1);
  await batcher.flush();
  assert.deepEqual(batches, [['a', 'b']]);

  for (let i = 0; i < 12; i++) {
    batcher.add(`k${i % 2}`);
    t.mock.timers.tick(100); // never quiet for 200 ms
  }
  await Promise.resolve();
  assert.equal(batches.length, 2, 'a batch was delivered by the 1 s cap while changes kept coming');
  assert.deepEqual(batches[1], ['k0', 'k1']);
  batcher.dispose();
});

test('idle() resolves once the pending batch has been delivered, and at once when nothing is pending', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const delivered: string[][] = [];
  const batcher = new ChangeBatcher<string>((keys) => void delivered.push([...keys]), 200, 1000);
  await batcher.idle();
  let idle = false;
  batcher.add('a');
  const waiting = batcher.idle().then(() => (idle = true));
  await Promise.resolve();
  assert.equal(idle, false, 'a change waits for delivery');
  t.mock.timers.tick(200);
  await waiting;
  assert.deepEqual(delivered, [['a']], 'idle only after the batch was delivered');
  batcher.add('b');
  const gone = batcher.idle();
  batcher.dispose();
  await gone;
});
