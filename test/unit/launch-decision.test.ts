// The launch decisions, one fact at a time: refuse (and say why), ask first, or a plan to start.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkLaunchTarget, decideLaunch, LaunchDecision, LaunchFacts } from '#core/launch/launchDecision';
import { runTargetFrom, RunTarget } from '#core/launch/runTarget';

const RUN = runTargetFrom('/w/mnist', '2025-02-02T14-30-00-de-risk') as RunTarget;
const JAX_CUDA = '# /// script\n# dependencies = ["jax[cuda12]"]\n# ///\nimport jax\n';
const onPath = (found: string[]) => (command: string) => (found.includes(command) ? `/usr/bin/${command}` : undefined);

function facts(extra: Partial<LaunchFacts> = {}): LaunchFacts {
  return {
    target: { kind: 'train', name: 'de-risk' },
    experimentDir: '/w/mnist',
    shownDir: 'mnist/',
    inWorkspace: true,
    script: 'train.py',
    scriptKey: 'trainScript',
    scriptIsFile: true,
    device: { resolution: { kind: 'gpus', cudaVisibleDevices: '0', gpus: [], device: 'GPU 0 H200' }, noGpu: false },
    runnerSetting: 'auto',
    findProgram: onPath(['uv', 'pixi']),
    ...extra,
  };
}

const cpuWithoutGpu = { resolution: { kind: 'cpu' as const, cudaVisibleDevices: undefined, device: 'CPU' }, noGpu: true };
const refusal = (d: LaunchDecision) => (d.kind === 'refuse' ? d.message : `not refused: ${d.kind}`);

test('a train launch with everything in place is a plan: uv in the experiment folder, on the chosen GPU', () => {
  const decision = decideLaunch(facts());
  assert.equal(decision.kind, 'launch');
  assert.ok(decision.kind === 'launch');
  assert.deepEqual(decision.plan.command, {
    command: 'uv',
    args: ['run', 'train.py', 'de-risk'],
    cwd: '/w/mnist',
    env: { CUDA_VISIBLE_DEVICES: '0' },
  });
  assert.equal(decision.plan.taskName, 'train · de-risk · GPU 0 H200');
});

test('outside the workspace folders nothing is launched, whoever asks', () => {
  assert.equal(refusal(decideLaunch(facts({ inWorkspace: false }))), '/w/mnist is not inside an open workspace folder.');
});

test('a missing script is refused, naming the setting that chose it', () => {
  assert.equal(
    refusal(decideLaunch(facts({ script: 'main.py', scriptIsFile: false }))),
    'mnist/ has no main.py (setting experimentScripts.trainScript).',
  );
});

test('a bad run name is refused before a device is chosen', () => {
  for (const name of ['a; rm -rf ~', '', '-rf', '--help', '../x', 'x'.repeat(300)]) {
    const message = checkLaunchTarget(facts({ target: { kind: 'train', name } }));
    assert.match(message ?? '', /^Run name refused: /, JSON.stringify(name));
    assert.equal(refusal(decideLaunch(facts({ target: { kind: 'train', name } }))), message);
  }
  assert.equal(checkLaunchTarget(facts()), undefined);
});

test('eval and plot of a run that no longer exists are refused', () => {
  const target = { kind: 'eval' as const, run: RUN };
  assert.equal(
    checkLaunchTarget(facts({ target, script: 'eval.py', scriptKey: 'evalScript', runExists: false })),
    'The run runs/2025-02-02T14-30-00-de-risk no longer exists in mnist/.',
  );
  const decision = decideLaunch(facts({ target, script: 'eval.py', scriptKey: 'evalScript', runExists: true }));
  assert.ok(decision.kind === 'launch');
  assert.deepEqual(decision.plan.command.args, ['run', 'eval.py', 'runs/2025-02-02T14-30-00-de-risk']);
});

test('a GPU setting that cannot be met is refused with its message', () => {
  const device = {
    resolution: { kind: 'invalid' as const, message: 'experimentScripts.gpu asks for GPU 7, but the GPUs are 0, 1.' },
    noGpu: false,
  };
  assert.equal(refusal(decideLaunch(facts({ device }))), 'experimentScripts.gpu asks for GPU 7, but the GPUs are 0, 1.');
});

