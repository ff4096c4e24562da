import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildLaunchCommand, LaunchCommand, LaunchRefused } from '#core/launch/launchCommand';
import { shellQuote, writeBatchScript } from '#core/slurm/batchScript';
import { outputFileOf, planSlurmSubmission, resourceArgs, sbatchEnvironment, SlurmSubmissionRequest } from '#core/slurm/submission';
import { checkSlurmOptions, mergeSlurmOptions } from '#core/slurm/slurmOptions';
import { tempDir } from './runs-fixture';

const HOSTILE = [
  "it's",
  'a "quoted" word',
  '$(touch pwned)',
  '`touch pwned`',
  '; rm -rf ~',
  'a\\b',
  '*',
  '$HOME',
  '!!',
  'new\nline',
  '\n#SBATCH --job-name=evil',
  'tab\there',
  'ünïcödé · 名前',
  "'",
  "''",
  '',
];

/** Runs the written script with bash; `printf '%s\0'` as the program shows each argument exactly as it arrived. */
function runScript(script: string): { args: string[]; cwd: string; status: number | null; stderr: string } {
  const file = path.join(tempDir('slurm-script-'), 'job.sh');
  fs.writeFileSync(file, script);
  const r = spawnSync('/bin/bash', [file], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });
  const [cwd, ...args] = r.stdout.split('\0').slice(0, -1);
  return { args, cwd, status: r.status, stderr: r.stderr };
}

function printCommand(cwd: string, args: string[], env: Record<string, string> = {}): LaunchCommand {
  return { command: '/bin/sh', args: ['-c', 'printf "%s\\0" "$PWD" "$@"', 'sh', ...args], cwd, env };
}

test('the batch script hands every argument to the program unchanged, hostile ones included', () => {
  const cwd = path.join(tempDir('slurm-cwd-'), "exp with 'quotes' and $(dollar)");
  fs.mkdirSync(cwd);
  const r = runScript(writeBatchScript(printCommand(cwd, HOSTILE), 'train·test'));
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.args, HOSTILE);
  assert.equal(r.cwd, cwd);
  assert.ok(!fs.existsSync(path.join(cwd, 'pwned')), 'nothing was executed from an argument');
});

test('the batch script exports the launch environment, values quoted, and refuses a name that is not a variable', () => {
  const cwd = tempDir('slurm-cwd-');
  const cmd: LaunchCommand = {
    command: '/bin/sh',
    args: ['-c', 'printf "%s\\0" "$PWD" "$RUN_NOTE"'],
    cwd,
    env: { RUN_NOTE: "x'$(id)`y`\n" },
  };
  assert.deepEqual(runScript(writeBatchScript(cmd, 't')).args, ["x'$(id)`y`\n"]);
  assert.throws(() => writeBatchScript({ ...cmd, env: { 'A=B; id': 'x' } }, 't'), LaunchRefused);
  assert.throws(() => writeBatchScript({ ...cmd, env: { '1A': 'x' } }, 't'), LaunchRefused);
});

test('the batch script stops with a message when the experiment folder is gone, instead of running elsewhere', () => {
  const cwd = path.join(tempDir('slurm-cwd-'), 'deleted');
  const r = runScript(writeBatchScript(printCommand(cwd, ['x']), 't'));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cannot enter the experiment folder/);
  assert.deepEqual(r.args, []);
});

test('no #SBATCH line can come from an argument: the first line after the comments is a command', () => {
  const script = writeBatchScript(printCommand('/exp', ['\n#SBATCH --partition=evil']), 'title\n#SBATCH --qos=evil');
  const lines = script.split('\n');
  assert.equal(lines[0], '#!/bin/bash');
  assert.ok(lines[1].startsWith('# ') && !lines[1].includes('\n'));
  assert.match(lines[2], /^cd -- '\/exp' \|\|/);
  // sbatch reads #SBATCH only before the first command line (lines[2]); the argument's #SBATCH comes after it.
  assert.ok(lines.findIndex((l) => l.startsWith('#SBATCH')) > 2);
});

