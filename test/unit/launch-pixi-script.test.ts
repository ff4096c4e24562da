// The runner rule for pixi scripts: a header with [tool.pixi] runs with `pixi run --script <script> …` in its own
// environment; experiments with a pixi manifest keep `pixi run python <script> …`; the task name, the plan and the
// run record say which one was used.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildLaunchCommand, resolveRunner, runnerLabel } from '#core/launch/launchCommand';
import { planLaunch, LaunchPlanInput } from '#core/launch/launchPlan';
import { headerDeclaresPixi, readScriptText } from '#core/launch/scriptHeader';
import { findCudaRequests } from '#core/launch/cudaWheels';
import { lockCommand, lockFileFor, lockLensTitle, lockState, lockToolFor } from '#core/launch/scriptLock';
import { parseRunRecord, readRunRecord, writeRunRecord } from '#core/runs/runRecord';
import { describeRecordedLaunch } from '#core/runs/runDisplay';

const PIXI_HEADER = '# /// script\n# dependencies = []\n# [tool.pixi.dependencies]\n# pytorch-gpu = "*"\n# ///\nprint(1)\n';
const UV_HEADER = '# /// script\n# dependencies = ["torch"]\n# ///\nprint(1)\n';

test('the runner rule: [tool.pixi] in the header, a pixi manifest, the setting', () => {
  const manifest = '/exp/pixi.toml';
  // auto
  assert.equal(resolveRunner('auto', undefined, true), 'pixi-script');
  assert.equal(resolveRunner('auto', manifest, true), 'pixi-script', "the script's own environment is the more specific one");
  assert.equal(resolveRunner('auto', manifest, false), 'pixi');
  assert.equal(resolveRunner('auto', undefined, false), 'uv');
  // pixi: like auto, but never uv
  assert.equal(resolveRunner('pixi', undefined, false), 'pixi-script');
  assert.equal(resolveRunner('pixi', manifest, false), 'pixi');
  assert.equal(resolveRunner('pixi', manifest, true), 'pixi-script');
  // pixi-script: always the script's own environment
  assert.equal(resolveRunner('pixi-script', manifest, false), 'pixi-script');
  assert.equal(resolveRunner('pixi-script', undefined, false), 'pixi-script');
  // uv and python are taken as they are
  assert.equal(resolveRunner('uv', undefined, true), 'uv');
  assert.equal(resolveRunner('python', manifest, true), 'python');
});

test('pixi run --script puts pixi options before the script and the script arguments after it', () => {
  const cmd = buildLaunchCommand({ runner: 'pixi-script', script: 'train.py', scriptArgs: ['de-risk'], cwd: '/exp' });
  assert.deepEqual([cmd.command, ...cmd.args], ['pixi', 'run', '--script', 'train.py', 'de-risk']);
  assert.equal(cmd.cwd, '/exp', 'pixi runs the script in the folder it is invoked from: the experiment');
  assert.equal(runnerLabel('pixi-script'), 'pixi run --script');
  assert.equal(runnerLabel('pixi'), 'pixi run python');
});

const cpu = { kind: 'cpu' as const, cudaVisibleDevices: undefined, device: 'CPU' };
const input = (extra: Partial<LaunchPlanInput>): LaunchPlanInput => ({
  target: { kind: 'train', name: 'de-risk' },
  experimentDir: '/exp',
  script: 'train.py',
  runnerSetting: 'auto',
  gpu: cpu,
  ...extra,
});

test('the plan and the task name say which pixi environment runs the script; uv keeps its short name', () => {
  const script = planLaunch(input({ headerDeclaresPixi: true }));
  assert.equal(script.runner, 'pixi-script');
  assert.deepEqual(script.command.args, ['run', '--script', 'train.py', 'de-risk']);
  assert.equal(script.taskName, 'train · de-risk · CPU · pixi script');
  const manifest = planLaunch(input({ pixiManifest: '/exp/pixi.toml' }));
  assert.equal(manifest.taskName, 'train · de-risk · CPU · pixi');
  assert.deepEqual(manifest.command.args, ['run', 'python', 'train.py', 'de-risk']);
  const uv = planLaunch(input({}));
  assert.equal(uv.runner, 'uv');
  assert.equal(uv.taskName, 'train · de-risk · CPU');
});

