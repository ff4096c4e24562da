// Following jobs (JobFollower): one scheduler call per poll for every tracked job, at most every 5 s and only while
// one is pending or running, less often while calls fail, and the scheduler's faults (controller down, output that
// is not JSON, a call that times out, no --json, a job it forgot) each said and survived. The scheduler's answers are
// the captures of the real test cluster (test/fixtures/slurm/), replayed; time is the test's.
import { afterEach, beforeEach, mock, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { ExecFileFn, ExecResult } from '#core/gpu/execFile';
import { FollowUpdate, FORGOTTEN_VERDICT, JobFollower } from '#core/slurm/jobFollower';
import { capturedAnswer, SCENARIO_JOBS, slurmFixture } from './slurm-fixtures';

interface Call {
  program: string;
  args: readonly string[];
  at: number;
  timeoutMs: number;
  maxOutputBytes?: number;
}

let clock = 0;
beforeEach(() => {
  clock = 1_000_000;
  mock.timers.enable({ apis: ['setTimeout'] });
});
afterEach(() => mock.timers.reset());

/** Lets the follower's pending promises settle (setImmediate is not mocked). */
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};
const advance = async (ms: number) => {
  clock += ms;
  mock.timers.tick(ms);
  await settle();
};
const ok = (stdout: string): ExecResult => ({ exitCode: 0, stdout, stderr: '' });

function follower(answer: (call: Call) => ExecResult) {
  const calls: Call[] = [];
  const updates: FollowUpdate[] = [];
  const exec: ExecFileFn = (program, args, options) => {
    const call = { program, args, at: clock, timeoutMs: options.timeoutMs, maxOutputBytes: options.maxOutputBytes };
    calls.push(call);
    return Promise.resolve(answer(call));
  };
  const f = new JobFollower(exec, (u) => void updates.push(u), { now: () => clock });
  return { f, calls, updates };
}

const ALL_STATES = slurmFixture('squeue-all-states.json');

test('one squeue --json call for every tracked job, at once, then not before 5 s; the answers say what each job is', async () => {
  const { f, calls, updates } = follower(() => ok(ALL_STATES));
  const ids = ['completed', 'failed', 'pending-resources', 'timeout'].map((s) => SCENARIO_JOBS[s]);
  for (const id of ids) f.track(id, 'running');
  await settle();
  assert.equal(calls.length, 1);
  assert.deepEqual(calls[0].args, ['--json']);
  assert.equal(calls[0].program, 'squeue');
  assert.equal(calls[0].timeoutMs, 25_000, 'every call has a time limit');
  assert.ok((calls[0].maxOutputBytes ?? 0) > 4 * 1024 * 1024, 'the output cap is the call’s, above the 4 MiB default');
  const phases = Object.fromEntries([...updates[0].news].map(([id, n]) => [id, n.verdict.phase]));
  assert.deepEqual(phases, {
    [SCENARIO_JOBS.completed]: 'finished',
    [SCENARIO_JOBS.failed]: 'failed',
    [SCENARIO_JOBS['pending-resources']]: 'pending',
    [SCENARIO_JOBS.timeout]: 'failed',
  });
  assert.equal(f.activeCount, 1, 'only the pending job keeps the poll going');
  await advance(4_999);
  assert.equal(calls.length, 1, 'not before 5 s');
  await advance(1);
  assert.equal(calls.length, 2);
  assert.deepEqual(calls[1].args, ['--json']);
  f.dispose();
});

test('no job pending or running: no call and no timer at all', async () => {
  const { f, calls } = follower(() => ok(ALL_STATES));
  f.track(SCENARIO_JOBS.completed, 'finished');
  await advance(60_000);
  assert.equal(calls.length, 0);
  assert.equal(f.nextCallInMs(), undefined);
  f.dispose();
});

