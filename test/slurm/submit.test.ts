// Against a real single-node SLURM (Debian's slurm-wlm, started by cluster.sh for this file): batch scripts the
// core writes are submitted with sbatch and followed through the core's readers of squeue --json and scontrol.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { nodeExecFile } from '#core/gpu/execFile';
import { buildLaunchCommand } from '#core/launch/launchCommand';
import type { LaunchKind } from '#core/launch/taskName';
import { slurmVerdict, SlurmVerdict } from '#core/slurm/jobVerdict';
import { applyPollAnswer, decidePoll, INITIAL_POLL_STATE, pollEnded, pollStarted, PollState, TrackedJob } from '#core/slurm/pollSchedule';
import {
  readPollAnswer,
  readSbatchResult,
  sbatchCall,
  scancelCall,
  scontrolShowJobCall,
  SchedulerCall,
  squeueCall,
} from '#core/slurm/schedulerCalls';
import { outputFileOf, planSlurmSubmission, SlurmSubmission } from '#core/slurm/submission';
import type { SlurmOptions } from '#core/slurm/slurmOptions';
import { clusterUnavailable, startCluster, TestCluster } from './clusterHarness';

const PYTHON = '/usr/bin/python3';
const TRAIN = `import json, os, sys
print("training", sys.argv[1:], flush=True)
with open("argv.json", "w") as f:
    json.dump({"argv": sys.argv[1:], "cwd": os.getcwd(), "gpus": os.environ.get("SLURM_GPUS_ON_NODE")}, f)
code = int(os.environ.get("EXIT_WITH", "0"))
if code:
    print("failing on purpose", file=sys.stderr)
sys.exit(code)
`;

const unavailable = clusterUnavailable();