test('[tool.pixi] is found in the script header only: not in code, not in a second block, also in a half-written header', () => {
  assert.equal(headerDeclaresPixi(PIXI_HEADER), true);
  assert.equal(headerDeclaresPixi(UV_HEADER), false);
  assert.equal(headerDeclaresPixi('print("[tool.pixi]")\n'), false);
  assert.equal(headerDeclaresPixi('# /// script\n# [tool.uv]\n# x = 1\n# ///\nx = 1\n# /// other\n# [tool.pixi]\n# ///\n'), false);
  assert.equal(headerDeclaresPixi('# /// script\n# dependencies = [\n# [tool.pixi.dependencies]\n# numpy = "*"\n# ///\n'), true);
  assert.equal(headerDeclaresPixi('# /// script\n# [tool]\n# pixi = { dependencies = { numpy = "*" } }\n# ///\n'), true);
});

test('the script is read as a regular file only, and at most the cap', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'script-header-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'train.py');
  fs.writeFileSync(file, PIXI_HEADER);
  assert.equal(readScriptText(file), PIXI_HEADER);
  assert.equal(readScriptText(file, 12), '# /// script');
  assert.equal(readScriptText(dir), undefined);
  assert.equal(readScriptText(path.join(dir, 'missing.py')), undefined);
  if (process.platform !== 'win32') {
    const fifo = path.join(dir, 'pipe.py');
    execFileSync('mkfifo', [fifo]);
    assert.equal(readScriptText(fifo), undefined, 'a named pipe is not waited on');
  }
});

test('a pixi header that asks for CUDA builds is noticed before running on a machine without GPU', () => {
  const found = findCudaRequests(
    '# /// script\n# [tool.pixi.workspace]\n# platforms = [{ platform = "linux-64", cuda = "12.0" }]\n# [tool.pixi.dependencies]\n# pytorch-gpu = "*"\n# jaxlib = { version = "*", build = "*cuda*" }\n# ///\n',
  );
  assert.deepEqual(
    found.map((f) => f.line),
    [3, 5, 6],
  );
  assert.deepEqual(findCudaRequests('# /// script\n# [tool.pixi.dependencies]\n# pytorch-cpu = "*"\n# ///\n'), []);
});

test('the run record keeps the runner, and the Run Explorer says it in words', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'record-runner-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  await writeRunRecord(dir, 'train', {
    exitCode: 0,
    startedAt: '2026-01-01T00:00:00Z',
    argv: ['pixi', 'run', '--script', 'train.py', 'x'],
    runner: 'pixi-script',
  });
  const record = await readRunRecord(dir);
  assert.equal(record?.train?.runner, 'pixi-script');
  assert.equal(describeRecordedLaunch(record.train), "pixi, in the script's own environment: pixi run --script train.py x");
  // A record written before runners were recorded, or by a newer version with a runner we do not know, still reads.
  const old = parseRunRecord('{"train": {"exitCode": 0, "startedAt": "x", "argv": ["uv", "run", "train.py", "x"], "runner": "nix"}}');
  assert.equal(old.train?.runner, undefined);
  assert.deepEqual(old.problems, []);
  assert.equal(describeRecordedLaunch(old.train!), 'uv run train.py x');
});

test('Lock Script Environment: the tool that runs the script locks it, beside the script', () => {
  assert.deepEqual(lockToolFor('auto', undefined, true), { tool: 'pixi' });
  assert.deepEqual(lockToolFor('auto', undefined, false), { tool: 'uv' });
  assert.deepEqual(lockToolFor('pixi-script', '/exp/pixi.toml', false), { tool: 'pixi' });
  assert.match((lockToolFor('auto', '/exp/pixi.toml', false) as { refused: string }).refused, /pixi lock/);
  assert.ok('refused' in lockToolFor('python', undefined, true));
  assert.deepEqual(lockCommand('pixi', 'train.py', '/exp'), {
    command: 'pixi',
    args: ['lock', '--script', 'train.py'],
    cwd: '/exp',
    env: {},
  });
  assert.equal(lockFileFor('/exp/train.py', 'pixi'), '/exp/train.py.pixi.lock');
  assert.equal(lockFileFor('/exp/train.py', 'uv'), '/exp/train.py.lock');
  assert.equal(lockState(2000, undefined), 'missing');
  assert.equal(lockState(2000, 1000), 'stale');
  assert.equal(lockState(2000, 3000), 'current');
  assert.match(lockLensTitle('missing', '/exp/train.py', 'pixi'), /no train\.py\.pixi\.lock yet/);
  assert.match(lockLensTitle('stale', '/exp/train.py', 'uv'), /train\.py\.lock is older than the script/);
});
