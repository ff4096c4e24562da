// Launching on SLURM in a real VS Code, against the real single-node cluster the harness starts (test/slurm/cluster.sh,
// reached through SLURM_CONF): "Train with name…" with experimentScripts.launchOn at slurm submits the fixture
// experiment's train.py with sbatch, run by Debian's Python (the `python` runner), and the Run Explorer follows the
// job from pending, with the scheduler's reason and before any run folder exists, to the finished run with its
// metrics; Cancel Run cancels with scancel; a failing job shows its exit code; a partition that does not exist is
// refused with the scheduler's words and nothing is left behind.
import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, ExtensionApi, getExtension, runCommand, scriptPrompts, waitFor, workspaceRoot } from './helpers';
import type { Answer } from './prompts';

const PYTHON = '/usr/bin/python3';

interface LaunchResult {
  launched: boolean;
  jobId?: string;
  outputFile?: string;
  taskName?: string;
  message?: string;
}
type Node = {
  kind: string;
  dir?: string;
  jobId?: string;
  path?: string;
  text?: string;
  run?: { dirName: string; path: string; status: string; statusReason?: string; latestMetrics?: Record<string, unknown> };
};
interface TreeApi {
  getChildren(element?: Node): Promise<Node[]>;
  getTreeItem(element: Node): vscode.TreeItem;
}
interface RunRecord {
  train: {
    exitCode: number | null;
    endedAt?: string;
    slurm?: {
      jobId: string;
      cluster?: string;
      partition?: string;
      requested: Record<string, unknown>;
      state?: string;
      outputFile?: string;
    };
  };
}

