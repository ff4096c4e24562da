// Job records (runs/.slurm/*.json) and what follows from the scheduler's answers: the record's state, a train job's
// run folder, the run's own record; a run folder deleted while its job runs is never made again; records from a
// hostile repository (links out of the experiment, huge or malformed files) are refused or skipped. Submission
// leaves nothing half-done when sbatch refuses.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ExecFileFn, ExecResult } from '#core/gpu/execFile';
import { findJobRunDir } from '#core/launch/newRunDir';
import { planLaunch } from '#core/launch/launchPlan';
import { readRunRecord } from '#core/runs/runRecord';
import { deriveRunStatus } from '#core/runs/runStatus';
import {
  isJobListed,
  JOB_RECORD_VERSION,
  parseJobRecord,
  readJobRecords,
  recordWithVerdict,
  runRecordEntryOfJob,
  SlurmJobRecord,
  writeJobRecord,
} from '#core/slurm/jobRecord';
import { applyJobNews } from '#core/slurm/jobProgress';
import { readSqueueJson } from '#core/slurm/squeueJson';
import { slurmVerdict } from '#core/slurm/jobVerdict';
import { planSlurmSubmission } from '#core/slurm/submission';
import { submitJob } from '#core/slurm/submitJob';
import { capturedAnswer, SCENARIO_JOBS, slurmFixture } from './slurm-fixtures';

function tempExperiment(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'job-record-'));
}

function record(over: Partial<SlurmJobRecord> = {}): SlurmJobRecord {
  return {
    version: JOB_RECORD_VERSION,
    jobId: '12',
    kind: 'train',
    target: 'de-risk',
    jobName: 'train·de-risk',
    submittedAt: '2026-11-29T10:00:00.000Z',
    argv: ['uv', 'run', 'train.py', 'de-risk'],
    runner: 'uv',
    requested: { gpus: 1, time: '4:00:00' },
    outputFile: '/x/runs/.slurm/a-12.out',
    scriptFile: '/x/runs/.slurm/a.sh',
    phase: 'pending',
    state: 'PENDING',
    ...over,
  };
}

/** A job of the real capture, by scenario. */
function captured(scenario: string) {
  const read = readSqueueJson(slurmFixture('squeue-all-states.json'));
  assert.equal(read.kind, 'ok');
  const job = read.kind === 'ok' ? read.jobs.get(SCENARIO_JOBS[scenario]) : undefined;
  assert.ok(job);
  return job;
}

test('a record takes the scheduler’s answer: running with its start, then ended with exit code and end; unchanged answers change nothing', () => {
  const pending = record();
  const timeout = captured('timeout');
  const ended = recordWithVerdict(pending, slurmVerdict(timeout), timeout, new Date());
  assert.equal(ended.phase, 'failed');
  assert.equal(ended.state, 'TIMEOUT');
  assert.equal(ended.reason, 'time limit reached (TIMEOUT, TimeLimit)');
  assert.equal(ended.exitCode, null, 'a signal ended it');
  assert.ok(ended.endedAt && ended.jobStartedAt);
  assert.equal(ended.partition, 'debug');
  assert.equal(
    recordWithVerdict(ended, slurmVerdict(captured('completed')), captured('completed'), new Date()),
    ended,
    'an ended job stays ended',
  );
  const same = recordWithVerdict(pending, { phase: 'pending', reason: 'waiting' }, undefined, new Date());
  assert.equal(recordWithVerdict(same, { phase: 'pending', reason: 'waiting' }, undefined, new Date()), same);
});

