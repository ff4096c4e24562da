// GPU-aware launching in a real VS Code, against nvidia-smi output captured on a real H200: the setting
// `experimentScripts.nvidiaSmiPath` points at test/fixtures/nvidia-smi/fake-nvidia-smi, which replays those captures
// (through a symlink named nvidia-smi-<scenario>: idle, busy, or two-gpus, composed from real lines). The launched
// script (test/e2e/fixtures/gpu-probe/train.py) writes the CUDA_VISIBLE_DEVICES it received into its run folder.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, ExtensionApi, getExtension, scriptPrompts, waitFor, workspaceRoot } from './helpers';
import type { Answer } from './prompts';

const PYTHON = '/usr/bin/python3';

/** What the probe script writes into its run folder: the CUDA_VISIBLE_DEVICES it was started with. */
const readEnvironment = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as { CUDA_VISIBLE_DEVICES?: string | null };

interface LaunchResult {
  launched: boolean;
  launchId?: number;
  taskName?: string;
  message?: string;
}
interface LaunchEnd {
  exitCode: number | undefined;
  runDir: string | undefined;
}
interface GpuStatus {
  visible: boolean;
  text: string;
  tooltip: string;
}
interface Launches {
  waitForEnd(id: number): Promise<LaunchEnd>;
  gpuStatus(): GpuStatus;
}