suite('launching on SLURM (a real single-node cluster)', function () {
  this.timeout(120000);
  let api: ExtensionApi;
  let prompts: ReturnType<typeof scriptPrompts>;
  let mnist: string;
  let probe: string;
  const blockers: string[] = [];
  const tree = () => api.runExplorer as TreeApi;
  const config = () => vscode.workspace.getConfiguration('experimentScripts');
  const set = (key: string, value: unknown) => config().update(key, value, vscode.ConfigurationTarget.Workspace);
  const slurm = (args: string[]) => execFileSync(args[0], args.slice(1), { encoding: 'utf8', env: process.env, timeout: 30000 }).trim();
  const readRecord = (runDir: string) => JSON.parse(fs.readFileSync(path.join(runDir, '.experiment-scripts.json'), 'utf8')) as RunRecord;
  const jobFiles = (dir: string) =>
    fs.existsSync(path.join(dir, 'runs', '.slurm')) ? fs.readdirSync(path.join(dir, 'runs', '.slurm')).sort() : [];

  /** Train with name… on `experimentDir`, typing `name` and choosing "On SLURM" (or the answers given). */
  function train(experimentDir: string, name: string, ...where: Answer[]): Thenable<LaunchResult> {
    prompts.answer({ input: name }, ...(where.length > 0 ? where : [{ pick: 'On SLURM' }]));
    return vscode.commands.executeCommand<LaunchResult>('experimentScripts.train', vscode.Uri.file(experimentDir));
  }

  async function children(experimentDir: string): Promise<Node[]> {
    const roots = await tree().getChildren();
    const experiment = roots.find((n) => n.kind === 'experiment' && n.dir === experimentDir);
    return experiment ? tree().getChildren(experiment) : [];
  }
  const describe = (n: Node) => String(tree().getTreeItem(n).description ?? '');
  const labelOf = (n: Node) => {
    const label = tree().getTreeItem(n).label;
    return typeof label === 'string' ? label : (label?.label ?? '');
  };
  async function jobNode(experimentDir: string, jobId: string): Promise<Node | undefined> {
    return (await children(experimentDir)).find((n) => n.kind === 'job' && n.jobId === jobId);
  }
  async function runNode(experimentDir: string, name: string): Promise<Node | undefined> {
    return (await children(experimentDir)).find((n) => n.kind === 'run' && n.run?.dirName.endsWith(`-${name}`));
  }
  async function shown(experimentDir: string): Promise<string> {
    return (await children(experimentDir)).map((n) => `${n.kind} ${labelOf(n)} ${describe(n)}`).join('\n');
  }

  suiteSetup(async function () {
    if (!process.env.SLURM_CONF) {
      console.log('  (no SLURM test cluster: the harness starts one where slurm-wlm is installed and it runs as root)');
      this.skip();
    }
    api = await activateExtension();
    prompts = scriptPrompts(api);
    const root = workspaceRoot();
    const fixtures = path.join(getExtension().extensionPath, 'test', 'e2e');
    mnist = path.join(root, 'slurm-mnist');
    fs.mkdirSync(mnist);
    for (const script of ['train.py', 'eval.py', 'plot_curves.py'])
      fs.copyFileSync(path.join(fixtures, 'workspace', 'mnist', script), path.join(mnist, script));
    probe = path.join(root, 'slurm-probe');
    fs.cpSync(path.join(fixtures, 'fixtures', 'slurm-probe'), probe, { recursive: true });
    await set('runner', 'python');
    await set('pythonPath', PYTHON);
    await set('launchOn', 'slurm');
    await set('slurm.gpus', 1);
  });

  suiteTeardown(async () => {
    if (blockers.length > 0) slurm(['scancel', ...blockers]);
    prompts?.dispose();
    if (!mnist) return;
    for (const key of ['runner', 'pythonPath', 'launchOn', 'slurm.gpus', 'slurm.partition']) await set(key, undefined);
  });

  test('Train with name… on SLURM: pending with the scheduler’s reason before any run folder, then finished with its metrics', async () => {
    // A job that holds both GPUs, so that ours waits for resources.
    blockers.push(slurm(['sbatch', '--parsable', '--gres=gpu:2', '--output=/dev/null', '--wrap', 'sleep 120']));
    const result = await train(mnist, 'on-slurm');
    assert.ok(result.launched, `the job should be submitted; it said: ${result.message}`);
    assert.strictEqual(prompts.asked.at(-1)?.question, 'Train: where?');
    assert.match(result.taskName ?? '', /^train · on-slurm · SLURM$/);
    const jobId = result.jobId!;
    assert.match(jobId, /^\d+$/);
    let seen = '';
    const pending = await waitFor(
      async () => {
        seen = await shown(mnist);
        const node = await jobNode(mnist, jobId);
        return node && /^pending · job \d+ · waiting for resources \(PENDING, Resources\)$/.test(describe(node)) ? node : undefined;
      },
      { message: () => `job ${jobId} pending with its reason; the tree shows:\n${seen}`, timeout: 20000 },
    );
    assert.strictEqual(labelOf(pending), 'on-slurm');
    assert.strictEqual(tree().getTreeItem(pending).contextValue, 'job-pending');
    assert.ok(
      !fs.existsSync(path.join(mnist, 'runs')) || fs.readdirSync(path.join(mnist, 'runs')).every((n) => n.startsWith('.')),
      'no run folder yet',
    );
    const [output] = await tree().getChildren(pending);
    assert.match(
      output.text ?? '',
      /^Output: slurm-mnist\/runs\/\.slurm\/.+-train-on-slurm-\d+\.out \(Slurm creates it when the job starts\)$/,
    );

    slurm(['scancel', blockers.pop()!]);
    const finished = await waitFor(
      async () => {
        const node = await runNode(mnist, 'on-slurm');
        return node?.run?.status === 'finished' && node.run.latestMetrics && node.run.statusReason?.startsWith('SLURM') ? node : undefined;
      },
      { message: 'the run to show as finished, with its metrics', timeout: 60000 },
    );
    assert.match(describe(finished), new RegExp(`finished · job ${jobId}$`));
    assert.strictEqual(typeof finished.run?.latestMetrics?.accuracy, 'number');
    assert.match(finished.run?.statusReason ?? '', new RegExp(`^SLURM job ${jobId}: ended with exit code 0 \\(COMPLETED\\)$`));
    const record = readRecord(finished.run!.path);
    assert.strictEqual(record.train.exitCode, 0);
    assert.deepStrictEqual(
      { ...record.train.slurm, outputFile: undefined },
      {
        jobId,
        cluster: 'local',
        partition: 'debug',
        requested: { gpus: 1, gpuFlag: 'gres' },
        state: 'COMPLETED',
        reason: 'ended with exit code 0 (COMPLETED)',
        outputFile: undefined,
      },
    );
    assert.match(fs.readFileSync(record.train.slurm!.outputFile!, 'utf8'), /metric|saved/);
    await waitFor(async () => !(await jobNode(mnist, jobId)), { message: 'the job entry to give way to its run' });
  });

  test('Cancel Run on a running job: scancel, and the run shows as cancelled', async () => {
    const result = await train(probe, 'hold-cancel');
    assert.ok(result.launched, result.message);
    const running = await waitFor(
      async () => {
        const node = await runNode(probe, 'hold-cancel');
        return node && tree().getTreeItem(node).contextValue === 'run-running-slurm' ? node : undefined;
      },
      { message: 'the run to show as running as a SLURM job', timeout: 30000 },
    );
    const cancelled = (await vscode.commands.executeCommand<{ cancelled: string[] }>('experimentScripts.cancelRun', running)).cancelled;
    assert.deepStrictEqual(cancelled, [result.jobId]);
    const node = await waitFor(
      async () => {
        const n = await runNode(probe, 'hold-cancel');
        return n?.run?.status === 'cancelled' ? n : undefined;
      },
      { message: 'the run to show as cancelled', timeout: 30000 },
    );
    assert.match(node.run?.statusReason ?? '', /cancelled \(CANCELLED/);
  });

  test('a run folder deleted while its job runs: the job is listed again, saying so, and its folder is never made again', async () => {
    const result = await train(probe, 'hold-deleted');
    assert.ok(result.launched, result.message);
    const running = await waitFor(
      async () => {
        const node = await runNode(probe, 'hold-deleted');
        return node && tree().getTreeItem(node).contextValue === 'run-running-slurm' ? node : undefined;
      },
      { message: 'the run to show as running as a SLURM job', timeout: 30000 },
    );
    fs.rmSync(running.run!.path, { recursive: true });
    const job = await waitFor(
      async () => {
        const n = await jobNode(probe, result.jobId!);
        return n && /^running · job \d+ · running \(RUNNING\) · its run folder was deleted$/.test(describe(n)) ? n : undefined;
      },
      { message: 'the job to be listed again, saying its run folder was deleted', timeout: 20000 },
    );
    assert.strictEqual(tree().getTreeItem(job).contextValue, 'job-running');
    const { cancelled } = await vscode.commands.executeCommand<{ cancelled: string[] }>('experimentScripts.cancelRun', job);
    assert.deepStrictEqual(cancelled, [result.jobId]);
    await waitFor(async () => !(await jobNode(probe, result.jobId!)), { message: 'the cancelled job to leave the list', timeout: 20000 });
    assert.strictEqual(fs.existsSync(running.run!.path), false);
  });

  test('a failing job shows as failed with its exit code', async () => {
    const result = await train(probe, 'fail-three');
    assert.ok(result.launched, result.message);
    const node = await waitFor(
      async () => {
        const n = await runNode(probe, 'fail-three');
        return n?.run?.status === 'failed' && n.run.statusReason?.includes('SLURM') ? n : undefined;
      },
      { message: 'the run to show as failed', timeout: 30000 },
    );
    assert.match(node.run?.statusReason ?? '', /exited with code 3 \(FAILED, NonZeroExitCode\)/);
    assert.strictEqual(readRecord(node.run!.path).train.exitCode, 3);
  });

  test('a train script that never creates a run folder: the ended job stays listed with its output file', async () => {
    const result = await train(probe, 'nofolder-x');
    assert.ok(result.launched, result.message);
    const node = await waitFor(
      async () => {
        const n = await jobNode(probe, result.jobId!);
        return n && /^finished · job \d+ · ended with exit code 0 \(COMPLETED\) · no run folder was created$/.test(describe(n))
          ? n
          : undefined;
      },
      { message: 'the job to show as ended without a run folder', timeout: 30000 },
    );
    const [output] = await tree().getChildren(node);
    assert.strictEqual(output.kind, 'file');
    assert.strictEqual(fs.readFileSync(output.path!, 'utf8'), 'this script creates no run folder\n');
    await runCommand({ command: 'experimentScripts.removeJobFromList', title: '', arguments: [node] });
    await waitFor(async () => !(await jobNode(probe, result.jobId!)), { message: 'the job to leave the list' });
  });

  test('a partition that does not exist: the scheduler’s error is shown and nothing is submitted or recorded', async () => {
    await set('slurm.partition', 'no-such-partition');
    try {
      const before = jobFiles(probe);
      const result = await train(probe, 'nowhere');
      assert.strictEqual(result.launched, false);
      assert.match(
        result.message ?? '',
        /nothing was submitted\. sbatch exited with status 1: invalid partition specified: no-such-partition/,
      );
      assert.deepStrictEqual(prompts.notices.at(-1), { severity: 'error', message: result.message });
      assert.deepStrictEqual(jobFiles(probe), before, 'no batch script or job record is left');
    } finally {
      await set('slurm.partition', undefined);
    }
  });

  test('no sbatch on PATH: a clear message naming it, and nothing is written', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const before = jobFiles(probe);
      const result = await train(probe, 'no-sbatch');
      assert.strictEqual(result.launched, false);
      assert.match(result.message ?? '', /^sbatch was not found on PATH/);
      assert.deepStrictEqual(jobFiles(probe), before);
    } finally {
      process.env.PATH = saved;
    }
  });

  test('polling: one scheduler call at a time for every job, none once no job is pending or running', async () => {
    const slurmApi = api.slurm as { calls(): number; nextPollInMs(): number | undefined };
    await waitFor(() => slurmApi.nextPollInMs() === undefined, { message: 'the poll to stop with no active job', timeout: 20000 });
    const calls = slurmApi.calls();
    await new Promise((r) => setTimeout(r, 6000));
    assert.strictEqual(slurmApi.calls(), calls, 'no call while no job is pending or running');
  });
});