test('a script asking for CUDA on a machine without a GPU: ask first; once agreed, the plan', () => {
  const asked = decideLaunch(facts({ device: cpuWithoutGpu, scriptText: JAX_CUDA }));
  assert.equal(asked.kind, 'confirm-cuda');
  assert.ok(asked.kind === 'confirm-cuda');
  assert.equal(
    asked.message,
    'train.py asks for CUDA builds: jax[cuda12] (line 2), but this machine has no GPU. Running it may download large CUDA packages, or fail.',
  );
  assert.equal(asked.action, 'Run anyway');
  assert.equal(asked.cancelled, 'Cancelled: the script asks for CUDA and there is no GPU.');
  assert.equal(decideLaunch(facts({ device: cpuWithoutGpu, scriptText: JAX_CUDA, cudaConfirmed: true })).kind, 'launch');
});

test('no question about CUDA when there is a GPU, when the user chose the CPU on purpose, or when the script asks for none', () => {
  assert.equal(decideLaunch(facts({ scriptText: JAX_CUDA })).kind, 'launch');
  const chosenCpu = { resolution: { kind: 'cpu' as const, cudaVisibleDevices: '', device: 'CPU' }, noGpu: false };
  assert.equal(decideLaunch(facts({ device: chosenCpu, scriptText: JAX_CUDA })).kind, 'launch');
  assert.equal(decideLaunch(facts({ device: cpuWithoutGpu, scriptText: 'import numpy\n' })).kind, 'launch');
});

test('a runner that is not installed is refused with what to do about it', () => {
  assert.equal(
    refusal(decideLaunch(facts({ findProgram: onPath([]) }))),
    'uv was not found on PATH. Install uv, or choose another runner in the experimentScripts.runner setting.',
  );
  assert.equal(
    refusal(decideLaunch(facts({ runnerSetting: 'auto', pixiManifest: '/w/pixi.toml', findProgram: onPath(['uv']) }))),
    'pixi was not found on PATH. Install pixi, or choose another runner in the experimentScripts.runner setting.',
  );
  assert.equal(
    refusal(decideLaunch(facts({ runnerSetting: 'python', python: '/nonexistent/python3' }))),
    '/nonexistent/python3 was not found. Check the experimentScripts.pythonPath setting.',
  );
  assert.equal(decideLaunch(facts({ runnerSetting: 'python', python: 'python3', findProgram: onPath(['python3']) })).kind, 'launch');
});

test('a script setting that points outside the experiment is refused, not run', () => {
  assert.match(refusal(decideLaunch(facts({ script: '../other/train.py' }))), /must be a path inside the experiment folder/);
});

test('a script whose header has [tool.pixi] runs in its own pixi environment, and the program found is the one that runs', () => {
  const header = '# /// script\n# dependencies = []\n# [tool.pixi.dependencies]\n# pytorch-gpu = "*"\n# ///\nimport torch\n';
  const decision = decideLaunch(facts({ scriptText: header, findProgram: (c) => (c === 'pixi' ? '/opt/pixi/bin/pixi' : undefined) }));
  assert.ok(decision.kind === 'launch', refusal(decision));
  assert.equal(decision.plan.runner, 'pixi-script');
  assert.deepEqual([decision.plan.command.command, ...decision.plan.command.args], ['pixi', 'run', '--script', 'train.py', 'de-risk']);
  assert.equal(decision.plan.taskName, 'train · de-risk · GPU 0 H200 · pixi script');
  assert.equal(decision.program, '/opt/pixi/bin/pixi');
  // With a manifest around the experiment, the header's own environment still wins; without [tool.pixi], the manifest's.
  const manifest = decideLaunch(facts({ scriptText: header, pixiManifest: '/w/pixi.toml' }));
  assert.ok(manifest.kind === 'launch' && manifest.plan.runner === 'pixi-script');
  const plain = decideLaunch(facts({ scriptText: 'import numpy\n', pixiManifest: '/w/pixi.toml' }));
  assert.ok(plain.kind === 'launch' && plain.plan.runner === 'pixi');
  assert.equal(plain.plan.taskName, 'train · de-risk · GPU 0 H200 · pixi');
  // No pixi on PATH: refused with what to do, as for uv.
  assert.equal(
    refusal(decideLaunch(facts({ scriptText: header, findProgram: onPath(['uv']) }))),
    'pixi was not found on PATH. Install pixi, or choose another runner in the experimentScripts.runner setting.',
  );
});
