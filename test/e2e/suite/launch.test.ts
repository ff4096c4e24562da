// Launching in a real VS Code: "Train with name…" runs the experiment's train.py as a task (Debian's Python, which
// has Typer, loguru, numpy, pandas and matplotlib), the run appears in the Run Explorer on its own, Evaluate Run and
// Plot Run work on it, Delete Run removes it, and hostile names never reach a process. The commands get what VS Code
// would give them (a tree node, a folder URI, nothing); the questions they ask are answered through ScriptedPrompts.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Answer } from './prompts';
import { activateExtension, closeAllEditors, ExtensionApi, openFile, scriptPrompts, waitFor, workspaceRoot } from './helpers';

const EXPERIMENT = 'mnist';
const PYTHON = '/usr/bin/python3';

interface LaunchEnd {
  launchId: number;
  exitCode: number | undefined;
  runDir: string | undefined;
  taskName: string;
}
interface LaunchResult {
  launched: boolean;
  launchId?: number;
  taskName?: string;
  message?: string;
}
type Node = { kind: string; dir?: string; run?: { dirName: string; path: string; experimentDir: string } };
interface RunRecord {
  train: { exitCode: number | null; argv: string[]; endedAt?: string };
  eval: { argv: string[] };
}

const readRecord = (runDir: string) => JSON.parse(fs.readFileSync(path.join(runDir, '.experiment-scripts.json'), 'utf8')) as RunRecord;
interface TreeApi {
  getChildren(element?: Node): Promise<Node[]>;
}

