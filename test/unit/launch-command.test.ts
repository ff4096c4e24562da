import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildLaunchCommand, describeCommand, LaunchRefused, resolveRunner } from '#core/launch/launchCommand';
import { planLaunch, LaunchPlanInput } from '#core/launch/launchPlan';
import { runTargetFrom, runTargetFromPath, RunTarget } from '#core/launch/runTarget';

const SHELLS = ['sh', 'bash', 'zsh', 'dash', 'cmd', 'cmd.exe', 'powershell', 'pwsh', '/bin/sh', '/bin/bash'];

test('uv, pixi and python runners build argument arrays in the experiment folder', () => {
  const base = { script: 'train.py', scriptArgs: ['de-risk'], cwd: '/exp/mnist' };
  assert.deepEqual(buildLaunchCommand({ ...base, runner: 'uv' }), {
    command: 'uv',
    args: ['run', 'train.py', 'de-risk'],
    cwd: '/exp/mnist',
    env: {},
  });
  assert.deepEqual(buildLaunchCommand({ ...base, runner: 'pixi' }).args, ['run', 'python', 'train.py', 'de-risk']);
  assert.equal(buildLaunchCommand({ ...base, runner: 'pixi' }).command, 'pixi');
  assert.deepEqual(buildLaunchCommand({ ...base, runner: 'python', python: '/usr/bin/python3' }), {
    command: '/usr/bin/python3',
    args: ['train.py', 'de-risk'],
    cwd: '/exp/mnist',
    env: {},
  });
  assert.equal(buildLaunchCommand({ ...base, runner: 'python' }).command, 'python3');
  assert.equal(buildLaunchCommand({ ...base, runner: 'python', python: '  ' }).command, 'python3');
});

test('auto means pixi only when a pixi manifest applies; explicit settings win', () => {
  assert.equal(resolveRunner('auto', undefined), 'uv');
  assert.equal(resolveRunner('auto', '/exp/pixi.toml'), 'pixi');
  assert.equal(resolveRunner('uv', '/exp/pixi.toml'), 'uv');
  assert.equal(resolveRunner('python', undefined), 'python');
  assert.equal(resolveRunner('pixi', '/exp/pixi.toml'), 'pixi');
});

test('arguments that an option parser would misread, and scripts outside the experiment, are refused', () => {
  const base = { runner: 'uv' as const, cwd: '/exp' };
  assert.throws(() => buildLaunchCommand({ ...base, script: 'train.py', scriptArgs: ['--help'] }), LaunchRefused);
  assert.throws(() => buildLaunchCommand({ ...base, script: 'train.py', scriptArgs: [''] }), LaunchRefused);
  assert.throws(() => buildLaunchCommand({ ...base, script: '../other/train.py', scriptArgs: ['x'] }), /inside the experiment/);
  assert.throws(() => buildLaunchCommand({ ...base, script: '/tmp/evil.py', scriptArgs: ['x'] }), /inside the experiment/);
  assert.throws(() => buildLaunchCommand({ ...base, script: '--with=evil', scriptArgs: ['x'] }), LaunchRefused);
  assert.throws(() => buildLaunchCommand({ ...base, script: '', scriptArgs: ['x'] }), /empty/);
  assert.deepEqual(buildLaunchCommand({ ...base, script: 'scripts/train.py', scriptArgs: ['x'] }).args, ['run', 'scripts/train.py', 'x']);
});

const cpu = { kind: 'cpu' as const, cudaVisibleDevices: undefined, device: 'CPU' };
const trainInput = (name: string, extra: Partial<LaunchPlanInput> = {}): LaunchPlanInput => ({
  target: { kind: 'train', name },
  experimentDir: '/exp/mnist',
  script: 'train.py',
  runnerSetting: 'auto',
  gpu: cpu,
  ...extra,
});

test('a train plan passes the name as one argument and names the task after script, name and device', () => {
  const gpu = { kind: 'gpus' as const, cudaVisibleDevices: '0', gpus: [], device: 'GPU 0 H200' };
  const plan = planLaunch(trainInput('de-risk', { gpu }));
  assert.deepEqual(plan.command, {
    command: 'uv',
    args: ['run', 'train.py', 'de-risk'],
    cwd: '/exp/mnist',
    env: { CUDA_VISIBLE_DEVICES: '0' },
  });
  assert.equal(plan.taskName, 'train · de-risk · GPU 0 H200');
  assert.equal(plan.device, 'GPU 0 H200');
});

