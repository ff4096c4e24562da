// The launch decision for SLURM: the same refusals and runner rule as a local launch (launchDecision.ts), sbatch
// required and named when missing, the option layers (settings, the script's header table, the choice for this
// launch) and the table's ignored values said as warnings.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { decideLaunch, LaunchFacts } from '#core/launch/launchDecision';
import { decideSlurmLaunch, SlurmLaunchFacts } from '#core/launch/slurmDecision';

const HEADER = `# /// script
# dependencies = ["torch"]
#
# [tool.experiment-scripts.slurm]
# partition = "gpu"
# gpus = 2
# time = "4:00:00"
# memroy = "32G"
# ///
print("train")
`;

function facts(over: Partial<SlurmLaunchFacts> = {}): SlurmLaunchFacts {
  return {
    target: { kind: 'train', name: 'de-risk' },
    experimentDir: '/work/exp',
    shownDir: 'exp/',
    inWorkspace: true,
    script: 'train.py',
    scriptKey: 'trainScript',
    scriptIsFile: true,
    scriptText: HEADER,
    runnerSetting: 'auto',
    findProgram: (p) => (p === 'sbatch' ? '/usr/bin/sbatch' : undefined),
    now: new Date(2026, 10, 29, 19, 5, 57, 123),
    ...over,
  };
}

test('the job runs what a local launch would run, with the options layered: settings, then the script’s table, then this launch', () => {
  const d = decideSlurmLaunch(facts({ settingsOptions: { partition: 'cpu', cpus: 4, time: '10' }, launchOptions: { time: '8:00:00' } }));
  assert.equal(d.kind, 'submit');
  if (d.kind !== 'submit') return;
  assert.deepEqual(d.submission.options, { partition: 'gpu', gpus: 2, cpus: 4, time: '8:00:00' });
  assert.equal(d.plan.taskName, 'train · de-risk · SLURM gpu');
  assert.deepEqual([d.plan.command.command, ...d.plan.command.args], ['uv', 'run', 'train.py', 'de-risk']);
  assert.match(d.submission.script, /^exec 'uv' 'run' 'train\.py' 'de-risk'$/m);
  assert.deepEqual(d.submission.sbatchArgs.slice(0, 6), [
    '--parsable',
    '--partition=gpu',
    '--gres=gpu:2',
    '--cpus-per-task=4',
    '--time=8:00:00',
    '--job-name=train·de-risk',
  ]);
  assert.deepEqual(d.warnings, ['line 8: `memroy` is not a SLURM default; did you mean `memory`?']);
  assert.equal(d.plan.command.env.CUDA_VISIBLE_DEVICES, undefined, 'Slurm gives the job its GPUs');
});

test('the runner rule is the launcher’s: pixi run --script for a [tool.pixi] header, the interpreter for python', () => {
  const pixi = decideSlurmLaunch(facts({ scriptText: '# /// script\n# [tool.pixi]\n# channels = ["conda-forge"]\n# ///\n' }));
  assert.equal(pixi.kind === 'submit' && pixi.plan.runner, 'pixi-script');
  const python = decideSlurmLaunch(facts({ runnerSetting: 'python', python: '/usr/bin/python3' }));
  assert.deepEqual(python.kind === 'submit' && [python.plan.command.command, ...python.plan.command.args], [
    '/usr/bin/python3',
    'train.py',
    'de-risk',
  ]);
  // The same facts decided locally give the same command.
  const local = decideLaunch({
    ...(facts({ runnerSetting: 'python', python: '/usr/bin/python3' }) as unknown as LaunchFacts),
    device: { resolution: { kind: 'cpu', cudaVisibleDevices: '', device: 'CPU' }, noGpu: false },
    findProgram: (p) => p,
  });
  assert.deepEqual(local.kind === 'launch' && local.plan.command.args, ['train.py', 'de-risk']);
});

test('refused as locally: hostile names, a missing script, a run that no longer exists', () => {
  for (const name of ['a; rm -rf ~', '$(touch x)', '../up', '-rf', '']) {
    const d = decideSlurmLaunch(facts({ target: { kind: 'train', name } }));
    assert.equal(d.kind, 'refuse', name);
    assert.match(d.kind === 'refuse' ? d.message : '', /^Run name refused: /);
  }
  assert.deepEqual(decideSlurmLaunch(facts({ scriptIsFile: false })), {
    kind: 'refuse',
    message: 'exp/ has no train.py (setting experimentScripts.trainScript).',
  });
  assert.equal(decideSlurmLaunch(facts({ inWorkspace: false })).kind, 'refuse');
});

test('no sbatch on PATH: a refusal that names it, before anything is planned', () => {
  const d = decideSlurmLaunch(facts({ findProgram: () => undefined }));
  assert.equal(d.kind, 'refuse');
  assert.match(d.kind === 'refuse' ? d.message : '', /^sbatch was not found on PATH: SLURM's commands are not installed on this machine/);
});

test('options that sbatch would not take, or that would break following the job, are refused with their reason', () => {
  const bad = decideSlurmLaunch(facts({ settingsOptions: { memory: 'lots', extraArgs: ['--output=/tmp/x'] }, scriptText: '' }));
  assert.equal(bad.kind, 'refuse');
  assert.match(bad.kind === 'refuse' ? bad.message : '', /memory "lots" is not a size.*--output=\/tmp\/x" is set by the extension itself/);
});
