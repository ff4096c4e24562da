#!/usr/bin/env node
// Captures test/fixtures/slurm/ from a fresh test cluster (test/slurm/cluster.sh): the scheduler's own answers for
// jobs in every state the extension shows, sbatch's output and errors, sacct without accounting, and what the
// client commands say when slurmctld is down. Takes about two minutes, because one job has to overrun a one-minute
// time limit. Run as root: `node test/slurm/capture-fixtures.mjs [OUTPUT_DIR]`.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(process.argv[2] ?? path.join(here, '..', 'fixtures', 'slurm'));
const clusterScript = path.join(here, 'cluster.sh');
fs.mkdirSync(out, { recursive: true });

const started = execFileSync(clusterScript, ['start'], { encoding: 'utf8' });
const clusterEnv = Object.fromEntries(
  started
    .trim()
    .split('\n')
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
);
const clusterDir = clusterEnv.SLURM_CLUSTER_DIR;
const env = { ...process.env, SLURM_CONF: clusterEnv.SLURM_CONF };
let stopped = false;
const stopCluster = () => {
  if (stopped) return;
  stopped = true;
  spawnSync(clusterScript, ['stop', clusterDir], { stdio: 'inherit' });
};
process.on('exit', stopCluster);
process.on('SIGINT', () => process.exit(130));

const jobsDir = path.join(clusterDir, 'jobs');
fs.mkdirSync(jobsDir);
const host = execFileSync('hostname', ['-s'], { encoding: 'utf8' }).trim();

