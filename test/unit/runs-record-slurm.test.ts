import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseRunRecord, readRunRecord, RUN_RECORD_FILE, RunRecordEntry, writeRunRecord } from '#core/runs/runRecord';
import { tempDir } from './runs-fixture';

const slurmEntry: RunRecordEntry = {
  exitCode: null,
  startedAt: '2026-11-29T19:00:14.000Z',
  argv: ['uv', 'run', 'train.py', 'de-risk'],
  slurm: {
    jobId: '1234',
    cluster: 'local',
    partition: 'gpu',
    requested: {
      partition: 'gpu',
      gpus: 2,
      gpuType: 'a100',
      gpuFlag: 'gres',
      cpus: 8,
      memory: '32G',
      time: '4:00:00',
      account: 'lab',
      qos: 'normal',
      extraArgs: ['--exclusive'],
    },
    outputFile: '/exp/runs/.slurm/2026-11-29T19-00-14-000-train-de-risk-1234.out',
    state: 'PENDING',
    reason: 'Resources',
  },
};

test('a SLURM run keeps its job, cluster, partition and requested resources in the record', async () => {
  const run = tempDir();
  await writeRunRecord(run, 'train', slurmEntry);
  const record = await readRunRecord(run);
  assert.deepEqual(record, { train: slurmEntry, problems: [] });
});

test('writing another script keeps the SLURM job of the train entry', async () => {
  const run = tempDir();
  await writeRunRecord(run, 'train', slurmEntry);
  await writeRunRecord(run, 'eval', {
    exitCode: 0,
    startedAt: '2026-11-29T20:00:00.000Z',
    endedAt: '2026-11-29T20:01:00.000Z',
    argv: ['uv', 'run', 'eval.py', 'runs/x'],
  });
  const record = await readRunRecord(run);
  assert.deepEqual(record?.train?.slurm, slurmEntry.slurm);
  assert.equal(record?.eval?.slurm, undefined);
});

test('records written before SLURM (no slurm field) read exactly as before', () => {
  const old = { train: { exitCode: 0, startedAt: 'a', endedAt: 'b', argv: ['uv', 'run', 'train.py', 'x'], pid: 42 } };
  assert.deepEqual(parseRunRecord(JSON.stringify(old)), { train: old.train, problems: [] });
});

test('a malformed SLURM job is dropped with a problem; the entry itself is kept', () => {
  for (const slurm of [
    { jobId: 1234, requested: {} },
    { jobId: '12; rm', requested: {} },
    { jobId: '12' },
    { jobId: '12', requested: { gpus: 'two' } },
    { jobId: '12', requested: { gpuFlag: 'cuda' } },
    { jobId: '12', requested: { extraArgs: [1] } },
    { jobId: '12', requested: {}, partition: 5 },
    'job 12',
  ]) {
    const record = parseRunRecord(JSON.stringify({ train: { exitCode: null, startedAt: 'a', argv: [], slurm } }));
    assert.equal(record.train?.startedAt, 'a', JSON.stringify(slurm));
    assert.equal(record.train?.slurm, undefined, JSON.stringify(slurm));
    assert.deepEqual(record.problems, [`${RUN_RECORD_FILE}: the SLURM job of the "train" entry is malformed and is ignored`]);
  }
});

test('an array task id and unknown fields of a newer version are read without complaint', () => {
  const text = JSON.stringify({
    train: { exitCode: null, startedAt: 'a', argv: [], slurm: { jobId: '77_3', requested: { gpus: 1, future: true }, newField: 1 } },
  });
  const record = parseRunRecord(text);
  assert.deepEqual(record.train?.slurm, { jobId: '77_3', requested: { gpus: 1 } });
  assert.deepEqual(record.problems, []);
});
