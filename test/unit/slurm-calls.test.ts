import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  describeCallFailure,
  readPollAnswer,
  readSbatchResult,
  sacctCall,
  sbatchCall,
  scancelCall,
  scontrolShowJobCall,
  squeueCall,
} from '#core/slurm/schedulerCalls';
import {
  applyPollAnswer,
  countActive,
  decidePoll,
  INITIAL_POLL_STATE,
  pollEnded,
  pollInterval,
  pollStarted,
  PollState,
} from '#core/slurm/pollSchedule';
import { slurmVerdict } from '#core/slurm/jobVerdict';
import { capturedAnswer, SCENARIO_JOBS, slurmFixture } from './slurm-fixtures';

const sbatch = sbatchCall(['--parsable', 'job.sh']);

test('sbatch --parsable: the job id (and the cluster, on a federation)', () => {
  assert.deepEqual(readSbatchResult(sbatch, capturedAnswer('sbatch-parsable')), { kind: 'submitted', jobId: '12' });
  assert.deepEqual(readSbatchResult(sbatch, { exitCode: 0, stdout: '77;gpu-cluster\n', stderr: '' }), {
    kind: 'submitted',
    jobId: '77',
    cluster: 'gpu-cluster',
  });
  // Without --parsable sbatch says it in words: not an id we can trust to be the whole answer.
  const plain = readSbatchResult(sbatch, capturedAnswer('sbatch-plain'));
  assert.equal(plain.kind, 'failed');
});

test("sbatch refusals give the scheduler's own words, without its prefixes", () => {
  const message = (name: string) => {
    const r = readSbatchResult(sbatch, capturedAnswer(name));
    assert.equal(r.kind, 'failed', name);
    return r.kind === 'failed' ? r.failure : undefined;
  };
  assert.deepEqual(message('sbatch-no-such-partition'), {
    kind: 'refused',
    message:
      'sbatch exited with status 1: invalid partition specified: no-such-partition Batch job submission failed: Invalid partition name specified',
  });
  assert.equal(message('sbatch-bad-time')?.message, 'sbatch exited with status 255: Invalid --time specification');
  assert.equal(message('sbatch-unknown-option')?.message, "sbatch exited with status 255: unrecognized option '--no-such-option'");
  assert.match(message('sbatch-too-many-gpus')?.message ?? '', /Requested node configuration is not available$/);
  assert.match(message('sbatch-too-much-memory')?.message ?? '', /Memory specification can not be satisfied/);
  assert.match(message('sbatch-no-shebang')?.message ?? '', /This does not look like a batch script/);
  assert.deepEqual(message('sbatch-controller-down'), {
    kind: 'unreachable',
    message:
      'The SLURM controller (slurmctld) cannot be reached: Batch job submission failed: Unable to contact slurm controller (connect failure)',
  });
});

test('no SLURM on the machine, or a scheduler that does not answer in time', () => {
  const missing = describeCallFailure(sbatch, { exitCode: null, stdout: '', stderr: '', errorCode: 'ENOENT' });
  assert.deepEqual(missing, {
    kind: 'not-installed',
    message: "sbatch was not found: SLURM's commands are not installed on this machine, or not on PATH.",
  });
  const slow = describeCallFailure(sbatch, { exitCode: null, stdout: '', stderr: '', errorCode: 'ETIMEDOUT' });
  assert.equal(slow?.kind, 'timeout');
  assert.match(slow?.message ?? '', /within 30 s\. The job may have been submitted all the same/);
  assert.match(
    describeCallFailure(squeueCall(), { exitCode: null, stdout: '', stderr: '', errorCode: 'ETIMEDOUT' })?.message ?? '',
    /^squeue did not answer within 25 s\.$/,
  );
});

test('the other captured failures: no accounting, a forgotten job, the controller down', () => {
  assert.equal(describeCallFailure(sacctCall(['6']), capturedAnswer('sacct-no-accounting-parsable'))?.kind, 'no-accounting');
  assert.equal(describeCallFailure(scontrolShowJobCall('999999'), capturedAnswer('scontrol-show-job-unknown'))?.kind, 'unknown-job');
  assert.equal(describeCallFailure(scontrolShowJobCall('5'), capturedAnswer('scontrol-show-job-controller-down'))?.kind, 'unreachable');
  assert.equal(describeCallFailure(scancelCall(['5']), capturedAnswer('scancel-controller-down'))?.kind, 'unreachable');
  // scancel says nothing, with status 0, for a job that ended or never existed.
  assert.equal(describeCallFailure(scancelCall(['999999']), capturedAnswer('scancel-unknown')), undefined);
  assert.equal(
    describeCallFailure(squeueCall(), {
      exitCode: 1,
      stdout: '',
      stderr: 'squeue: unrecognized option \'--json\'\nTry "squeue --help" for more information\n',
    })?.kind,
    'no-json',
  );
});