/** Runs a client command; returns what it said, and how long it took. */
function run(argv, input) {
  const t0 = Date.now();
  const r = spawnSync(argv[0], argv.slice(1), { cwd: jobsDir, env, input, encoding: 'utf8', timeout: 120_000 });
  return { command: argv, exitCode: r.status, stdout: r.stdout, stderr: r.stderr, seconds: (Date.now() - t0) / 1000 };
}
/** Stores a command's whole answer as JSON (exit code, stdout, stderr), for answers whose status matters. */
function saveCommand(file, result) {
  const { seconds, ...rest } = result;
  fs.writeFileSync(path.join(out, file), JSON.stringify(rest, null, 2) + '\n');
  console.log(`${file}: exit ${result.exitCode} in ${seconds.toFixed(2)} s`);
}
/** Stores stdout as it was printed (the command must have succeeded). */
function saveStdout(file, result) {
  if (result.exitCode !== 0) throw new Error(`${result.command.join(' ')} failed: ${result.stderr}`);
  fs.writeFileSync(path.join(out, file), result.stdout);
  console.log(`${file}: ${result.stdout.length} bytes`);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function waitFor(what, check, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}
function jobStates() {
  const r = run(['squeue', '--json']);
  return new Map(JSON.parse(r.stdout).jobs.map((j) => [String(j.job_id), j.job_state]));
}

const jobs = {};
/** Submits `body` (a bash script) on stdin under the scenario's name. */
function submit(scenario, options, body) {
  const r = run(
    ['sbatch', '--parsable', `--job-name=train·${scenario}`, `--output=${jobsDir}/${scenario}-%j.out`, ...options],
    `#!/bin/bash\n${body}\n`,
  );
  if (r.exitCode !== 0) throw new Error(`sbatch for ${scenario} failed: ${r.stderr}`);
  jobs[scenario] = r.stdout.trim();
  return jobs[scenario];
}

async function main() {
  const version = run(['sbatch', '--version']).stdout.trim();
  saveStdout('squeue-empty.json', run(['squeue', '--json']));

  // Two GPUs: "running" holds one for the whole capture, "timeout" the other until its limit; the pending jobs ask
  // for both, so they wait (first for Resources, the next for Priority) from start to end.
  submit('timeout', ['--time=1', '--gres=gpu:1'], 'echo started; sleep 600');
  submit('running', ['--gres=gpu:1'], 'echo started; sleep 600');
  submit('pending-resources', ['--gres=gpu:2'], 'sleep 5');
  submit('pending-priority', ['--gres=gpu:2'], 'sleep 5');
  submit('completed', [], 'echo finished');
  submit('failed', [], 'echo "about to fail" >&2; exit 3');
  submit('cancelled-running', [], 'echo started; sleep 600');
  submit('cancelled-pending', ['--gres=gpu:2'], 'sleep 5');
  submit('node-fail', ['--no-requeue'], 'echo started; sleep 600');
  submit(
    'memory-killed',
    ['--mem=100'],
    "/usr/bin/python3 -c 'import time\nb = []\nfor i in range(40):\n    b.append(bytearray(20 * 2**20)); time.sleep(0.1)\ntime.sleep(5)'",
  );
  // The output folder does not exist: slurmstepd cannot open the output file and the job fails at once.
  const r = run(
    ['sbatch', '--parsable', '--job-name=train·no-output-folder', `--output=${jobsDir}/missing/%j.out`],
    '#!/bin/bash\necho never\n',
  );
  jobs['no-output-folder'] = r.stdout.trim();

  await waitFor(
    'the running jobs to start',
    () => {
      const s = jobStates();
      return ['timeout', 'running', 'cancelled-running', 'node-fail'].every((k) => s.get(jobs[k]) === 'RUNNING');
    },
    30_000,
  );
  saveStdout('scontrol-show-job-cancelled-running-before.txt', run(['scontrol', 'show', 'job', jobs['cancelled-running']]));
  run(['scancel', jobs['cancelled-running']]);
  run(['scancel', jobs['cancelled-pending']]);
  await waitFor(
    'the short jobs to end',
    () => {
      const s = jobStates();
      return ['completed', 'failed', 'memory-killed', 'no-output-folder', 'cancelled-running', 'cancelled-pending'].every(
        (k) => !['PENDING', 'RUNNING', 'COMPLETING'].includes(s.get(jobs[k])),
      );
    },
    60_000,
  );
  saveStdout('squeue-before-timeout.json', run(['squeue', '--json']));
  console.log('waiting for the one-minute time limit to pass…');
  await waitFor('the time limit', () => jobStates().get(jobs.timeout) === 'TIMEOUT', 180_000);
  await sleep(3000);

  saveStdout('squeue-all-states.json', run(['squeue', '--json']));
  saveStdout('scontrol-show-job-all.txt', run(['scontrol', 'show', 'job']));
  saveStdout('scontrol-show-job-all-oneliner.txt', run(['scontrol', 'show', 'job', '--oneliner']));
  for (const [scenario, id] of Object.entries(jobs)) {
    if (scenario === 'node-fail') continue;
    saveStdout(`scontrol-show-job-${scenario}.txt`, run(['scontrol', 'show', 'job', id]));
  }
  saveCommand('scontrol-show-job-unknown.json', run(['scontrol', 'show', 'job', '999999']));

  // Node failure: the node goes down under a running job that may not be requeued.
  run(['scancel', jobs.running]);
  run(['scontrol', 'update', `nodename=${host}`, 'state=down', 'reason=capture of a node failure']);
  await waitFor('the node failure', () => jobStates().get(jobs['node-fail']) === 'NODE_FAIL', 30_000);
  saveStdout('squeue-node-fail.json', run(['squeue', '--json']));
  saveStdout('scontrol-show-job-node-fail.txt', run(['scontrol', 'show', 'job', jobs['node-fail']]));
  run(['scontrol', 'update', `nodename=${host}`, 'state=resume']);

  // sbatch: success with and without --parsable, then refusals.
  const tiny = '#!/bin/bash\ntrue\n';
  const o = `--output=${jobsDir}/sbatch-%j.out`;
  saveCommand('sbatch-parsable.json', run(['sbatch', '--parsable', o], tiny));
  saveCommand('sbatch-plain.json', run(['sbatch', o], tiny));
  saveCommand('sbatch-no-such-partition.json', run(['sbatch', '--parsable', '--partition=no-such-partition', o], tiny));
  saveCommand('sbatch-bad-time.json', run(['sbatch', '--parsable', '--time=soon', o], tiny));
  saveCommand('sbatch-unknown-option.json', run(['sbatch', '--parsable', '--no-such-option', o], tiny));
  saveCommand('sbatch-bad-gres.json', run(['sbatch', '--parsable', '--gres=gpu:two', o], tiny));
  saveCommand('sbatch-too-many-gpus.json', run(['sbatch', '--parsable', '--gres=gpu:3', o], tiny));
  saveCommand('sbatch-gpus-too-many.json', run(['sbatch', '--parsable', '--gpus=3', o], tiny));
  saveCommand('sbatch-too-much-memory.json', run(['sbatch', '--parsable', '--mem=1T', o], tiny));
  saveCommand('sbatch-account-qos.json', run(['sbatch', '--parsable', '--account=no-such-account', '--qos=no-such-qos', o], tiny));
  saveCommand('sbatch-empty-script.json', run(['sbatch', '--parsable', o], ''));
  saveCommand('sbatch-no-shebang.json', run(['sbatch', '--parsable', o], 'true\n'));

  // No accounting storage here.
  saveCommand('sacct-no-accounting.json', run(['sacct', '--json']));
  saveCommand(
    'sacct-no-accounting-parsable.json',
    run(['sacct', '--parsable2', '--noheader', '--format=JobID,State,ExitCode', '--jobs', jobs.failed]),
  );
  saveCommand('scancel-unknown.json', run(['scancel', '999999']));
  saveCommand('scancel-ended.json', run(['scancel', jobs.completed]));

  // Jobs still queued or running end first, so that none outlives the controller.
  const active = [...jobStates()].filter(([, s]) => ['PENDING', 'RUNNING', 'COMPLETING'].includes(s)).map(([id]) => id);
  if (active.length > 0) run(['scancel', ...active]);
  await waitFor(
    'every job to end',
    () => [...jobStates().values()].every((s) => !['PENDING', 'RUNNING', 'COMPLETING'].includes(s)),
    30_000,
  );

  // The controller goes away: what squeue, scontrol, sbatch and scancel say, and how long they take to say it.
  const ctldPid = fs.readFileSync(path.join(clusterDir, 'slurmctld.pid'), 'utf8').trim();
  process.kill(Number(ctldPid), 'SIGTERM');
  await waitFor('slurmctld to exit', () => !fs.existsSync(`/proc/${ctldPid}`), 20_000);
  saveCommand('squeue-controller-down.json', run(['squeue', '--json']));
  saveCommand('scontrol-show-job-controller-down.json', run(['scontrol', 'show', 'job', jobs.completed]));
  saveCommand('sbatch-controller-down.json', run(['sbatch', '--parsable', o], tiny));
  saveCommand('scancel-controller-down.json', run(['scancel', jobs.completed]));

  const notes = { slurm: version, host, capturedAt: new Date().toISOString(), clusterDir, jobs };
  fs.writeFileSync(path.join(out, 'jobs.json'), JSON.stringify(notes, null, 2) + '\n');
  console.log(`jobs.json: ${Object.keys(jobs).length} jobs`);
}

main().then(
  () => stopCluster(),
  (err) => {
    console.error(err);
    stopCluster();
    process.exit(1);
  },
);