suite('launching runs', function () {
  this.timeout(120000);
  let api: ExtensionApi;
  let experimentDir: string;
  let runDir: string | undefined;
  let prompts: ReturnType<typeof scriptPrompts>;
  const launches = () => api.launches as { waitForEnd(id: number): Promise<LaunchEnd> };
  const tree = () => {
    const t = api.runExplorer as TreeApi | undefined;
    assert.ok(t, 'the extension API should expose the Run Explorer (runExplorer)');
    return t;
  };
  const runsDir = () => path.join(experimentDir, 'runs');
  const listRuns = () => (fs.existsSync(runsDir()) ? fs.readdirSync(runsDir()).sort() : []);

  /** The run nodes the Run Explorer shows for the experiment, as VS Code would get them. */
  async function treeRuns(): Promise<Node[]> {
    const roots = await tree().getChildren();
    const experiment = roots.find((n) => n.kind === 'experiment' && n.dir === experimentDir);
    if (!experiment) return [];
    return (await tree().getChildren(experiment)).filter((n) => n.kind === 'run');
  }

  /** Train with name… on `experiment` (a folder URI or a tree node; none: as from the command palette), typing `name`. */
  function train(experiment: unknown, name: string, ...more: Answer[]): Thenable<LaunchResult> {
    prompts.answer({ input: name }, ...more);
    return vscode.commands.executeCommand<LaunchResult>('experimentScripts.train', ...(experiment === undefined ? [] : [experiment]));
  }

  async function launchAndWait(launch: Thenable<LaunchResult>): Promise<{ result: LaunchResult; end: LaunchEnd }> {
    const result = await launch;
    assert.ok(result?.launched, `the launch should start; it said: ${result?.message}`);
    assert.strictEqual(typeof result.launchId, 'number');
    const end = await launches().waitForEnd(result.launchId!);
    return { result, end };
  }

  suiteSetup(async () => {
    api = await activateExtension();
    prompts = scriptPrompts(api);
    experimentDir = path.join(workspaceRoot(), EXPERIMENT);
    for (const script of ['train.py', 'eval.py', 'plot_curves.py']) {
      assert.ok(fs.existsSync(path.join(experimentDir, script)), `the fixture experiment should have ${EXPERIMENT}/${script}`);
    }
    assert.ok(fs.existsSync(PYTHON), `${PYTHON} (Debian's Python with typer, loguru, numpy, pandas, matplotlib) is needed`);
    const config = vscode.workspace.getConfiguration('experimentScripts');
    await config.update('runner', 'python', vscode.ConfigurationTarget.Workspace);
    await config.update('pythonPath', PYTHON, vscode.ConfigurationTarget.Workspace);
    await config.update('gpu', 'auto', vscode.ConfigurationTarget.Workspace);
  });

  suiteTeardown(async () => {
    prompts?.dispose();
    const config = vscode.workspace.getConfiguration('experimentScripts');
    for (const key of ['runner', 'pythonPath', 'gpu', 'trainScript'])
      await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('Train with name… runs train.py in the experiment folder and the new run appears in the tree by itself', async () => {
    const before = listRuns();
    const result = await train(vscode.Uri.file(experimentDir), 'e2e-launch');
    assert.ok(result?.launched, `train should launch; it said: ${result?.message}`);
    // No nvidia-smi on this machine: the run goes to the CPU, and the task says so.
    assert.match(result.taskName ?? '', /^train · e2e-launch · (CPU|GPU .+)$/);
    assert.ok(
      vscode.tasks.taskExecutions.some((e) => e.task.name === result.taskName) || listRuns().length > before.length,
      'the task should be running (or already done)',
    );
    const end = await launches().waitForEnd(result.launchId!);
    assert.strictEqual(end.exitCode, 0, `train should exit with 0 (task ${end.taskName})`);
    assert.ok(end.runDir, 'the launcher should find the run folder train created');
    runDir = end.runDir;
    assert.match(path.basename(runDir), /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-e2e-launch$/);
    assert.strictEqual(path.dirname(runDir), runsDir());
    for (const sub of ['logs', 'plots', 'checkpoints', 'data'])
      assert.ok(fs.statSync(path.join(runDir, sub)).isDirectory(), `${sub}/ should exist`);
    assert.ok(fs.statSync(path.join(runDir, 'logs', 'train.log')).size > 0, 'train.log should have lines');

    const record = readRecord(runDir);
    assert.strictEqual(record.train.exitCode, 0);
    assert.deepStrictEqual(record.train.argv, [PYTHON, 'train.py', 'e2e-launch']);
    assert.ok(record.train.endedAt);

    const dirName = path.basename(runDir);
    await waitFor(async () => (await treeRuns()).some((n) => n.run?.dirName === dirName), {
      message: `run ${dirName} to appear in the Run Explorer`,
    });
  });

  test('Evaluate Run runs eval.py with the run path and logs/eval.log appears', async () => {
    assert.ok(runDir, 'needs the run trained above');
    const node = (await treeRuns()).find((n) => n.run?.path === runDir);
    assert.ok(node, 'the trained run should be a node of the tree');
    const { result, end } = await launchAndWait(vscode.commands.executeCommand<LaunchResult>('experimentScripts.evaluateRun', node));
    assert.match(result.taskName ?? '', new RegExp(`^eval · ${path.basename(runDir)} · `));
    assert.strictEqual(end.exitCode, 0);
    assert.strictEqual(end.runDir, runDir);
    assert.ok(fs.statSync(path.join(runDir, 'logs', 'eval.log')).size > 0, 'eval.log should have lines');
    const record = readRecord(runDir);
    assert.deepStrictEqual(record.eval.argv, [PYTHON, 'eval.py', `runs/${path.basename(runDir)}`]);
    assert.strictEqual(record.train.exitCode, 0, 'the train entry is kept');
  });

  test('Plot Run runs plot_curves.py and plots appear in the run', async () => {
    assert.ok(runDir, 'needs the run trained above');
    const { end } = await launchAndWait(vscode.commands.executeCommand<LaunchResult>('experimentScripts.plotRun', vscode.Uri.file(runDir)));
    assert.strictEqual(end.exitCode, 0);
    const plots = fs.readdirSync(path.join(runDir, 'plots'));
    assert.ok(plots.length > 0, 'plots/ should hold the plot');
  });

  test('hostile names are refused before anything runs', async () => {
    const marker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'launch-marker-')), 'ran');
    const before = listRuns();
    const hostile = [
      `a; touch ${marker}`,
      `$(touch ${marker})`,
      `\`touch ${marker}\``,
      '../x',
      "it's",
      '"q"',
      'with space',
      'x'.repeat(300),
      '',
      '-rf',
      '--help',
    ];
    for (const name of hostile) {
      const result = await train(vscode.Uri.file(experimentDir), name);
      assert.strictEqual(result.launched, false, `${JSON.stringify(name)} must be refused`);
      assert.match(result.message ?? '', /Run name refused: /, `refusal for ${JSON.stringify(name)} should say why`);
    }
    assert.ok(!vscode.tasks.taskExecutions.some((e) => e.task.definition.type === 'experimentScripts'), 'no launch task may be running');
    assert.deepStrictEqual(listRuns(), before, 'no run folder may be created');
    assert.strictEqual(fs.existsSync(marker), false, 'no shell may have run the name');
    assert.ok(!fs.existsSync(path.join(experimentDir, 'x')) && !fs.existsSync(path.join(workspaceRoot(), 'x')));
    // A folder outside the workspace is never launched in, even with a good name.
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'outside-experiment-'));
    fs.writeFileSync(path.join(outside, 'train.py'), `open(${JSON.stringify(marker)}, "w").write("ran")\n`);
    const refused = await train(vscode.Uri.file(outside), 'fine');
    assert.strictEqual(refused.launched, false);
    assert.match(refused.message ?? '', /not inside an open workspace folder/);
    assert.strictEqual(fs.existsSync(marker), false);
    fs.rmSync(outside, { recursive: true, force: true });
  });

  test('settings that cannot work are explained and nothing runs: a GPU that does not exist, a missing interpreter', async () => {
    const before = listRuns();
    const config = vscode.workspace.getConfiguration('experimentScripts');
    try {
      await config.update('gpu', '7', vscode.ConfigurationTarget.Workspace);
      const gpu = await train(vscode.Uri.file(experimentDir), 'no-gpu-7');
      assert.strictEqual(gpu.launched, false);
      assert.match(gpu.message ?? '', /asks for GPU 7, but/);
      await config.update('gpu', 'auto', vscode.ConfigurationTarget.Workspace);
      await config.update('pythonPath', '/nonexistent/python3', vscode.ConfigurationTarget.Workspace);
      const python = await train(vscode.Uri.file(experimentDir), 'no-python');
      assert.strictEqual(python.launched, false);
      assert.match(python.message ?? '', /\/nonexistent\/python3 was not found/);
    } finally {
      await config.update('gpu', 'auto', vscode.ConfigurationTarget.Workspace);
      await config.update('pythonPath', PYTHON, vscode.ConfigurationTarget.Workspace);
    }
    assert.deepStrictEqual(listRuns(), before);
  });

  test('a script asking for CUDA on a machine without GPU is not run unless the user says so', async function () {
    const onPath = (process.env.PATH ?? '').split(path.delimiter).some((d) => d && fs.existsSync(path.join(d, 'nvidia-smi')));
    if (onPath) this.skip(); // a machine with nvidia-smi: no warning is due
    const script = 'cuda_train.py';
    const header = [
      '# /// script',
      '# dependencies = ["jax[cuda12]", "typer"]',
      '# ///',
      'import sys',
      'open("cuda-ran", "w").write("yes")',
      '',
    ];
    fs.writeFileSync(path.join(experimentDir, script), header.join('\n'));
    const config = vscode.workspace.getConfiguration('experimentScripts');
    await config.update('trainScript', script, vscode.ConfigurationTarget.Workspace);
    try {
      const result = await train(vscode.Uri.file(experimentDir), 'cuda', { confirm: false });
      assert.strictEqual(result.launched, false);
      assert.match(result.message ?? '', /CUDA/);
      assert.match(
        prompts.asked.at(-1)?.question ?? '',
        /^cuda_train\.py asks for CUDA builds: jax\[cuda12\] \(line 2\), but this machine has no GPU/,
      );
      assert.strictEqual(fs.existsSync(path.join(experimentDir, 'cuda-ran')), false);
      const ran = await launchAndWait(train(vscode.Uri.file(experimentDir), 'cuda', { confirm: true }));
      assert.strictEqual(ran.end.exitCode, 0);
      assert.strictEqual(fs.readFileSync(path.join(experimentDir, 'cuda-ran'), 'utf8'), 'yes');
    } finally {
      await config.update('trainScript', undefined, vscode.ConfigurationTarget.Workspace);
      fs.rmSync(path.join(experimentDir, script), { force: true });
      fs.rmSync(path.join(experimentDir, 'cuda-ran'), { force: true });
    }
  });

  test('Delete Run… removes the run after confirmation, and the tree drops it', async () => {
    assert.ok(runDir, 'needs the run trained above');
    const dirName = path.basename(runDir);
    // Where the file system has no trash, a second question asks to delete the folder for good.
    prompts.answer({ confirm: true }, { confirm: true });
    const result = await vscode.commands.executeCommand<{ deleted: string[] }>('experimentScripts.deleteRun', vscode.Uri.file(runDir));
    prompts.clear();
    assert.match(
      prompts.asked.find((q) => q.question.startsWith('Delete the run'))?.question ?? '',
      new RegExp(`^Delete the run (.+/)?mnist/runs/${dirName}\\?$`),
    );
    assert.deepStrictEqual(result.deleted, [runDir]);
    assert.strictEqual(fs.existsSync(runDir), false);
    await waitFor(async () => !(await treeRuns()).some((n) => n.run?.dirName === dirName), { message: `run ${dirName} to leave the tree` });
  });

  test('a second train gets its own task and terminal, and the Run Explorer shows its run', async () => {
    const { result, end } = await launchAndWait(train({ kind: 'experiment', dir: experimentDir }, 'e2e-shown'));
    assert.strictEqual(end.exitCode, 0);
    assert.match(result.taskName ?? '', /^train · e2e-shown · /);
    const dirName = path.basename(end.runDir ?? '');
    const node = await waitFor(async () => (await treeRuns()).find((n) => n.run?.dirName === dirName), {
      message: `run ${dirName} in the tree`,
    });
    // Left on screen for the suite's screenshot: the Experiments view with the run, and the task's terminal.
    await vscode.commands.executeCommand('workbench.view.extension.experimentScripts');
    const view = (api.runExplorer as { treeView?: vscode.TreeView<unknown> }).treeView;
    await view?.reveal(node, { select: true, focus: false, expand: true }).then(undefined, () => undefined);
  });

  test('Delete Run… refuses a folder that is not a run', async () => {
    const notARun = path.join(experimentDir, 'runs', 'keep-me');
    fs.mkdirSync(notARun, { recursive: true });
    try {
      prompts.answer({ confirm: true });
      const result = await vscode.commands.executeCommand<{ deleted: string[] }>('experimentScripts.deleteRun', vscode.Uri.file(notARun));
      assert.deepStrictEqual(result.deleted, []);
      assert.ok(fs.existsSync(notARun));
      const outside = await vscode.commands.executeCommand<{ deleted: string[] }>(
        'experimentScripts.deleteRun',
        vscode.Uri.file(experimentDir),
      );
      assert.deepStrictEqual(outside.deleted, []);
      assert.strictEqual(prompts.unused.length, 1, 'nothing was asked: the folders were refused before any question');
      prompts.clear();
      assert.ok(fs.existsSync(path.join(experimentDir, 'train.py')));
    } finally {
      fs.rmSync(notARun, { recursive: true, force: true });
    }
  });
  test('with trainScript set to main.py, the Run Explorer, the experiment picker, Train from the editor and the language server agree', async function () {
    this.timeout(120000);
    const dir = path.join(workspaceRoot(), 'renamed-train');
    const mainScript = path.join(dir, 'main.py');
    const evalScript = path.join(dir, 'eval.py');
    fs.mkdirSync(dir);
    // What a train script does: makes runs/<date and time>-<name>/ in its folder.
    fs.writeFileSync(
      mainScript,
      [
        'import pathlib, sys, time',
        'run = pathlib.Path("runs") / (time.strftime("%Y-%m-%dT%H-%M-%S") + "-" + sys.argv[1])',
        '(run / "logs").mkdir(parents=True)',
        '(run / "logs" / "train.log").write_text("started\\n")',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(evalScript, 'RUN = "runs/2025-01-01T00-00-00-missing"\n');
    const config = vscode.workspace.getConfiguration('experimentScripts');
    const roots = async () => (await tree().getChildren()).flatMap((n) => (n.kind === 'experiment' && n.dir ? [n.dir] : []));
    let lastHover = '';
    const hoverText = async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        vscode.Uri.file(evalScript),
        new vscode.Position(0, 12),
      );
      lastHover = (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      return lastHover;
    };
    try {
      await openFile(vscode.Uri.file(evalScript));
      // With the default train.py, the folder is no experiment, for every part of the extension alike.
      assert.ok(!(await roots()).includes(dir), 'with train.py as the train script, the folder is not an experiment');
      await waitFor(async () => /No experiment folder \(one with `train\.py` or `runs\/`\)/.test(await hoverText()), {
        message: () => `the language server to find no experiment for eval.py; it says ${lastHover}`,
      });

      await config.update('trainScript', 'main.py', vscode.ConfigurationTarget.Workspace);
      // The Run Explorer lists it...
      await waitFor(async () => (await roots()).includes(dir), { message: 'the folder with main.py in the Run Explorer' });
      // ... the language server looks its runs up (and finds no such run, rather than no experiment) ...
      await waitFor(async () => /No such run\*\* in `.*renamed-train`/.test(await hoverText()), {
        message: () => `the language server to take the folder for an experiment; it says ${lastHover}`,
      });
      // ... the experiment picker offers it (the name question that follows is dismissed) ...
      await closeAllEditors();
      prompts.answer({ pick: 'renamed-train' });
      const picked = await vscode.commands.executeCommand<LaunchResult>('experimentScripts.train');
      assert.strictEqual(picked.launched, false);
      const pickQuestion = prompts.asked.find((q) => q.question === 'Train with name…');
      assert.ok(
        pickQuestion?.offered?.some((label) => label.endsWith('renamed-train')),
        JSON.stringify(prompts.asked),
      );
      assert.match(prompts.asked.at(-1)?.question ?? '', /^Train (.+\/)?renamed-train$/, 'the name is asked for the picked experiment');
      // ... and Train with name… from main.py's editor runs main.py there; the run shows in the tree.
      await openFile(vscode.Uri.file(mainScript));
      const { end } = await launchAndWait(train(undefined, 'renamed'));
      assert.strictEqual(end.exitCode, 0);
      assert.strictEqual(path.dirname(path.dirname(end.runDir ?? '')), dir);
      const runName = path.basename(end.runDir ?? '');
      await waitFor(
        async () => {
          const experiment = (await tree().getChildren()).find((n) => n.kind === 'experiment' && n.dir === dir);
          return experiment && (await tree().getChildren(experiment)).some((n) => n.run?.dirName === runName);
        },
        { message: `run ${runName} under renamed-train in the Run Explorer` },
      );
    } finally {
      prompts.clear();
      await closeAllEditors();
      await config.update('trainScript', undefined, vscode.ConfigurationTarget.Workspace);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