test('the run record’s entry of a job: the SLURM part, and its end once it ended', () => {
  const entry = runRecordEntryOfJob(
    record({
      phase: 'failed',
      state: 'FAILED',
      reason: 'exited with code 3',
      exitCode: 3,
      endedAt: '2026-11-29T10:05:00.000Z',
      partition: 'gpu',
      cluster: 'c1',
      jobStartedAt: '2026-11-29T10:01:00.000Z',
    }),
  );
  assert.deepEqual(entry, {
    exitCode: 3,
    startedAt: '2026-11-29T10:01:00.000Z',
    endedAt: '2026-11-29T10:05:00.000Z',
    argv: ['uv', 'run', 'train.py', 'de-risk'],
    runner: 'uv',
    slurm: {
      jobId: '12',
      requested: { gpus: 1, time: '4:00:00' },
      outputFile: '/x/runs/.slurm/a-12.out',
      cluster: 'c1',
      partition: 'gpu',
      state: 'FAILED',
      reason: 'exited with code 3',
    },
  });
  assert.deepEqual(deriveRunStatus({ record: { train: entry, problems: [] }, hasLogsDir: true, now: 0 }), {
    status: 'failed',
    reason: 'SLURM job 12: exited with code 3',
  });
});

test('a run’s status as a SLURM job: running while the scheduler says so (whatever the log looks like), cancelled, and the files decide once the scheduler forgot it', () => {
  const log = { mtimeMs: 0, hasLines: true, endsWithError: false };
  const status = (over: Partial<SlurmJobRecord>) =>
    deriveRunStatus({ record: { train: runRecordEntryOfJob(record(over)), problems: [] }, hasLogsDir: true, trainLog: log, now: 0 });
  assert.deepEqual(status({ phase: 'running', state: 'RUNNING', reason: 'running (RUNNING)' }), {
    status: 'running',
    reason: 'SLURM job 12: running (RUNNING)',
  });
  assert.equal(
    status({ phase: 'cancelled', state: 'CANCELLED', reason: 'cancelled (CANCELLED)', exitCode: null, endedAt: 'x' }).status,
    'cancelled',
  );
  assert.equal(status({ phase: 'finished', state: 'COMPLETED', exitCode: 0, endedAt: 'x' }).status, 'finished');
  assert.equal(status({ phase: 'unknown', state: 'UNKNOWN' }).status, 'finished', 'the log ends without an error');
});

test('which jobs are listed on their own beside the runs', () => {
  assert.equal(isJobListed(record(), false), true, 'pending, no run folder yet');
  assert.equal(isJobListed(record({ phase: 'running', runDirName: 'r' }), true), false, 'its run shows it');
  assert.equal(isJobListed(record({ phase: 'running', runDirName: 'r' }), false), true, 'its run folder was deleted while it runs');
  assert.equal(isJobListed(record({ phase: 'finished', endedAt: 'x' }), false), true, 'ended without ever creating a run folder');
  assert.equal(isJobListed(record({ phase: 'finished', endedAt: 'x', runDirName: 'r' }), false), false, 'ended, folder deleted since');
  assert.equal(isJobListed(record({ kind: 'eval', phase: 'running', runDirName: 'r' }), true), true, 'an eval job on a run');
  assert.equal(isJobListed(record({ kind: 'eval', phase: 'finished', endedAt: 'x', runDirName: 'r' }), true), false);
});

test('a train job’s run folder: the oldest unclaimed one of its name that started after the job did', () => {
  const names = ['2026-11-29T10-00-00-a', '2026-11-29T10-05-00-a', '2026-11-29T10-02-00-a', '2026-11-29T10-03-00-b', 'notes'];
  const startedAt = new Date(2026, 10, 29, 10, 1, 59);
  assert.equal(findJobRunDir(names, 'a', startedAt, new Set()), '2026-11-29T10-02-00-a');
  assert.equal(findJobRunDir(names, 'a', startedAt, new Set(['2026-11-29T10-02-00-a'])), '2026-11-29T10-05-00-a');
  assert.equal(findJobRunDir(names, 'a', new Date(2026, 10, 29, 10, 6), new Set()), undefined);
});