test('every scheduler call has a time limit, and squeue may answer with many megabytes', () => {
  for (const call of [squeueCall(), scontrolShowJobCall(), scontrolShowJobCall('3'), sacctCall(['1', '2']), scancelCall(['1']), sbatch]) {
    assert.ok(call.timeoutMs > 0 && call.timeoutMs <= 30_000, call.program);
  }
  assert.ok(squeueCall().maxOutputBytes >= 64 * 1024 * 1024);
  assert.deepEqual(sacctCall(['1', '2']).args.slice(-1), ['--jobs=1,2']);
});

test('a poll answer: squeue JSON, scontrol text or sacct, filtered to the tracked jobs', () => {
  const tracked = new Set([SCENARIO_JOBS.failed, SCENARIO_JOBS.running]);
  const q = readPollAnswer(squeueCall(), { exitCode: 0, stdout: slurmFixture('squeue-all-states.json'), stderr: '' }, tracked);
  const s = readPollAnswer(scontrolShowJobCall(), { exitCode: 0, stdout: slurmFixture('scontrol-show-job-all.txt'), stderr: '' }, tracked);
  assert.equal(q.kind, 'ok');
  assert.equal(s.kind, 'ok');
  const phases = (r: typeof q) => (r.kind === 'ok' ? [...r.jobs.values()].map((j) => slurmVerdict(j).phase).sort() : []);
  assert.deepEqual(phases(q), ['failed', 'running']);
  assert.deepEqual(phases(s), ['failed', 'running']);
  const down = readPollAnswer(squeueCall(), capturedAnswer('squeue-controller-down'), tracked);
  assert.deepEqual(down, {
    kind: 'failed',
    failure: { kind: 'bad-answer', message: 'squeue reported: Failed while looking for jobs: Unspecified error' },
  });
  const cut = readPollAnswer(
    squeueCall(),
    { exitCode: null, stdout: '{"jobs": [', stderr: '', errorCode: 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER' },
    tracked,
  );
  assert.deepEqual(cut, {
    kind: 'failed',
    failure: { kind: 'too-much-output', message: 'squeue printed more than 256 MB; its answer was not read.' },
  });
});

test('the poll rule: nothing while no job is active; at most every 5 s; never two calls at once', () => {
  const t0 = 1_000_000;
  assert.deepEqual(decidePoll(INITIAL_POLL_STATE, 0, t0), { kind: 'idle' });
  const first = decidePoll(INITIAL_POLL_STATE, 3, t0);
  assert.equal(first.kind, 'call');
  assert.deepEqual(first.kind === 'call' && first.call.args, ['--json']);
  let state = pollStarted(INITIAL_POLL_STATE, t0);
  assert.deepEqual(decidePoll(state, 3, t0 + 20_000), { kind: 'wait', ms: 5_000 }, 'a slow call is waited for');
  state = pollEnded(state, 'ok');
  assert.deepEqual(decidePoll(state, 3, t0 + 1_200), { kind: 'wait', ms: 3_800 });
  assert.equal(decidePoll(state, 3, t0 + 5_000).kind, 'call');
  assert.deepEqual(decidePoll(state, 0, t0 + 5_000), { kind: 'idle' });
});

test('failing calls space the polls out, up to a minute; one success brings back 5 s', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 50].map(pollInterval), [5_000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000]);
  let state: PollState = INITIAL_POLL_STATE;
  for (let i = 0; i < 3; i++) state = pollEnded(pollStarted(state, 0), 'timeout');
  assert.deepEqual(decidePoll(state, 1, 39_000), { kind: 'wait', ms: 1_000 });
  state = pollEnded(pollStarted(state, 40_000), 'ok');
  assert.deepEqual(decidePoll(state, 1, 41_000), { kind: 'wait', ms: 4_000 });
});

test('a squeue without --json: the poller switches to scontrol show job at once', () => {
  const state = pollEnded(pollStarted(INITIAL_POLL_STATE, 0), 'no-json');
  const next = decidePoll(state, 1, 10);
  assert.equal(next.kind, 'call');
  assert.deepEqual(next.kind === 'call' && [next.call.program, ...next.call.args], ['scontrol', 'show', 'job']);
});

test('jobs the answer no longer lists are reported as forgotten only if they were still active', () => {
  const answer = readPollAnswer(
    squeueCall(),
    { exitCode: 0, stdout: slurmFixture('squeue-all-states.json'), stderr: '' },
    new Set(['3', '5', '4242', '4343']),
  );
  assert.equal(answer.kind, 'ok');
  if (answer.kind !== 'ok') return;
  const tracked = [
    { jobId: '3', phase: 'pending' as const },
    { jobId: '5', phase: 'running' as const },
    { jobId: '4242', phase: 'running' as const },
    { jobId: '4343', phase: 'finished' as const },
  ];
  const update = applyPollAnswer(tracked, answer);
  assert.deepEqual(
    [...update.seen].map(([id, v]) => [id, v.phase]),
    [
      ['3', 'pending'],
      ['5', 'finished'],
    ],
  );
  assert.deepEqual(update.forgotten, ['4242']);
  assert.equal(countActive(tracked), 3);
});