test('shellQuote refuses NUL, which no command line can carry', () => {
  assert.equal(shellQuote("a'b"), `'a'\\''b'`);
  assert.throws(() => shellQuote('a\0b'), LaunchRefused);
});

const request = (over: Partial<SlurmSubmissionRequest> = {}): SlurmSubmissionRequest => ({
  kind: 'train',
  target: 'de-risk',
  command: buildLaunchCommand({ runner: 'uv', script: 'train.py', scriptArgs: ['de-risk'], cwd: '/home/me/exp' }),
  options: {},
  now: new Date(2026, 1, 2, 14, 30, 5, 7),
  ...over,
});

test('a submission: job name train·<name>, output under runs/.slurm/, sbatch arguments with the script last', () => {
  const s = planSlurmSubmission(
    request({ options: { partition: 'gpu', gpus: 2, cpus: 8, memory: '32G', time: '4:00:00', extraArgs: ['--constraint=a100'] } }),
  );
  assert.equal(s.jobName, 'train·de-risk');
  assert.equal(s.folder, '/home/me/exp/runs/.slurm');
  assert.equal(s.scriptFile, '/home/me/exp/runs/.slurm/2026-02-02T14-30-05-007-train-de-risk.sh');
  assert.equal(s.outputPattern, '/home/me/exp/runs/.slurm/2026-02-02T14-30-05-007-train-de-risk-%j.out');
  assert.equal(outputFileOf(s, '1234'), '/home/me/exp/runs/.slurm/2026-02-02T14-30-05-007-train-de-risk-1234.out');
  assert.deepEqual(s.sbatchArgs, [
    '--parsable',
    '--partition=gpu',
    '--gres=gpu:2',
    '--cpus-per-task=8',
    '--mem=32G',
    '--time=4:00:00',
    '--constraint=a100',
    '--job-name=train·de-risk',
    '--chdir=/home/me/exp',
    '--output=/home/me/exp/runs/.slurm/2026-02-02T14-30-05-007-train-de-risk-%j.out',
    s.scriptFile,
  ]);
  assert.match(s.script, /\nexec 'uv' 'run' 'train\.py' 'de-risk'\n$/);
});

test('a % in the experiment path is doubled for sbatch, and the output file reads back with a single %', () => {
  const cwd = '/home/me/100% sure';
  const s = planSlurmSubmission(request({ command: { ...request().command, cwd } }));
  assert.ok(s.sbatchArgs.includes('--output=/home/me/100%% sure/runs/.slurm/2026-02-02T14-30-05-007-train-de-risk-%j.out'));
  assert.equal(outputFileOf(s, '7'), '/home/me/100% sure/runs/.slurm/2026-02-02T14-30-05-007-train-de-risk-7.out');
  assert.ok(s.sbatchArgs.includes('--chdir=/home/me/100% sure'));
});

test('the names refused locally are refused here too, and so is a folder sbatch cannot write output to', () => {
  for (const name of ['../up', '-rf', 'a b', 'x;y', '$(id)', '', 'a'.repeat(101), 'new\nline']) {
    assert.throws(() => planSlurmSubmission(request({ target: name })), LaunchRefused, JSON.stringify(name));
  }
  assert.throws(() => planSlurmSubmission(request({ command: { ...request().command, cwd: '/home/me/back\\slash' } })), /backslash/);
  assert.throws(() => planSlurmSubmission(request({ command: { ...request().command, cwd: 'relative/exp' } })), /absolute/);
  assert.throws(() => planSlurmSubmission(request({ options: { memory: 'lots' } })), /memory "lots"/);
});

test('eval and plot: the run folder becomes a safe job name and file name; the run path reaches the script as is', () => {
  const target = "runs/2026-02-02T14-30-00-it's odd";
  const command = buildLaunchCommand({ runner: 'uv', script: 'eval.py', scriptArgs: [target], cwd: '/exp' });
  const s = planSlurmSubmission(request({ kind: 'eval', target, command }));
  assert.equal(s.jobName, 'eval·2026-02-02T14-30-00-it_s_odd');
  assert.ok(s.scriptFile.endsWith('-eval-2026-02-02T14-30-00-it_s_odd.sh'));
  assert.ok(s.script.includes(`'runs/2026-02-02T14-30-00-it'\\''s odd'`));
});