test('records from disk: every field checked; a run folder name with a separator is dropped', () => {
  const good = record({ runDirName: '2026-11-29T10-00-00-de-risk' });
  assert.deepEqual(parseJobRecord(JSON.stringify(good)), good);
  assert.equal(parseJobRecord(JSON.stringify({ ...good, runDirName: '../../etc' }))?.runDirName, undefined);
  assert.equal(parseJobRecord(JSON.stringify({ ...good, jobId: '12; rm -rf' })), undefined);
  assert.equal(parseJobRecord(JSON.stringify({ ...good, version: 2 })), undefined);
  assert.equal(parseJobRecord(JSON.stringify({ ...good, argv: 'uv run' })), undefined);
  assert.equal(parseJobRecord('not json'), undefined);
  assert.deepEqual(parseJobRecord(JSON.stringify({ ...good, requested: { gpus: -1, memory: 32, extraArgs: ['--x', 3] } }))?.requested, {});
});

test('reading an experiment’s records: a link for runs/.slurm is refused; huge, malformed and non-regular files are skipped', async (t) => {
  const dir = tempExperiment();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const slurm = path.join(dir, 'runs', '.slurm');
  fs.mkdirSync(slurm, { recursive: true });
  await writeJobRecord(path.join(slurm, 'a-12.json'), record());
  fs.writeFileSync(path.join(slurm, 'b-13.json'), '{"version": 1}');
  fs.writeFileSync(path.join(slurm, 'c-14.json'), JSON.stringify(record({ jobId: '14' })) + ' '.repeat(70 * 1024));
  fs.mkdirSync(path.join(slurm, 'd-15.json'));
  fs.writeFileSync(path.join(slurm, 'a.sh'), '#!/bin/bash\n');
  const read = await readJobRecords(dir);
  assert.deepEqual(
    read.jobs.map((j) => j.record.jobId),
    ['12'],
  );
  // Each file passed over is named with the reason: malformed, larger than a record can be, not a file at all.
  assert.equal(read.problems.length, 3);
  assert.match(read.problems.join('\n'), /b-13\.json is not a job record/);
  assert.match(read.problems.join('\n'), /c-14\.json is larger than 64 KiB/);
  assert.match(read.problems.join('\n'), /d-15\.json is a folder, not a file/);

  const outside = tempExperiment();
  t.after(() => fs.rmSync(outside, { recursive: true, force: true }));
  const linked = tempExperiment();
  t.after(() => fs.rmSync(linked, { recursive: true, force: true }));
  fs.mkdirSync(path.join(linked, 'runs'));
  fs.symlinkSync(outside, path.join(linked, 'runs', '.slurm'));
  const refused = await readJobRecords(linked);
  assert.equal(refused.jobs.length, 0);
  assert.match(refused.problems[0], /is a symbolic link/);
});

test('news of a train job: its run folder is found, both records written; a run folder deleted meanwhile is not made again', async (t) => {
  const dir = tempExperiment();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const slurm = path.join(dir, 'runs', '.slurm');
  fs.mkdirSync(slurm, { recursive: true });
  const file = path.join(slurm, 'a-12.json');
  const stored = { file, record: record({ submittedAt: new Date(2026, 10, 29, 10, 0, 0).toISOString() }) };
  await writeJobRecord(file, stored.record);
  const runName = '2026-11-29T10-00-05-de-risk';
  fs.mkdirSync(path.join(dir, 'runs', runName));
  const news = { verdict: { phase: 'running' as const, reason: 'running (RUNNING)' } };
  const progress = await applyJobNews(stored, news, new Date(), new Set());
  assert.equal(progress.stored.record.runDirName, runName);
  assert.equal(progress.runDir, path.join(dir, 'runs', runName));
  assert.deepEqual((await readJobRecords(dir)).jobs[0].record, progress.stored.record);
  assert.equal((await readRunRecord(path.join(dir, 'runs', runName)))?.train?.slurm?.reason, 'running (RUNNING)');

  fs.rmSync(path.join(dir, 'runs', runName), { recursive: true });
  const ended = await applyJobNews(
    progress.stored,
    { verdict: { phase: 'finished', reason: 'ended with exit code 0 (COMPLETED)', exitCode: 0 } },
    new Date(),
    new Set(),
  );
  assert.equal(ended.runDir, undefined);
  assert.match(ended.problems[0], /no longer exists/);
  assert.equal(fs.existsSync(path.join(dir, 'runs', runName)), false, 'never created again');
  assert.equal(ended.stored.record.exitCode, 0);
});

