// The run queue in a real VS Code: "Queue Train with name…" adds runs to the workspace's queue, which starts each
// when a GPU is free by the queue policy. nvidia-smi is the stand-in that replays the captures of a real H200
// (test/fixtures/nvidia-smi/fake-nvidia-smi, scenario `idle`: one GPU, no process), so with one run per GPU the
// queued runs start one after another; the "Queued" group shows each entry's position and what the next one waits
// for, and entries are moved and removed from it. The launched script (test/e2e/fixtures/gpu-probe/train.py) records
// the CUDA_VISIBLE_DEVICES it got and waits while a `hold` file exists.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, ExtensionApi, getExtension, runCommand, scriptPrompts, waitFor, workspaceRoot } from './helpers';

const PYTHON = '/usr/bin/python3';

type Node = { kind: string; entry?: { id: string; target: string }; position?: number };
interface TreeApi {
  getChildren(element?: Node): Promise<Node[]>;
  getTreeItem(element: Node): vscode.TreeItem;
}
interface QueueView {
  waiting: { id: string; target: string }[];
  started: number;
  headReason?: string;
}
interface Entry {
  exitCode: number | null;
  startedAt: string;
  endedAt?: string;
}

suite('the run queue (replayed nvidia-smi)', function () {
  this.timeout(120000);
  let api: ExtensionApi;
  let prompts: ReturnType<typeof scriptPrompts>;
  let experimentDir: string;
  let links: string;
  const tree = () => api.runExplorer as TreeApi;
  const queue = () => api.queue as { view(): QueueView; idle(): Promise<void> };
  const set = (key: string, value: unknown) =>
    vscode.workspace.getConfiguration('experimentScripts').update(key, value, vscode.ConfigurationTarget.Workspace);
  const runsDir = () => path.join(experimentDir, 'runs');
  const runOf = (name: string) => (fs.existsSync(runsDir()) ? fs.readdirSync(runsDir()).find((d) => d.endsWith(`-${name}`)) : undefined);
  const trainEntry = (name: string): Entry | undefined => {
    const dir = runOf(name);
    const file = dir && path.join(runsDir(), dir, '.experiment-scripts.json');
    return file && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { train?: Entry }).train : undefined;
  };
  const seenDevice = (name: string) =>
    (
      JSON.parse(fs.readFileSync(path.join(runsDir(), runOf(name)!, 'data', 'environment.json'), 'utf8')) as {
        CUDA_VISIBLE_DEVICES: string | null;
      }
    ).CUDA_VISIBLE_DEVICES;
  const waiting = () =>
    queue()
      .view()
      .waiting.map((e) => e.target);

  async function enqueue(name: string): Promise<void> {
    prompts.answer({ input: name });
    const result = await vscode.commands.executeCommand<{ queued: boolean; message?: string }>(
      'experimentScripts.queueTrain',
      vscode.Uri.file(experimentDir),
    );
    assert.ok(result.queued, `${name} should be queued; it said: ${result.message}`);
  }

  async function queuedNodes(): Promise<Node[]> {
    const group = (await tree().getChildren()).find((n) => n.kind === 'queue');
    return group ? tree().getChildren(group) : [];
  }

  suiteSetup(async function () {
    if (process.platform === 'win32' || process.env.CUDA_VISIBLE_DEVICES !== undefined) this.skip();
    api = await activateExtension();
    prompts = scriptPrompts(api);
    const fake = path.join(getExtension().extensionPath, 'test', 'fixtures', 'nvidia-smi', 'fake-nvidia-smi');
    links = fs.mkdtempSync(path.join(os.tmpdir(), 'nvidia-smi-queue-'));
    fs.symlinkSync(fake, path.join(links, 'nvidia-smi-idle'));
    experimentDir = path.join(workspaceRoot(), 'queue-probe');
    fs.cpSync(path.join(getExtension().extensionPath, 'test', 'e2e', 'fixtures', 'gpu-probe'), experimentDir, { recursive: true });
    await set('runner', 'python');
    await set('pythonPath', PYTHON);
    await set('nvidiaSmiPath', path.join(links, 'nvidia-smi-idle'));
  });

  suiteTeardown(async () => {
    prompts?.dispose();
    if (!experimentDir) return;
    fs.rmSync(path.join(experimentDir, 'hold'), { force: true });
    for (const key of ['runner', 'pythonPath', 'nvidiaSmiPath']) await set(key, undefined);
    fs.rmSync(links, { recursive: true, force: true });
  });

  test('queued runs start one after another on the one free GPU, in the order of the queue as moved and trimmed', async () => {
    const hold = path.join(experimentDir, 'hold');
    fs.writeFileSync(hold, 'the run waits while this file exists\n');
    try {
      for (const name of ['q-one', 'q-two', 'q-three', 'q-four']) await enqueue(name);
      await waitFor(() => runOf('q-one'), { message: 'the first queued run to start' });
      await waitFor(() => /GPU 0 H200 runs 1 queued run/.test(queue().view().headReason ?? ''), {
        message: () => `the head to wait for the GPU; the queue says ${JSON.stringify(queue().view())}`,
      });
      assert.deepStrictEqual(waiting(), ['q-two', 'q-three', 'q-four']);
      assert.strictEqual(queue().view().headReason, 'waiting for a free GPU: GPU 0 H200 runs 1 queued run');

      // The "Queued" group: each entry with its position; the next one says which GPU it waits for.
      let nodes = await queuedNodes();
      const labels = () => nodes.map((n) => tree().getTreeItem(n).label);
      assert.deepStrictEqual(labels(), ['1. train · q-two', '2. train · q-three', '3. train · q-four']);
      assert.match(
        String(tree().getTreeItem(nodes[0]).description),
        /^queue-probe · waiting for a free GPU: GPU 0 H200 runs 1 queued run$/,
      );
      assert.match(String(tree().getTreeItem(nodes[2]).description), /^queue-probe · after 2 others$/);
      assert.strictEqual(tree().getTreeItem(nodes[0]).contextValue, 'queuedRun');

      // Move q-four to the front, remove q-three.
      await runCommand({ command: 'experimentScripts.moveUpInQueue', title: '', arguments: [nodes[2]] });
      nodes = await queuedNodes();
      await runCommand({ command: 'experimentScripts.moveUpInQueue', title: '', arguments: [nodes[1]] });
      nodes = await queuedNodes();
      assert.deepStrictEqual(labels(), ['1. train · q-four', '2. train · q-two', '3. train · q-three']);
      await runCommand({ command: 'experimentScripts.removeFromQueue', title: '', arguments: [nodes[2]] });
      assert.deepStrictEqual(waiting(), ['q-four', 'q-two']);
      // Nothing else started meanwhile: one run per GPU.
      assert.strictEqual(runOf('q-four') ?? runOf('q-two'), undefined);
    } finally {
      fs.rmSync(hold, { force: true });
    }
    await waitFor(() => trainEntry('q-two')?.endedAt, { message: 'the last queued run to end', timeout: 60000 });
    const [one, four, two] = ['q-one', 'q-four', 'q-two'].map((n) => trainEntry(n)!);
    for (const [name, entry] of Object.entries({ one, four, two })) assert.strictEqual(entry.exitCode, 0, `q-${name} exit code`);
    assert.ok(Date.parse(four.startedAt) >= Date.parse(one.endedAt!), 'q-four starts after q-one ended');
    assert.ok(Date.parse(two.startedAt) >= Date.parse(four.endedAt!), 'q-two starts after q-four ended');
    for (const name of ['q-one', 'q-four', 'q-two']) assert.strictEqual(seenDevice(name), '0', `${name} ran on GPU 0`);
    assert.strictEqual(runOf('q-three'), undefined, 'the removed entry never ran');
    await waitFor(async () => queue().view().waiting.length === 0 && (await queuedNodes()).length === 0, {
      message: 'the Queued group to go once the queue is empty',
    });
  });

  test('no GPU: queued runs go to the CPU one at a time, and that is said once', async () => {
    await set('nvidiaSmiPath', path.join(links, 'not-installed', 'nvidia-smi'));
    const before = prompts.notices.length;
    for (const name of ['cpu-one', 'cpu-two']) await enqueue(name);
    await waitFor(() => trainEntry('cpu-two')?.endedAt, { message: 'both CPU runs to end', timeout: 60000 });
    const [first, second] = ['cpu-one', 'cpu-two'].map((n) => trainEntry(n)!);
    assert.ok(Date.parse(second.startedAt) >= Date.parse(first.endedAt!), 'one at a time');
    assert.strictEqual(seenDevice('cpu-one'), null, 'no GPU to hide: CUDA_VISIBLE_DEVICES stays unset');
    const told = prompts.notices.slice(before).filter((n) => /Queued runs start one at a time/.test(n.message));
    assert.strictEqual(told.length, 1, JSON.stringify(prompts.notices.slice(before)));
    assert.match(
      told[0].message,
      /^No GPU found \(.*nvidia-smi is not available\): runs go to the CPU\. Queued runs start one at a time\.$/,
    );
  });
});