test('eval and plot plans take the run path relative to the experiment', () => {
  const run = runTargetFrom('/exp/mnist', '2026-02-02T14-30-00-de-risk') as RunTarget;
  const plan = planLaunch({
    ...trainInput('x'),
    target: { kind: 'eval', run },
    script: 'eval.py',
    runnerSetting: 'pixi',
    pixiManifest: '/exp/mnist/pixi.toml',
  });
  assert.deepEqual(plan.command.args, ['run', 'python', 'eval.py', 'runs/2026-02-02T14-30-00-de-risk']);
  assert.equal(plan.taskName, 'eval · 2026-02-02T14-30-00-de-risk · CPU · pixi');
  assert.deepEqual(plan.command.env, {});
});

test('CUDA_VISIBLE_DEVICES: set to "" for gpu=none, passed on unchanged when inherited, not set without a decision', () => {
  assert.deepEqual(planLaunch(trainInput('a', { gpu: { kind: 'cpu', cudaVisibleDevices: '', device: 'CPU' } })).command.env, {
    CUDA_VISIBLE_DEVICES: '',
  });
  const inherited = { kind: 'inherited' as const, cudaVisibleDevices: '3', device: 'CUDA_VISIBLE_DEVICES=3', notice: 'n' };
  const plan = planLaunch(trainInput('a', { gpu: inherited }));
  assert.deepEqual(plan.command.env, { CUDA_VISIBLE_DEVICES: '3' });
  assert.equal(plan.taskName, 'train · a · CUDA_VISIBLE_DEVICES=3');
  assert.deepEqual(planLaunch(trainInput('a', { gpu: { kind: 'cpu', cudaVisibleDevices: undefined, device: 'CPU' } })).command.env, {});
});

test('hostile names are refused with a message before any command exists', () => {
  const hostile = [
    'a; rm -rf ~',
    '$(touch x)',
    '`touch x`',
    '../x',
    'x/../../y',
    "it's",
    '"quoted"',
    'with space',
    'x'.repeat(300),
    '',
    '-rf',
    '--help',
    'a|b',
    'a&b',
    'a>b',
    'a\nb',
    '.hidden',
    '..',
  ];
  for (const name of hostile) {
    assert.throws(
      () => planLaunch(trainInput(name)),
      (err: unknown) => {
        assert.ok(err instanceof LaunchRefused, JSON.stringify(name));
        assert.ok(err.message.length > 10);
        return true;
      },
    );
  }
});

test('for every accepted name the command is a program plus arguments, never a shell, and the name is one argument', () => {
  for (const name of ['de-risk', 'full', 'lr_3e-4', 'v2.1', 'A', '9'.repeat(100)]) {
    for (const runnerSetting of ['auto', 'uv', 'pixi', 'python']) {
      const { command } = planLaunch(
        trainInput(name, { runnerSetting, pixiManifest: runnerSetting === 'auto' ? '/exp/pixi.toml' : undefined }),
      );
      assert.ok(!SHELLS.includes(command.command), command.command);
      assert.ok(!command.args.includes('-c') && !command.args.includes('/c'));
      assert.equal(command.args[command.args.length - 1], name);
      assert.equal(command.args.filter((a) => a === name).length, 1);
    }
  }
});

test('run targets are rebuilt from a folder name: only runs inside runs/ are accepted', () => {
  const t = runTargetFromPath('/exp/mnist/runs/2026-02-02T14-30-00-de-risk') as RunTarget;
  assert.equal(t.experimentDir, '/exp/mnist');
  assert.equal(t.relativePath, 'runs/2026-02-02T14-30-00-de-risk');
  assert.equal(t.name, 'de-risk');
  assert.match(runTargetFromPath('/exp/mnist/2026-02-02T14-30-00-de-risk') as string, /not inside a runs\/ folder/);
  assert.match(runTargetFromPath('/exp/mnist/runs/notes') as string, /not a run folder name/);
  assert.match(runTargetFrom('/exp', '../../etc') as string, /not a run folder name/);
  assert.match(runTargetFrom('/exp', '2026-02-02T14-30-00-a/../../x') as string, /not a run folder name/);
});

test('commands read back for people with arguments quoted only when needed', () => {
  assert.equal(describeCommand({ command: 'uv', args: ['run', 'train.py', 'de-risk'] }), 'uv run train.py de-risk');
  assert.equal(describeCommand({ command: '/usr/bin/python3', args: ['eval.py', 'runs/a b'] }), '/usr/bin/python3 eval.py "runs/a b"');
});