function plan(dir: string, partition?: string) {
  const launch = planLaunch({
    target: { kind: 'train', name: 'de-risk' },
    experimentDir: dir,
    script: 'train.py',
    runnerSetting: 'python',
    python: '/usr/bin/python3',
    gpu: { kind: 'cpu', cudaVisibleDevices: undefined, device: 'SLURM' },
  });
  const submission = planSlurmSubmission({
    kind: 'train',
    target: 'de-risk',
    command: launch.command,
    options: partition ? { partition } : {},
    now: new Date(),
  });
  return { plan: launch, submission };
}

test('submission: sbatch refused (a partition that does not exist) leaves no batch script and no record', async (t) => {
  const dir = tempExperiment();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const calls: string[][] = [];
  const exec: ExecFileFn = (program, args) => {
    calls.push([program, ...args]);
    return Promise.resolve(capturedAnswer('sbatch-no-such-partition'));
  };
  const outcome = await submitJob({ ...plan(dir, 'no-such-partition'), target: 'de-risk', exec, env: {}, now: new Date() });
  assert.equal(outcome.kind, 'failed');
  assert.match(outcome.kind === 'failed' ? outcome.message : '', /invalid partition specified: no-such-partition/);
  assert.deepEqual(fs.readdirSync(path.join(dir, 'runs', '.slurm')), []);
  assert.equal(calls.length, 1);
});

test('submission: sbatch not installed, and the controller unreachable, are said in words; nothing stays', async (t) => {
  const dir = tempExperiment();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const answers: ExecResult[] = [{ exitCode: null, stdout: '', stderr: '', errorCode: 'ENOENT' }, capturedAnswer('sbatch-controller-down')];
  for (const answer of answers) {
    const outcome = await submitJob({ ...plan(dir), target: 'de-risk', exec: () => Promise.resolve(answer), env: {}, now: new Date() });
    assert.equal(outcome.kind, 'failed');
    assert.match(outcome.kind === 'failed' ? outcome.message : '', /sbatch was not found|slurmctld\) cannot be reached/);
  }
  assert.deepEqual(fs.readdirSync(path.join(dir, 'runs', '.slurm')), []);
});

test('submission: the job is recorded with the job id, the options and its output file; the batch script runs the command', async (t) => {
  const dir = tempExperiment();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  let env: Readonly<Record<string, string>> | undefined;
  const exec: ExecFileFn = (_p, _a, options) => {
    env = options.env;
    return Promise.resolve({ exitCode: 0, stdout: '77;cluster-a\n', stderr: '' });
  };
  const planned = plan(dir, 'debug');
  const outcome = await submitJob({
    ...planned,
    target: 'de-risk',
    exec,
    env: { PATH: '/bin', CUDA_VISIBLE_DEVICES: '0' },
    now: new Date(),
  });
  assert.equal(outcome.kind, 'submitted');
  if (outcome.kind !== 'submitted') return;
  assert.equal(outcome.job.record.jobId, '77');
  assert.equal(outcome.job.record.cluster, 'cluster-a');
  assert.equal(outcome.job.record.partition, 'debug');
  assert.match(outcome.job.record.outputFile, /-train-de-risk-77\.out$/);
  assert.deepEqual(env, { PATH: '/bin' }, 'the window’s CUDA_VISIBLE_DEVICES is not exported to the job');
  assert.match(fs.readFileSync(planned.submission.scriptFile, 'utf8'), /^exec '\/usr\/bin\/python3' 'train\.py' 'de-risk'$/m);
  assert.deepEqual(
    (await readJobRecords(dir)).jobs.map((j) => j.record.jobId),
    ['77'],
  );
});
