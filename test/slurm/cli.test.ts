// `experiment-scripts train --on slurm` against a real single-node SLURM (cluster.sh, started for this file): the
// built dist/cli.js, spawned without a shell, on copies of the fixture experiments. `--wait` follows the job to its
// end and exits with its exit code; `runs --format json` shows the job id and the scheduler's state; `cancel` cancels.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clusterUnavailable, startCluster, TestCluster } from './clusterHarness';

const REPO = path.join(__dirname, '..', '..', '..');
const CLI = path.join(REPO, 'dist', 'cli.js');
const PY = ['--runner', 'python', '--python', '/usr/bin/python3'];
const unavailable = clusterUnavailable();

interface JobJson {
  file: string;
  jobId: string;
  phase: string;
  state?: string;
  reason?: string;
  outputFile: string;
}
interface RunsJson {
  runs: { dirName: string; status: string; statusReason?: string; record?: { train?: { slurm?: { jobId: string; state?: string } } } }[];
  jobs: JobJson[];
  jobProblems: string[];
}

describe('experiment-scripts on a real SLURM cluster', { skip: unavailable }, () => {
  let cluster: TestCluster;
  let root: string;
  const env = () => ({ ...process.env, SLURM_CONF: cluster.conf });
  const cli = (...args: string[]) => {
    const res = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000, env: env() });
    return { code: res.status, stdout: res.stdout, stderr: res.stderr };
  };
  const experiment = (fixture: 'mnist' | 'slurm-probe') => {
    const from =
      fixture === 'mnist'
        ? path.join(REPO, 'test', 'e2e', 'workspace', 'mnist')
        : path.join(REPO, 'test', 'e2e', 'fixtures', 'slurm-probe');
    // A space and a quote in the path: nothing here is read by a shell.
    const dir = fs.mkdtempSync(path.join(root, `${fixture} it's-`));
    for (const f of fs.readdirSync(from)) if (f.endsWith('.py')) fs.copyFileSync(path.join(from, f), path.join(dir, f));
    return dir;
  };
  const runs = (dir: string) => fs.readdirSync(path.join(dir, 'runs')).filter((n) => !n.startsWith('.'));
  const jobFiles = (dir: string) =>
    fs.existsSync(path.join(dir, 'runs', '.slurm')) ? fs.readdirSync(path.join(dir, 'runs', '.slurm')) : [];

  before(() => {
    cluster = startCluster();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'slurm-cli-'));
  });
  after(() => {
    cluster?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('train --on slurm --wait: the run folder with its metrics, and exit code 0', () => {
    const dir = experiment('mnist');
    const res = cli('train', 'on-slurm', '--on', 'slurm', '--gpus', '1', '--time', '10', ...PY, '--wait', dir);
    assert.equal(res.code, 0, res.stderr);
    const [run] = runs(dir);
    assert.match(run, /-on-slurm$/);
    const lines = res.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^submitted job (\d+) \(train·on-slurm\); output: .+-train-on-slurm-\d+\.out$/);
    const jobId = /job (\d+)/.exec(lines[0])?.[1];
    assert.equal(lines[1], `${path.join(dir, 'runs', run)}  finished  epoch=4 step=50 loss=0.2236 accuracy=0.998`);
    assert.match(res.stderr, /ended with exit code 0 \(COMPLETED\)/);
    const train = (
      JSON.parse(fs.readFileSync(path.join(dir, 'runs', run, '.experiment-scripts.json'), 'utf8')) as {
        train: { exitCode: number; slurm: { jobId: string; partition: string; cluster: string; requested: object } };
      }
    ).train;
    assert.equal(train.exitCode, 0);
    assert.deepEqual(
      { jobId: train.slurm.jobId, partition: train.slurm.partition, cluster: train.slurm.cluster, requested: train.slurm.requested },
      { jobId, partition: 'debug', cluster: 'local', requested: { gpus: 1, time: '10' } },
    );
    const listed = JSON.parse(cli('runs', '--format', 'json', dir).stdout) as RunsJson;
    assert.deepEqual(
      listed.runs.map((r) => [r.status, r.record?.train?.slurm?.jobId, r.record?.train?.slurm?.state]),
      [['finished', jobId, 'COMPLETED']],
    );
    assert.deepEqual(listed.jobs, [], 'a job whose run shows it is not listed again');
  });

  test('a failing script: --wait exits with the script’s exit code', () => {
    const dir = experiment('slurm-probe');
    const res = cli('train', 'fail-slurm', '--on', 'slurm', ...PY, '--wait', dir);
    assert.equal(res.code, 3, res.stderr);
    assert.match(res.stderr, /exited with code 3 \(FAILED, NonZeroExitCode\)/);
    assert.match(res.stdout, /-fail-slurm {2}failed {2}epoch=0 loss=0\.5\n$/);
  });

  test('a partition that does not exist: the scheduler’s error, exit 1, nothing recorded', () => {
    const dir = experiment('slurm-probe');
    const res = cli('train', 'nowhere', '--on', 'slurm', '--partition', 'no-such-partition', ...PY, dir);
    assert.equal(res.code, 1);
    assert.equal(
      res.stderr,
      'experiment-scripts train: sbatch exited with status 1: invalid partition specified: no-such-partition Batch job submission failed: Invalid partition name specified\n',
    );
    assert.deepEqual(jobFiles(dir), []);
  });

  test('a pending job: runs --format json shows its id and the scheduler’s state and reason; cancel cancels it', () => {
    const dir = experiment('slurm-probe');
    const blocker = execFileSync('sbatch', ['--parsable', '--gres=gpu:2', '--output=/dev/null', '--wrap', 'sleep 120'], {
      encoding: 'utf8',
      env: env(),
    }).trim();
    try {
      const submitted = cli('train', 'waits', '--on', 'slurm', '--gpus', '1', ...PY, dir);
      assert.equal(submitted.code, 0, submitted.stderr);
      const jobId = /job (\d+)/.exec(submitted.stdout)?.[1];
      const listed = JSON.parse(cli('runs', '--format', 'json', dir).stdout) as RunsJson;
      assert.deepEqual(
        listed.jobs.map((j) => [j.jobId, j.phase, j.state]),
        [[jobId, 'pending', 'PENDING']],
      );
      // Resources once the scheduler has looked at it; Priority before its first scheduling pass.
      assert.match(
        listed.jobs[0].reason ?? '',
        /^waiting (for resources|behind jobs of higher priority) \(PENDING, (Resources|Priority)\)$/,
      );
      assert.deepEqual(listed.jobProblems, []);
      const text = cli('runs', dir).stdout;
      assert.match(text, new RegExp(`^job ${jobId} {2}pending {4}train·waits {2}waiting .+ \\(PENDING, \\w+\\)\\n {2}output: `));

      const cancelled = cli('cancel', listed.jobs[0].file);
      assert.equal(cancelled.code, 0, cancelled.stderr);
      assert.equal(cancelled.stdout, `cancelled job ${jobId} (train·waits)\n`);
      const after = JSON.parse(cli('runs', '--format', 'json', dir).stdout) as RunsJson;
      assert.deepEqual(
        after.jobs.map((j) => [j.jobId, j.phase, j.state]),
        [[jobId, 'cancelled', 'CANCELLED']],
      );
    } finally {
      execFileSync('scancel', [blocker], { env: env() });
    }
  });

  test('cancel RUN_DIR: a running job’s run shows as cancelled', () => {
    const dir = experiment('slurm-probe');
    assert.equal(cli('train', 'hold-run', '--on', 'slurm', ...PY, dir).code, 0);
    const deadline = Date.now() + 30_000;
    while ((!fs.existsSync(path.join(dir, 'runs')) || runs(dir).length === 0) && Date.now() < deadline) execFileSync('sleep', ['0.2']);
    const runDir = path.join(dir, 'runs', runs(dir)[0]);
    const res = cli('cancel', runDir);
    assert.equal(res.code, 0, res.stderr);
    const listed = JSON.parse(cli('runs', '--format', 'json', dir).stdout) as RunsJson;
    assert.equal(listed.runs[0].status, 'cancelled', JSON.stringify(listed.runs[0]));
  });
});

if (unavailable) {
  test('the SLURM command-line tests', { skip: unavailable }, () => undefined);
}
