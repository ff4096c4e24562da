import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readSqueueJson } from '#core/slurm/squeueJson';
import { readScontrolShowJob } from '#core/slurm/scontrolShowJob';
import { readSacct } from '#core/slurm/sacct';
import { slurmVerdict } from '#core/slurm/jobVerdict';
import { decodeWaitStatus, parseExitPair, parseTimeLimit } from '#core/slurm/slurmJob';
import type { SlurmJob } from '#core/slurm/slurmJob';
import { SCENARIO_JOBS, slurmFixture } from './slurm-fixtures';

function squeueJobs(file: string): Map<string, SlurmJob> {
  const read = readSqueueJson(slurmFixture(file));
  assert.equal(read.kind, 'ok', read.kind === 'error' ? read.message : '');
  return read.kind === 'ok' ? read.jobs : new Map<string, SlurmJob>();
}
const job = (jobs: Map<string, SlurmJob>, scenario: string) => {
  const j = jobs.get(SCENARIO_JOBS[scenario]);
  assert.ok(j, `job of ${scenario} listed`);
  return j;
};

test('squeue --json: every captured state reads as the run status a user expects', () => {
  const jobs = squeueJobs('squeue-all-states.json');
  const node = squeueJobs('squeue-node-fail.json');
  const expected: [Map<string, SlurmJob>, string, string, string, number | undefined, number | undefined][] = [
    // scenario, phase, words in the reason, exit code, signal
    [jobs, 'pending-resources', 'pending', 'waiting for resources (PENDING, Resources)', undefined, undefined],
    [jobs, 'pending-priority', 'pending', 'waiting behind jobs of higher priority (PENDING, Priority)', undefined, undefined],
    [jobs, 'running', 'running', 'running (RUNNING)', undefined, undefined],
    [jobs, 'completed', 'finished', 'ended with exit code 0 (COMPLETED)', 0, undefined],
    [jobs, 'failed', 'failed', 'exited with code 3 (FAILED, NonZeroExitCode)', 3, undefined],
    [jobs, 'cancelled-running', 'cancelled', 'cancelled (CANCELLED)', undefined, 15],
    [jobs, 'cancelled-pending', 'cancelled', 'cancelled (CANCELLED, Priority)', undefined, undefined],
    [jobs, 'timeout', 'failed', 'time limit reached (TIMEOUT, TimeLimit)', undefined, 15],
    [jobs, 'memory-killed', 'failed', 'ended by signal 9 (FAILED, JobLaunchFailure)', undefined, 9],
    [jobs, 'no-output-folder', 'failed', 'ended by signal 53 (FAILED, JobLaunchFailure)', undefined, 53],
    [node, 'node-fail', 'failed', 'node failure (NODE_FAIL, NodeDown)', undefined, 15],
  ];
  for (const [list, scenario, phase, reason, exitCode, signal] of expected) {
    const v = slurmVerdict(job(list, scenario));
    assert.deepEqual(
      { phase: v.phase, reason: v.reason, exitCode: v.exitCode, signal: v.signal },
      { phase, reason, exitCode, signal },
      scenario,
    );
  }
});

test('squeue --json: the job facts the run record keeps', () => {
  const jobs = squeueJobs('squeue-all-states.json');
  const timeout = job(jobs, 'timeout');
  assert.equal(timeout.name, 'train·timeout');
  assert.equal(timeout.partition, 'debug');
  assert.equal(timeout.cluster, 'local');
  assert.equal(timeout.timeLimitMinutes, 1);
  assert.match(timeout.stdout ?? '', /\/jobs\/timeout-%j\.out$/);
  assert.ok(timeout.startTime && timeout.endTime && timeout.endTime - timeout.startTime >= 60, 'ran past its one-minute limit');
  // A job that has not started has a forecast start, and neither has an end: those are left out.
  const pending = job(jobs, 'pending-resources');
  assert.equal(pending.startTime, undefined);
  assert.equal(pending.endTime, undefined);
  assert.equal(pending.exit, undefined);
  assert.equal(pending.timeLimitMinutes, null);
  const running = job(jobs, 'running');
  assert.ok(running.startTime);
  assert.equal(running.endTime, undefined);
});

test('squeue --json keeps only the tracked jobs when asked', () => {
  const read = readSqueueJson(slurmFixture('squeue-all-states.json'), new Set([SCENARIO_JOBS.failed, '999999']));
  assert.equal(read.kind, 'ok');
  assert.deepEqual([...(read.kind === 'ok' ? read.jobs.keys() : [])], [SCENARIO_JOBS.failed]);
});

test('squeue --json of an empty cluster lists no job, and that is not an error', () => {
  const read = readSqueueJson(slurmFixture('squeue-empty.json'));
  assert.deepEqual(read, { kind: 'ok', jobs: new Map() });
});