test('controller down (squeue exits 0 with an errors entry): a failure, jobs kept as they were, the next call 10 s later', async () => {
  let down = true;
  const { f, calls, updates } = follower(() => (down ? capturedAnswer('squeue-controller-down') : ok(ALL_STATES)));
  f.track(SCENARIO_JOBS['pending-resources'], 'pending');
  await settle();
  assert.equal(updates[0].failure?.kind, 'bad-answer');
  assert.match(updates[0].failure?.message ?? '', /squeue reported: .*Failed while looking for jobs/i);
  assert.equal(updates[0].news.size, 0, 'no job is taken for gone');
  assert.equal(f.activeCount, 1);
  await advance(5_000);
  assert.equal(calls.length, 1, 'backs off after a failure');
  await advance(5_000);
  assert.equal(calls.length, 2);
  down = false;
  await advance(20_000);
  assert.equal(calls.length, 3);
  assert.equal(updates.at(-1)?.failure, undefined);
  assert.equal(f.lastFailure, undefined, 'one success clears the failure');
  f.dispose();
});

test('output that is not JSON, and a call that times out: failures in words, the poll goes on', async () => {
  let next: ExecResult = ok('slurm_load_jobs error: Socket timed out on send/recv operation\n<html>');
  const { f, updates } = follower(() => next);
  f.track('42', 'running');
  await settle();
  assert.equal(updates[0].failure?.kind, 'bad-answer');
  assert.match(updates[0].failure?.message ?? '', /^squeue did not answer with JSON: "slurm_load_jobs error/);
  next = { exitCode: null, stdout: '', stderr: '', errorCode: 'ETIMEDOUT' };
  await advance(10_000);
  assert.deepEqual(updates[1].failure, { kind: 'timeout', message: 'squeue did not answer within 25 s.' });
  f.dispose();
});

test('a squeue without --json: the next call is scontrol show job, at once', async () => {
  const { f, calls, updates } = follower((call) =>
    call.program === 'squeue'
      ? { exitCode: 1, stdout: '', stderr: 'squeue: unrecognized option \'--json\'\nTry "squeue --help" for more information\n' }
      : ok(slurmFixture('scontrol-show-job-all.txt')),
  );
  f.track(SCENARIO_JOBS.failed, 'running');
  await settle();
  assert.deepEqual(
    calls.map((c) => c.program),
    ['squeue', 'scontrol'],
  );
  const news = updates.at(-1)?.news.get(SCENARIO_JOBS.failed);
  assert.equal(news?.verdict.phase, 'failed');
  assert.equal(news?.verdict.exitCode, 3);
  f.dispose();
});

test('a running job the controller no longer lists: one sacct call; without accounting its end is unknown', async () => {
  const { f, calls, updates } = follower((call) =>
    call.program === 'squeue' ? ok(ALL_STATES) : capturedAnswer('sacct-no-accounting-parsable'),
  );
  f.track('999999', 'running');
  await settle();
  assert.deepEqual(
    calls.map((c) => c.program),
    ['squeue', 'sacct'],
  );
  assert.ok(calls[1].args.includes('--jobs=999999'));
  assert.deepEqual(updates[0].news.get('999999'), { verdict: FORGOTTEN_VERDICT });
  assert.equal(f.activeCount, 0, 'nothing left to poll for');
  await advance(60_000);
  assert.equal(calls.length, 2);
  f.dispose();
});

test('a thousand tracked jobs still cost one call per poll', async () => {
  const { f, calls } = follower(() => ok(ALL_STATES));
  for (let i = 0; i < 1000; i++) f.track(String(500_000 + i), 'pending');
  f.track(SCENARIO_JOBS['pending-resources'], 'pending');
  await settle();
  // The 1,000 unknown ids are forgotten jobs: one sacct call for all of them.
  assert.deepEqual(
    calls.map((c) => c.program),
    ['squeue', 'sacct'],
  );
  await advance(5_000);
  assert.deepEqual(
    calls.map((c) => c.program),
    ['squeue', 'sacct', 'squeue'],
  );
  f.dispose();
});