suite('launching on a GPU (replayed nvidia-smi)', function () {
  this.timeout(90000);
  let api: ExtensionApi;
  let experimentDir: string;
  let links: string;
  let prompts: ReturnType<typeof scriptPrompts>;
  const launches = () => api.launches as Launches;
  const config = () => vscode.workspace.getConfiguration('experimentScripts');
  const set = (key: string, value: unknown) => config().update(key, value, vscode.ConfigurationTarget.Workspace);
  const smi = (scenario: string) => path.join(links, `nvidia-smi-${scenario}`);
  const listRuns = () => (fs.existsSync(path.join(experimentDir, 'runs')) ? fs.readdirSync(path.join(experimentDir, 'runs')).sort() : []);
  const noGpuNotices = () => prompts.notices.filter((n) => /^No GPU found/.test(n.message));

  /** Train with name… on the experiment folder, typing `name`; `more` answers the questions after the name. */
  function train(name: string, ...more: Answer[]): Thenable<LaunchResult> {
    prompts.answer({ input: name }, ...more);
    return vscode.commands.executeCommand<LaunchResult>('experimentScripts.train', vscode.Uri.file(experimentDir));
  }

  /** Launches train, waits for it to end, and returns the task name and the CUDA_VISIBLE_DEVICES the script saw. */
  async function trainAndRead(name: string, ...more: Answer[]): Promise<{ taskName: string; seen: string | null }> {
    const result = await train(name, ...more);
    assert.ok(result.launched, `train ${name} should launch; it said: ${result.message}`);
    const end = await launches().waitForEnd(result.launchId!);
    assert.strictEqual(end.exitCode, 0, `train ${name} should exit with 0`);
    assert.ok(end.runDir, 'the launcher should find the run folder');
    const seen = readEnvironment(path.join(end.runDir, 'data', 'environment.json')).CUDA_VISIBLE_DEVICES ?? null;
    return { taskName: result.taskName ?? '', seen };
  }

  suiteSetup(async function () {
    // The editor must start without CUDA_VISIBLE_DEVICES, or every launch keeps that value (tested below on purpose).
    if (process.env.CUDA_VISIBLE_DEVICES !== undefined || process.platform === 'win32') this.skip();
    api = await activateExtension();
    prompts = scriptPrompts(api);
    const fake = path.join(getExtension().extensionPath, 'test', 'fixtures', 'nvidia-smi', 'fake-nvidia-smi');
    assert.ok(fs.statSync(fake).mode & 0o111, `${fake} should be executable`);
    links = fs.mkdtempSync(path.join(os.tmpdir(), 'nvidia-smi-scenarios-'));
    for (const scenario of ['idle', 'busy', 'two-gpus']) fs.symlinkSync(fake, smi(scenario));
    experimentDir = path.join(workspaceRoot(), 'gpu-probe');
    fs.cpSync(path.join(getExtension().extensionPath, 'test', 'e2e', 'fixtures', 'gpu-probe'), experimentDir, { recursive: true });
    await set('runner', 'python');
    await set('pythonPath', PYTHON);
  });

  suiteTeardown(async () => {
    prompts?.dispose();
    if (!experimentDir) return;
    for (const key of ['runner', 'pythonPath', 'gpu', 'nvidiaSmiPath']) await set(key, undefined);
    fs.rmSync(experimentDir, { recursive: true, force: true });
    fs.rmSync(links, { recursive: true, force: true });
  });

  test('auto, one idle H200: the task names GPU 0, the script gets CUDA_VISIBLE_DEVICES=0, the status bar shows the GPU while it runs', async () => {
    await set('nvidiaSmiPath', smi('idle'));
    await set('gpu', 'auto');
    const hold = path.join(experimentDir, 'hold');
    fs.writeFileSync(hold, 'the run waits while this file exists\n');
    let result: LaunchResult | undefined;
    try {
      assert.strictEqual(launches().gpuStatus().visible, false, 'no GPU run is active yet');
      result = await train('gpu-auto');
      assert.ok(result.launched, `train should launch; it said: ${result.message}`);
      assert.strictEqual(result.taskName, 'train · gpu-auto · GPU 0 H200');
      const runDir = await waitFor(() => listRuns().find((d) => d.endsWith('-gpu-auto')), { message: 'the run folder of gpu-auto' });
      const environment = path.join(experimentDir, 'runs', runDir, 'data', 'environment.json');
      await waitFor(() => fs.existsSync(environment), { message: 'the script to write data/environment.json' });
      assert.deepStrictEqual(readEnvironment(environment), { CUDA_VISIBLE_DEVICES: '0' });
      // The run is still active (it waits for the hold file): the status bar shows the H200's memory and load.
      const status = await waitFor(() => (launches().gpuStatus().visible ? launches().gpuStatus() : undefined), {
        message: () => `the GPU status bar item to show; it is ${JSON.stringify(launches().gpuStatus())}`,
      });
      assert.match(status.text, /GPU 0 0\.0\/140\.4 GiB 0%/, 'memory used/total and load of the idle capture');
      assert.match(status.tooltip, /train · gpu-auto · GPU 0 H200/);
    } finally {
      fs.rmSync(hold, { force: true });
    }
    const end = await launches().waitForEnd(result.launchId!);
    assert.strictEqual(end.exitCode, 0);
    await waitFor(() => !launches().gpuStatus().visible, { message: 'the GPU status bar item to go away after the run' });
  });

  test('auto, two GPUs with a process on GPU 0: the idle GPU 1 is chosen', async () => {
    await set('nvidiaSmiPath', smi('two-gpus'));
    await set('gpu', 'auto');
    const { taskName, seen } = await trainAndRead('gpu-two');
    assert.strictEqual(taskName, 'train · gpu-two · GPU 1 H200');
    assert.strictEqual(seen, '1');
  });

  test('auto, the only GPU is busy: the run shares it and the user is told', async () => {
    await set('nvidiaSmiPath', smi('busy'));
    await set('gpu', 'auto');
    const before = prompts.notices.length;
    const { taskName, seen } = await trainAndRead('gpu-busy');
    assert.strictEqual(taskName, 'train · gpu-busy · GPU 0 H200');
    assert.strictEqual(seen, '0');
    const told = prompts.notices.slice(before).map((n) => n.message);
    assert.ok(
      told.some((m) => /Every GPU already runs a process; the run shares GPU 0 H200/.test(m)),
      `notices: ${JSON.stringify(told)}`,
    );
  });

  test('ask, answered in the device picker: the requested GPU (or the CPU) is used', async () => {
    await set('nvidiaSmiPath', smi('two-gpus'));
    await set('gpu', 'ask');
    // GPU 0 is busy and auto would not take it: only the answer can put the run there.
    const busy = await trainAndRead('gpu-ask-0', { pick: 'GPU 0: NVIDIA H200' });
    assert.strictEqual(busy.taskName, 'train · gpu-ask-0 · GPU 0 H200');
    assert.strictEqual(busy.seen, '0');
    const picker = prompts.asked.at(-1);
    assert.strictEqual(picker?.question, 'Training: which device?');
    assert.deepStrictEqual(
      picker.offered?.map((label) => label.replace(/^\$\([a-z-]+\) /, '')),
      ['GPU 0: NVIDIA H200', 'GPU 1: NVIDIA H200', 'CPU'],
    );
    const cpu = await trainAndRead('gpu-ask-cpu', { pick: 'CPU' });
    assert.strictEqual(cpu.taskName, 'train · gpu-ask-cpu · CPU');
    assert.strictEqual(cpu.seen, '');
  });

  test('none: the run goes to the CPU with CUDA_VISIBLE_DEVICES set to the empty string', async () => {
    await set('nvidiaSmiPath', smi('two-gpus'));
    await set('gpu', 'none');
    const { taskName, seen } = await trainAndRead('gpu-none');
    assert.strictEqual(taskName, 'train · gpu-none · CPU');
    assert.strictEqual(seen, '');
  });

  test('a GPU that does not exist (7) is refused with a message naming the GPUs found, and nothing runs', async () => {
    await set('nvidiaSmiPath', smi('two-gpus'));
    await set('gpu', '7');
    const before = listRuns();
    const result = await train('gpu-seven');
    assert.strictEqual(result.launched, false);
    assert.strictEqual(result.message, 'experimentScripts.gpu asks for GPU 7, but the GPUs are 0, 1.');
    assert.deepStrictEqual(prompts.notices.at(-1), { severity: 'error', message: result.message });
    assert.deepStrictEqual(listRuns(), before);
  });

  test('nvidiaSmiPath names a missing program: runs go to the CPU, and "no GPU" is said once', async () => {
    const missing = path.join(links, 'not-installed', 'nvidia-smi');
    await set('nvidiaSmiPath', missing);
    await set('gpu', 'auto');
    const first = await trainAndRead('gpu-missing-1');
    assert.strictEqual(first.taskName, 'train · gpu-missing-1 · CPU');
    assert.strictEqual(first.seen, null, 'no decision was made, so CUDA_VISIBLE_DEVICES is not set');
    const afterFirst = noGpuNotices().length;
    const second = await trainAndRead('gpu-missing-2');
    assert.strictEqual(second.taskName, 'train · gpu-missing-2 · CPU');
    // Said once for the whole session: exactly one such message, and the second launch added none.
    assert.strictEqual(afterFirst, 1, `"no GPU" notices: ${JSON.stringify(noGpuNotices())}`);
    assert.strictEqual(noGpuNotices().length, 1);
  });

  test('a CUDA_VISIBLE_DEVICES already set in the extension host is kept, whatever the gpu setting says', async () => {
    await set('nvidiaSmiPath', smi('two-gpus'));
    await set('gpu', '0');
    process.env.CUDA_VISIBLE_DEVICES = '1';
    try {
      const before = prompts.notices.length;
      const { taskName, seen } = await trainAndRead('gpu-inherited');
      assert.strictEqual(taskName, 'train · gpu-inherited · CUDA_VISIBLE_DEVICES=1');
      assert.strictEqual(seen, '1');
      const told = prompts.notices.slice(before).map((n) => n.message);
      assert.ok(
        told.some((m) => /CUDA_VISIBLE_DEVICES is already set to "1"/.test(m)),
        `notices: ${JSON.stringify(told)}`,
      );
    } finally {
      delete process.env.CUDA_VISIBLE_DEVICES;
    }
  });
});