test('squeue --json with the controller down exits 0 but is read as an error, not as "every job is gone"', () => {
  const captured = JSON.parse(slurmFixture('squeue-controller-down.json')) as { exitCode: number; stdout: string };
  assert.equal(captured.exitCode, 0);
  const read = readSqueueJson(captured.stdout);
  assert.equal(read.kind, 'error');
  assert.match(read.kind === 'error' ? read.message : '', /Failed while looking for jobs/);
});

test('squeue output that is not JSON, or not the expected JSON, is an error that quotes what came', () => {
  const cut = slurmFixture('squeue-all-states.json').slice(0, 5000);
  for (const [text, words] of [
    [cut, /did not answer with JSON: "\{/],
    ['', /empty output/],
    ['squeue: error: Invalid user: nobody\n', /did not answer with JSON: "squeue: error/],
    ['[]', /not an object/],
    ['{"errors": []}', /without a "jobs" list/],
  ] as const) {
    const read = readSqueueJson(text);
    assert.equal(read.kind, 'error', JSON.stringify(text.slice(0, 30)));
    assert.match(read.kind === 'error' ? read.message : '', words);
  }
});

test('squeue --json of later Slurm versions (job_state as a list, numbers and exit codes as objects) reads the same', () => {
  // The 22.05 capture rewritten into the shapes Slurm's later data parsers (v0.0.39+) write for the same fields.
  const data = JSON.parse(slurmFixture('squeue-all-states.json')) as { jobs: Record<string, unknown>[] };
  const num = (v: unknown) => (v === null ? { set: false, infinite: false, number: 0 } : { set: true, infinite: false, number: v });
  for (const j of data.jobs) {
    const status = j.exit_code as number;
    j.job_state = [j.job_state];
    j.exit_code = {
      status: [status & 0x7f ? 'SIGNALED' : 'EXITED'],
      return_code: num(status >> 8),
      signal: { id: num(status & 0x7f), name: '' },
    };
    for (const k of ['time_limit', 'submit_time', 'start_time', 'end_time', 'job_id']) j[k] = num(j[k]);
  }
  const later = readSqueueJson(JSON.stringify(data));
  const now = squeueJobs('squeue-all-states.json');
  assert.equal(later.kind, 'ok');
  for (const [id, j] of now) {
    const l: SlurmJob | undefined = later.kind === 'ok' ? later.jobs.get(id) : undefined;
    assert.deepEqual(l && slurmVerdict(l), slurmVerdict(j), j.name);
    assert.equal(l?.timeLimitMinutes, j.timeLimitMinutes, j.name);
  }
});

test('scontrol show job: one block per job, and every job reads as squeue --json read it at the same moment', () => {
  const blocks = readScontrolShowJob(slurmFixture('scontrol-show-job-all.txt'));
  const lines = readScontrolShowJob(slurmFixture('scontrol-show-job-all-oneliner.txt'));
  const fromSqueue = squeueJobs('squeue-all-states.json');
  assert.equal(blocks.length, Object.keys(SCENARIO_JOBS).length);
  assert.deepEqual(lines, blocks);
  for (const j of blocks) {
    if (j.jobId === SCENARIO_JOBS['node-fail']) continue; // still running at that moment; failed later
    const q = fromSqueue.get(j.jobId);
    assert.ok(q, `job ${j.jobId} in both`);
    assert.deepEqual(slurmVerdict(j), slurmVerdict(q), j.name);
    assert.equal(j.name, q.name);
    assert.equal(j.partition, q.partition);
    assert.equal(j.workDir, q.workDir);
    assert.equal(j.startTime, q.startTime, `${j.name} start`);
    assert.equal(j.endTime, q.endTime, `${j.name} end`);
  }
});

test('scontrol show job <id>: the states squeue cannot give without --json, with the exit code and the time limit', () => {
  const one = (scenario: string) => {
    const jobs = readScontrolShowJob(slurmFixture(`scontrol-show-job-${scenario}.txt`));
    assert.equal(jobs.length, 1);
    return jobs[0];
  };
  assert.deepEqual(one('failed').exit, { code: 3, signal: null });
  assert.equal(one('timeout').timeLimitMinutes, 1);
  assert.equal(one('running').timeLimitMinutes, null);
  assert.equal(one('completed').timeLimitMinutes, 365 * 24 * 60);
  assert.equal(slurmVerdict(one('node-fail')).reason, 'node failure (NODE_FAIL, NodeDown)');
  assert.equal(slurmVerdict(one('cancelled-running-before')).phase, 'running');
  assert.match(one('pending-resources').stdout ?? '', /pending-resources-3\.out$/);
});

test('scontrol: a path with spaces and "=" on its own line is read whole; other values end at the next key', () => {
  const text = [
    'JobId=42 JobName=train·de-risk',
    '   JobState=FAILED Reason=NonZeroExitCode Dependency=(null)',
    '   Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=2:0',
    '   Partition=gpu AllocNode:Sid=login:1',
    '   WorkDir=/home/me/my exp Dir=1/a b',
    '   StdOut=/home/me/my exp Dir=1/a b/runs/.slurm/x-42.out',
    '',
  ].join('\n');
  const [j] = readScontrolShowJob(text);
  assert.equal(j.workDir, '/home/me/my exp Dir=1/a b');
  assert.equal(j.stdout, '/home/me/my exp Dir=1/a b/runs/.slurm/x-42.out');
  assert.equal(j.partition, 'gpu');
  assert.deepEqual(j.exit, { code: 2, signal: null });
  assert.deepEqual(readScontrolShowJob('No jobs in the system\n'), []);
});

test('sacct --parsable2 (composed from the scontrol capture: this cluster has no accounting) reads jobs, skips steps', () => {
  // The fields of SACCT_FORMAT in order; values as scontrol printed them for the same jobs. Not captured: sacct
  // answers "Slurm accounting storage is disabled" here (sacct-no-accounting.json).
  const text = [
    '6|FAILED|3:0|None|debug|local|365-00:00:00|2026-11-29T19:00:14|2026-11-29T19:00:44|2026-11-29T19:00:44|train·failed',
    '6.batch|FAILED|3:0||||||2026-11-29T19:00:44|2026-11-29T19:00:44|batch',
    '7|CANCELLED by 0|0:15|None|debug|local|365-00:00:00|2026-11-29T19:00:14|2026-11-29T19:00:44|2026-11-29T19:00:45|train·a|b',
    '3|PENDING|0:0|None|debug|local|UNLIMITED|2026-11-29T19:00:14|Unknown|Unknown|train·pending-resources',
  ].join('\n');
  const jobs = readSacct(text);
  assert.deepEqual(
    jobs.map((j) => [j.jobId, slurmVerdict(j).phase, j.name]),
    [
      ['6', 'failed', 'train·failed'],
      ['7', 'cancelled', 'train·a|b'],
      ['3', 'pending', 'train·pending-resources'],
    ],
  );
  assert.equal(slurmVerdict(jobs[0]).exitCode, 3);
  assert.equal(jobs[2].startTime, undefined);
});

test('exit codes: raw wait statuses and code:signal pairs', () => {
  assert.deepEqual(decodeWaitStatus(0), { code: 0, signal: null });
  assert.deepEqual(decodeWaitStatus(768), { code: 3, signal: null });
  assert.deepEqual(decodeWaitStatus(15), { code: null, signal: 15 });
  // 4021: exit code 15, signal 53, core-dump bit set (slurmstepd could not open the output file).
  assert.deepEqual(decodeWaitStatus(4021), { code: 15, signal: 53 });
  assert.deepEqual(parseExitPair('3:0'), { code: 3, signal: null });
  assert.deepEqual(parseExitPair('0:15'), { code: null, signal: 15 });
  assert.equal(parseExitPair('n/a'), undefined);
});

test('time limits in every form sbatch takes', () => {
  const cases: [string, number | null | undefined][] = [
    ['30', 30],
    ['30:30', 31],
    ['4:00:00', 240],
    ['1-12', 2160],
    ['1-0:30', 1470],
    ['2-00:00:01', 2881],
    ['UNLIMITED', null],
    ['INFINITE', null],
    ['soon', undefined],
    ['1:2:3:4', undefined],
    ['', undefined],
  ];
  for (const [text, minutes] of cases) assert.equal(parseTimeLimit(text), minutes, text);
});

test('states the capture could not produce map by the same table (OUT_OF_MEMORY, PREEMPTED, an unknown state)', () => {
  const j = (state: string, reason?: string): SlurmJob => ({ jobId: '1', state, stateFlags: [], reason, exit: { code: null, signal: 9 } });
  assert.deepEqual(slurmVerdict(j('OUT_OF_MEMORY', 'OutOfMemory')), {
    phase: 'failed',
    reason: 'out of memory (OUT_OF_MEMORY, OutOfMemory)',
    signal: 9,
  });
  assert.equal(slurmVerdict(j('PREEMPTED')).phase, 'failed');
  assert.equal(slurmVerdict(j('BOOT_FAIL')).reason, 'the node failed to boot (BOOT_FAIL)');
  assert.equal(
    slurmVerdict({ jobId: '1', state: 'PENDING', stateFlags: [], reason: 'AssocGrpGRES' }).reason,
    'the account’s GPU limit is reached (PENDING, AssocGrpGRES)',
  );
  assert.equal(
    slurmVerdict({ jobId: '1', state: 'PENDING', stateFlags: [], reason: 'SomethingNew' }).reason,
    'waiting (PENDING, SomethingNew)',
  );
  assert.equal(slurmVerdict({ jobId: '1', state: 'SUSPENDED', stateFlags: [] }).phase, 'running');
  assert.deepEqual(slurmVerdict({ jobId: '1', state: 'WEIRD', stateFlags: [] }), {
    phase: 'unknown',
    reason: 'the scheduler reports the state WEIRD',
  });
});