describe('a real SLURM cluster', { skip: unavailable }, () => {
  let cluster: TestCluster;
  let experiment: string;

  before(() => {
    cluster = startCluster();
    process.env.SLURM_CONF = cluster.conf;
    // Quotes, a space, a `$` and a `%` (which sbatch reads as a pattern in output paths) in the experiment's path.
    experiment = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'slurm-exp-')), `it's a 100% $HOME exp`);
    fs.mkdirSync(experiment);
    fs.writeFileSync(path.join(experiment, 'train.py'), TRAIN);
    fs.writeFileSync(path.join(experiment, 'eval.py'), TRAIN);
  });

  after(() => {
    cluster?.stop();
    delete process.env.SLURM_CONF;
    if (experiment) fs.rmSync(path.dirname(experiment), { recursive: true, force: true });
  });

  async function run(call: SchedulerCall) {
    return nodeExecFile(call.program, call.args, { timeoutMs: call.timeoutMs });
  }

  /** Plans, writes and submits a job as the launcher is to: the script file first, then sbatch. */
  async function submit(kind: LaunchKind, target: string, options: SlurmOptions = {}, env: Record<string, string> = {}) {
    const script = kind === 'train' ? 'train.py' : 'eval.py';
    const command = buildLaunchCommand({ runner: 'python', python: PYTHON, script, scriptArgs: [target], cwd: experiment, env });
    const plan = planSlurmSubmission({ kind, target, command, options, now: new Date() });
    fs.mkdirSync(plan.folder, { recursive: true });
    fs.writeFileSync(plan.scriptFile, plan.script, { flag: 'wx' });
    const call = sbatchCall(plan.sbatchArgs);
    const result = readSbatchResult(call, await run(call));
    return { plan, result };
  }

  async function submitted(
    kind: LaunchKind,
    target: string,
    options: SlurmOptions = {},
    env: Record<string, string> = {},
  ): Promise<{ plan: SlurmSubmission; jobId: string }> {
    const { plan, result } = await submit(kind, target, options, env);
    assert.equal(result.kind, 'submitted', result.kind === 'failed' ? result.failure.message : '');
    return { plan, jobId: result.kind === 'submitted' ? result.jobId : '' };
  }

  /** Polls squeue --json (every 300 ms) until `done` holds for the job's verdict. */
  async function follow(jobId: string, done: (v: SlurmVerdict) => boolean, timeoutMs = 60_000): Promise<SlurmVerdict[]> {
    const seen: SlurmVerdict[] = [];
    const end = Date.now() + timeoutMs;
    for (;;) {
      const answer = readPollAnswer(squeueCall(), await run(squeueCall()), new Set([jobId]));
      assert.equal(answer.kind, 'ok', answer.kind !== 'ok' ? JSON.stringify(answer) : '');
      const job = answer.kind === 'ok' ? answer.jobs.get(jobId) : undefined;
      assert.ok(job, `job ${jobId} listed by squeue`);
      const v = slurmVerdict(job);
      if (seen.at(-1)?.reason !== v.reason) seen.push(v);
      if (done(v)) return seen;
      if (Date.now() > end) assert.fail(`job ${jobId} still ${v.reason} after ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  const ended = (v: SlurmVerdict) => v.phase !== 'pending' && v.phase !== 'running';

  test('a train job runs Debian’s Python in the experiment, with the name as one argument, and finishes with exit code 0', async () => {
    const { plan, jobId } = await submitted('train', 'de-risk', { gpus: 1, time: '5' });
    const phases = await follow(jobId, ended);
    assert.deepEqual(phases.at(-1), { phase: 'finished', reason: 'ended with exit code 0 (COMPLETED)', exitCode: 0 });
    const written = JSON.parse(fs.readFileSync(path.join(experiment, 'argv.json'), 'utf8')) as {
      argv: string[];
      cwd: string;
      gpus: string;
    };
    assert.deepEqual(written, { argv: ['de-risk'], cwd: experiment, gpus: '1' });
    const output = outputFileOf(plan, jobId);
    assert.ok(output.includes('100% $HOME exp/runs/.slurm/'), output);
    assert.equal(fs.readFileSync(output, 'utf8'), "training ['de-risk']\n");
    // scontrol, read on its own, tells the same story, and squeue's job is the one that was named.
    const answer = readPollAnswer(scontrolShowJobCall(jobId), await run(scontrolShowJobCall(jobId)), new Set([jobId]));
    const job = answer.kind === 'ok' ? answer.jobs.get(jobId) : undefined;
    assert.equal(job?.name, 'train·de-risk');
    assert.equal(job && slurmVerdict(job).phase, 'finished');
    // scontrol shows the output path as sbatch was given it, with the `%` still doubled.
    assert.equal(job?.stdout, output.replace('100%', '100%%'));
    assert.equal(job?.timeLimitMinutes, 5);
  });

  test('a failing job reports its exit code, and its error output lands in the same file', async () => {
    const { plan, jobId } = await submitted('train', 'will-fail', {}, { EXIT_WITH: '7' });
    const last = (await follow(jobId, ended)).at(-1);
    assert.deepEqual(last, { phase: 'failed', reason: 'exited with code 7 (FAILED, NonZeroExitCode)', exitCode: 7 });
    assert.match(fs.readFileSync(outputFileOf(plan, jobId), 'utf8'), /failing on purpose/);
  });

  test('scancel ends a running job, which then reads as cancelled', async () => {
    // A job that would sleep for ten minutes, run as the train script.
    fs.writeFileSync(path.join(experiment, 'eval.py'), 'import time\nprint("waiting", flush=True)\ntime.sleep(600)\n');
    try {
      const { jobId } = await submitted('eval', 'runs/2026-01-01T00-00-00-long');
      await follow(jobId, (v) => v.phase === 'running');
      const call = scancelCall([jobId]);
      assert.equal((await run(call)).exitCode, 0);
      const last = (await follow(jobId, ended)).at(-1);
      assert.equal(last?.phase, 'cancelled');
      assert.equal(last?.reason, 'cancelled (CANCELLED)');
    } finally {
      fs.writeFileSync(path.join(experiment, 'eval.py'), TRAIN);
    }
  });

  test('a job that needs GPUs in use waits, with the scheduler’s reason, and the poll rule follows both jobs in one call', async () => {
    fs.writeFileSync(path.join(experiment, 'eval.py'), 'import time\ntime.sleep(600)\n');
    const jobs: string[] = [];
    try {
      jobs.push((await submitted('eval', 'runs/2026-01-01T00-00-00-first', { gpus: 2 })).jobId);
      jobs.push((await submitted('eval', 'runs/2026-01-01T00-00-00-second', { gpus: 2 })).jobId);
      // The poll rule drives the calls: one squeue for both jobs, never sooner than 5 s after the last.
      let state: PollState = INITIAL_POLL_STATE;
      let tracked: TrackedJob[] = jobs.map((jobId) => ({ jobId, phase: 'pending' }));
      const calls: number[] = [];
      const end = Date.now() + 30_000;
      while (Date.now() < end) {
        const d = decidePoll(state, tracked.length, Date.now());
        if (d.kind === 'wait') {
          await new Promise((r) => setTimeout(r, Math.min(d.ms, 250)));
          continue;
        }
        assert.equal(d.kind, 'call');
        if (d.kind !== 'call') break;
        calls.push(Date.now());
        state = pollStarted(state, Date.now());
        const answer = readPollAnswer(d.call, await run(d.call), new Set(jobs));
        state = pollEnded(state, answer.kind === 'ok' ? 'ok' : answer.failure.kind);
        assert.equal(answer.kind, 'ok');
        if (answer.kind !== 'ok') break;
        const update = applyPollAnswer(tracked, answer);
        tracked = tracked.map((t) => ({ ...t, phase: update.seen.get(t.jobId)?.phase ?? t.phase }));
        if (tracked[0].phase === 'running' && tracked[1].phase === 'pending') {
          assert.match(update.seen.get(jobs[1])?.reason ?? '', /^waiting for resources \(PENDING, Resources\)$/);
          break;
        }
      }
      assert.deepEqual(
        tracked.map((t) => t.phase),
        ['running', 'pending'],
      );
      for (let i = 1; i < calls.length; i++) assert.ok(calls[i] - calls[i - 1] >= 5_000, 'polls at least 5 s apart');
    } finally {
      if (jobs.length > 0) await run(scancelCall(jobs));
      fs.writeFileSync(path.join(experiment, 'eval.py'), TRAIN);
    }
  });

  test('a hostile run path reaches the script as one argument, and no #SBATCH line comes from it', async () => {
    const target = `runs/2026-01-01T00-00-00-x'; touch pwned; echo '\n#SBATCH --job-name=evil\n$(touch pwned2)`;
    const { jobId } = await submitted('eval', target);
    const last = (await follow(jobId, ended)).at(-1);
    assert.equal(last?.phase, 'finished');
    const written = JSON.parse(fs.readFileSync(path.join(experiment, 'argv.json'), 'utf8')) as { argv: string[] };
    assert.deepEqual(written.argv, [target]);
    assert.ok(!fs.existsSync(path.join(experiment, 'pwned')) && !fs.existsSync(path.join(experiment, 'pwned2')));
    const answer = readPollAnswer(squeueCall(), await run(squeueCall()), new Set([jobId]));
    assert.equal(
      answer.kind === 'ok' && answer.jobs.get(jobId)?.name,
      'eval·2026-01-01T00-00-00-x___touch_pwned__echo____SBATCH_--job-name_evil___touch_pwned2_',
    );
  });

  test('a partition that does not exist gives the scheduler’s error, and no job is queued', async () => {
    const before = readPollAnswer(squeueCall(), await run(squeueCall()), new Set(Array.from({ length: 1000 }, (_, i) => String(i))));
    const { result } = await submit('train', 'nowhere', { partition: 'no-such-partition' });
    assert.deepEqual(result, {
      kind: 'failed',
      failure: {
        kind: 'refused',
        message:
          'sbatch exited with status 1: invalid partition specified: no-such-partition Batch job submission failed: Invalid partition name specified',
      },
    });
    const afterwards = readPollAnswer(squeueCall(), await run(squeueCall()), new Set(Array.from({ length: 1000 }, (_, i) => String(i))));
    assert.equal(afterwards.kind === 'ok' && afterwards.jobs.size, before.kind === 'ok' && before.jobs.size);
  });
});

if (unavailable) {
  test('the SLURM cluster tests', { skip: unavailable }, () => undefined);
}
