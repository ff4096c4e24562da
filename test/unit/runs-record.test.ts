import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseRunRecord, readRunRecord, RUN_RECORD_FILE, writeRunRecord } from '#core/runs/runRecord';
import { tempDir } from './runs-fixture';

const entry = (exitCode: number | null, extra: object = {}) => ({
  exitCode,
  startedAt: '2025-02-02T14:30:00.000Z',
  endedAt: '2025-02-02T15:30:00.000Z',
  argv: ['uv', 'run', 'train.py', 'de-risk'],
  ...extra,
});

test('a run without a record reads as undefined', async () => {
  assert.equal(await readRunRecord(tempDir()), undefined);
});

test('writes one entry per script and keeps the others', async () => {
  const run = tempDir();
  await writeRunRecord(run, 'train', entry(0));
  await writeRunRecord(run, 'eval', entry(3));
  await writeRunRecord(run, 'train', entry(1, { endedAt: '2025-02-02T16:00:00.000Z' }));
  const record = await readRunRecord(run);
  assert.equal(record?.train?.exitCode, 1);
  assert.equal(record?.train?.endedAt, '2025-02-02T16:00:00.000Z');
  assert.equal(record?.eval?.exitCode, 3);
  assert.deepEqual(record?.eval?.argv, ['uv', 'run', 'train.py', 'de-risk']);
  assert.equal(record?.plot, undefined);
  assert.deepEqual(record?.problems, []);
});

test('writes concurrently from two scripts without losing either entry, and leaves no temp file', async () => {
  const run = tempDir();
  await Promise.all([writeRunRecord(run, 'eval', entry(0)), writeRunRecord(run, 'plot', entry(2)), writeRunRecord(run, 'train', entry(0))]);
  const record = await readRunRecord(run);
  assert.equal(record?.eval?.exitCode, 0);
  assert.equal(record?.plot?.exitCode, 2);
  assert.equal(record?.train?.exitCode, 0);
  assert.deepEqual(fs.readdirSync(run), [RUN_RECORD_FILE]);
});

test('a running entry keeps its pid and has no end time', async () => {
  const run = tempDir();
  await writeRunRecord(run, 'train', { exitCode: null, startedAt: '2025-02-02T14:30:00.000Z', argv: ['uv'], pid: 1234 });
  const record = await readRunRecord(run);
  assert.equal(record?.train?.pid, 1234);
  assert.equal(record?.train?.endedAt, undefined);
  assert.equal(record?.train?.exitCode, null);
});

test('a corrupt record is a problem, not an exception, and the next write replaces it', async () => {
  const run = tempDir();
  fs.writeFileSync(path.join(run, RUN_RECORD_FILE), '{"train": {"exitCode": 0,');
  const record = await readRunRecord(run);
  assert.equal(record?.train, undefined);
  assert.match(record?.problems[0] ?? '', /not valid JSON/);
  await writeRunRecord(run, 'eval', entry(0));
  const fixed = await readRunRecord(run);
  assert.equal(fixed?.eval?.exitCode, 0);
  assert.deepEqual(fixed?.problems, []);
});

test('malformed entries are dropped one by one with a problem each', () => {
  const record = parseRunRecord(
    JSON.stringify({ train: { exitCode: 'zero', startedAt: 'x', argv: [] }, eval: entry(0), plot: [1, 2], other: 1 }),
  );
  assert.equal(record.train, undefined);
  assert.equal(record.eval?.exitCode, 0);
  assert.equal(record.plot, undefined);
  assert.equal(record.problems.length, 2);
  assert.match(record.problems.join('\n'), /"train" entry is malformed/);
  assert.match(record.problems.join('\n'), /"plot" entry is malformed/);
  assert.match(parseRunRecord('[]').problems[0], /does not hold a JSON object/);
});

test('a record that is a folder is reported, not thrown', async () => {
  const run = tempDir();
  fs.mkdirSync(path.join(run, RUN_RECORD_FILE));
  const record = await readRunRecord(run);
  assert.match(record?.problems[0] ?? '', /is a folder, not a file; the launcher's record of this run is not read/);
});