test('GPUs as --gres=gpu:N by default, as --gpus=N on request, with a type when one is given', () => {
  assert.deepEqual(resourceArgs({ gpus: 1 }), ['--gres=gpu:1']);
  assert.deepEqual(resourceArgs({ gpus: 2, gpuFlag: 'gpus' }), ['--gpus=2']);
  assert.deepEqual(resourceArgs({ gpus: 4, gpuType: 'a100' }), ['--gres=gpu:a100:4']);
  assert.deepEqual(resourceArgs({ gpus: 4, gpuType: 'h200', gpuFlag: 'gpus' }), ['--gpus=h200:4']);
  assert.deepEqual(resourceArgs({ gpus: 0, gpuType: 'a100' }), []);
  assert.deepEqual(resourceArgs({ account: 'lab', qos: 'long' }), ['--account=lab', '--qos=long']);
});

test('option checks name what is wrong before sbatch is called', () => {
  const one = (o: Parameters<typeof checkSlurmOptions>[0]) => checkSlurmOptions(o).join(' | ');
  assert.equal(one({ partition: 'gpu', gpus: 1, cpus: 4, memory: '16000', time: '1-12', account: 'lab', qos: 'normal' }), '');
  assert.match(one({ partition: 'gpu a' }), /partition "gpu a" contains a space/);
  assert.match(one({ partition: '' }), /partition is empty/);
  assert.match(one({ gpus: 1.5 }), /GPUs per job/);
  assert.match(one({ cpus: 0 }), /CPUs per job/);
  assert.match(one({ time: 'soon' }), /time limit "soon"/);
  assert.match(one({ memory: '32 GB' }), /memory "32 GB"/);
  assert.match(one({ gpuType: 'a100:2' }), /one name/);
});

test('extra sbatch arguments: each stays one argument; those the extension sets, or that sbatch would take for a script, are refused', () => {
  assert.deepEqual(checkSlurmOptions({ extraArgs: ['--constraint=a100', '-p', 'gpu', '--exclusive', '--nodelist', 'node1'] }), []);
  for (const arg of [
    '--output=x',
    '-o',
    '-ofile',
    '--out=x',
    '--job-name=x',
    '-J',
    '--chdir=/',
    '--parsable',
    '--wrap=id',
    '--wait',
    '--array=1-3',
    '--export=NONE',
    '--test-only',
  ]) {
    assert.match(checkSlurmOptions({ extraArgs: [arg] }).join(), /set by the extension itself/, arg);
  }
  assert.match(checkSlurmOptions({ extraArgs: ['train.py'] }).join(), /not an option/);
  assert.match(checkSlurmOptions({ extraArgs: ['--exclusive=user', 'train.py'] }).join(), /not an option/);
  assert.match(checkSlurmOptions({ extraArgs: ['a\0b'] }).join(), /NUL/);
});

test('options merge layer by layer; the most specific extra arguments replace the others', () => {
  const settings = { partition: 'cpu', gpus: 1, extraArgs: ['--exclusive'] };
  const script = { partition: 'gpu', time: '4:00:00' };
  const launch = { gpus: 2, extraArgs: [] };
  assert.deepEqual(mergeSlurmOptions(settings, undefined, script, launch), { partition: 'gpu', gpus: 2, time: '4:00:00', extraArgs: [] });
});

test('sbatch passes on the window environment but not its CUDA_VISIBLE_DEVICES: Slurm picks the GPUs', () => {
  assert.deepEqual(sbatchEnvironment({ PATH: '/usr/bin', CUDA_VISIBLE_DEVICES: '0', SBATCH_ACCOUNT: 'lab', GONE: undefined }), {
    PATH: '/usr/bin',
    SBATCH_ACCOUNT: 'lab',
  });
});
