// The Run Explorer in a real VS Code: the tree lists the workspace's experiment, its runs newest first with a status
// icon, metrics in the tooltip, run files that open in the right editor, folders that are not runs with a reason,
// and it follows changes on disk one run at a time — including broken inputs that must leave it usable.
import * as assert from 'node:assert';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, runCommand, waitFor, workspaceRoot } from './helpers';

interface RunInfoLike {
  dirName: string;
  name: string;
  path: string;
  status: string;
  statusReason?: string;
  latestMetrics?: Record<string, unknown>;
  problems: string[];
}
type Node =
  | { kind: 'experiment'; dir: string }
  | { kind: 'run'; run: RunInfoLike }
  | { kind: 'file'; path: string; isDirectory: boolean; problem?: string }
  | { kind: 'notRunGroup'; experimentDir: string }
  | { kind: 'notRun'; notRun: { dirName: string; reason: string } }
  | { kind: 'message'; text: string }
  | { kind: 'moreRuns' };
interface RunExplorerApi {
  getChildren(element?: Node): Promise<Node[]>;
  getTreeItem(element: Node): vscode.TreeItem;
  refresh(): Promise<void>;
  waitForIdle(): Promise<void>;
  treeView: vscode.TreeView<Node>;
}

const DE_RISK = '2025-02-02T14-30-00-de-risk';
const FULL = '2025-02-02T15-00-00-full';
const SMOKE = '2025-02-03T09-00-00-smoke';
const COMMITTED = [SMOKE, FULL, DE_RISK];

/** The run folder name train.py gives a run started now: local time to the second, then the name. */
function runDirNameNow(name: string): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}-${p(d.getMinutes())}-${p(d.getSeconds())}-${name}`;
}

suite('Run Explorer', function () {
  this.timeout(60000);
  let tree: RunExplorerApi;
  let experimentDir: string;
  const created: string[] = [];
  const spawned: ChildProcess[] = [];

  const runsDir = () => path.join(experimentDir, 'runs');
  const label = (item: vscode.TreeItem) => (typeof item.label === 'string' ? item.label : (item.label?.label ?? ''));
  const iconId = (item: vscode.TreeItem) => (item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : JSON.stringify(item.iconPath));
  const tooltipText = (item: vscode.TreeItem) =>
    item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip ?? '');

  async function experimentNode(): Promise<Node> {
    const roots = await tree.getChildren();
    const node = roots.find((n) => n.kind === 'experiment' && n.dir === experimentDir);
    assert.ok(node, `the mnist experiment should be a root of the tree; roots: ${JSON.stringify(roots)}`);
    return node;
  }
  async function experimentChildren(): Promise<Node[]> {
    return tree.getChildren(await experimentNode());
  }
  async function runNode(dirName: string): Promise<Extract<Node, { kind: 'run' }> | undefined> {
    return (await experimentChildren()).find((n): n is Extract<Node, { kind: 'run' }> => n.kind === 'run' && n.run.dirName === dirName);
  }
  async function notRuns(): Promise<{ dirName: string; reason: string }[]> {
    const group = (await experimentChildren()).find((n) => n.kind === 'notRunGroup');
    if (!group) return [];
    return (await tree.getChildren(group)).flatMap((n) => (n.kind === 'notRun' ? [n.notRun] : []));
  }
  function newRun(dirName: string): string {
    const dir = path.join(runsDir(), dirName);
    created.push(dir);
    fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
    return dir;
  }

  suiteSetup(async () => {
    const api = await activateExtension();
    tree = api.runExplorer as RunExplorerApi;
    assert.ok(tree, 'the extension API should expose the Run Explorer as runExplorer');
    // The workspace is a fresh copy, so its logs look written a moment ago: that must not make any run "running".
    experimentDir = path.join(workspaceRoot(), 'mnist');
    await vscode.commands.executeCommand('workbench.view.extension.experimentScripts');
  });

  suiteTeardown(async () => {
    for (const child of spawned) child.kill('SIGKILL');
    for (const dir of created) fs.rmSync(dir, { recursive: true, force: true });
    await closeAllEditors();
  });

  test('the root lists experiment folders only', async () => {
    const roots = await tree.getChildren();
    assert.ok(roots.every((n) => n.kind === 'experiment'));
    const dirs = roots.map((n) => (n.kind === 'experiment' ? n.dir : ''));
    assert.ok(dirs.includes(experimentDir));
    assert.ok(!dirs.includes(path.join(workspaceRoot(), 'broken-header')), 'a folder without train.py or runs/ is not an experiment');
    const item = tree.getTreeItem(await experimentNode());
    assert.strictEqual(label(item), 'mnist');
    assert.strictEqual(item.contextValue, 'experiment');
  });

  test('runs are listed newest first with a status icon, a status in the description and a context value', async () => {
    const runs = (await experimentChildren()).flatMap((n) => (n.kind === 'run' ? [n.run] : []));
    assert.deepStrictEqual(
      runs.map((r) => r.dirName).filter((d) => COMMITTED.includes(d)),
      COMMITTED,
    );
    const expected: Record<string, { status: string; icon: string; context: string; name: string }> = {
      [DE_RISK]: { status: 'finished', icon: 'pass', context: 'run', name: 'de-risk' },
      [FULL]: { status: 'failed', icon: 'error', context: 'run-failed', name: 'full' },
      [SMOKE]: { status: 'incomplete', icon: 'circle-outline', context: 'run-incomplete', name: 'smoke' },
    };
    for (const [dirName, want] of Object.entries(expected)) {
      const node = await runNode(dirName);
      assert.ok(node, `${dirName} should be listed`);
      assert.strictEqual(node.run.status, want.status, dirName);
      const item = tree.getTreeItem(node);
      assert.strictEqual(label(item), want.name);
      assert.strictEqual(iconId(item), want.icon, `icon of ${dirName}`);
      assert.strictEqual(item.contextValue, want.context);
      assert.match(String(item.description), new RegExp(`^2025-02-0\\d · ${want.status}`));
    }
  });

  test('the tooltip gives the exact time, the folder, the status and the latest metrics as a table', async () => {
    const node = await runNode(DE_RISK);
    assert.ok(node);
    assert.deepStrictEqual(node.run.latestMetrics, { epoch: 4, step: 50, loss: 0.2236, accuracy: 0.998 });
    const tip = tooltipText(tree.getTreeItem(node));
    assert.match(tip, /Started 2025-02-02 14:30:00 \(local time\)/);
    assert.match(tip, /runs\/2025-02-02T14-30-00-de-risk/);
    assert.match(tip, /\| metric \| value \|/);
    assert.match(tip, /\| loss \| 0\\\.2236 \|/);
    const failed = tooltipText(tree.getTreeItem((await runNode(FULL))!));
    assert.match(failed, /failed/);
    assert.match(failed, /ends with\\: .*ERROR/); // literal Markdown text: its punctuation is escaped
  });

  test('folders that are not runs are grouped with their reason, never hidden', async () => {
    const group = (await experimentChildren()).find((n) => n.kind === 'notRunGroup');
    assert.ok(group, 'a "Not a run" group should be shown');
    assert.strictEqual(label(tree.getTreeItem(group)), 'Not a run');
    const notes = (await notRuns()).find((n) => n.dirName === 'notes');
    assert.ok(notes);
    assert.match(notes.reason, /does not start with a date and time/);
  });

  test('a run shows logs/, plots/, checkpoints/ and data/; a log opens in an editor and a plot in the image preview', async () => {
    const run = await runNode(DE_RISK);
    assert.ok(run);
    const children = await tree.getChildren(run);
    const folders = children.flatMap((n) => (n.kind === 'file' && n.isDirectory ? [path.basename(n.path)] : []));
    assert.deepStrictEqual(folders, ['logs', 'plots', 'checkpoints', 'data']);
    const folder = (name: string) => children.find((n) => n.kind === 'file' && path.basename(n.path) === name)!;
    assert.ok(!children.some((n) => n.kind === 'file' && path.basename(n.path) === '.experiment-scripts.json'));

    const logs = await tree.getChildren(folder('logs'));
    const trainLog = logs.find((n) => n.kind === 'file' && path.basename(n.path) === 'train.log');
    assert.ok(trainLog, 'logs/ should list train.log');
    const logItem = tree.getTreeItem(trainLog);
    assert.strictEqual(logItem.command?.command, 'vscode.open');
    await runCommand(logItem.command);
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.fsPath === path.join(runsDir(), DE_RISK, 'logs', 'train.log'), {
      message: 'train.log to open in a text editor',
    });

    const plots = await tree.getChildren(folder('plots'));
    const plot = plots.find((n) => n.kind === 'file' && path.basename(n.path) === 'loss_curve.webp');
    assert.ok(plot, 'plots/ should list loss_curve.webp');
    const plotItem = tree.getTreeItem(plot);
    assert.ok(plotItem.command, 'a plot opens on click');
    await runCommand(plotItem.command);
    await waitFor(
      () => {
        const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
        return (
          input instanceof vscode.TabInputCustom &&
          input.viewType === 'imagePreview.previewEditor' &&
          input.uri.fsPath === (plot as { path: string }).path
        );
      },
      { message: 'the plot to open in the image preview' },
    );
  });

  test('a run started from a terminal appears by itself, is running while its process lives, follows its log', async function () {
    this.timeout(90000);
    // What `uv run train.py live` does: a process in the experiment folder, with the script and the run name on its
    // command line, names its run folder after the current time. The stand-in is the extension host's own
    // executable (Node, or Electron run as Node) waiting to be killed.
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'train.py', 'live'], {
      cwd: experimentDir,
      // Not the extension host's environment: with its NODE_CHANNEL_FD the child would read the host's messages.
      env: { PATH: process.env.PATH ?? '', ELECTRON_RUN_AS_NODE: '1' },
      stdio: 'ignore',
    });
    spawned.push(child);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => child.once('spawn', resolve).once('error', reject));
    const dirName = runDirNameNow('live');
    const dir = newRun(dirName);
    const log = path.join(dir, 'logs', 'train.log');
    fs.writeFileSync(log, '2025-03-01 10:00:01 | INFO | metric {"epoch": 0, "loss": 0.9}\n');
    const node = await waitFor(() => runNode(dirName), { message: `${dirName} to appear` });
    const order = (await experimentChildren()).flatMap((n) => (n.kind === 'run' ? [n.run.dirName] : []));
    assert.ok(order.indexOf(dirName) < order.indexOf(SMOKE), `the new run is listed before older ones: ${order.join(', ')}`);
    await waitFor(async () => (await runNode(dirName))?.run.status === 'running', {
      message: 'the run to be running while its process lives',
    });
    const running = (await runNode(dirName))!;
    assert.strictEqual(iconId(tree.getTreeItem(running)), 'sync~spin');
    assert.match(running.run.statusReason ?? '', new RegExp(`^process ${child.pid} \\(.* train\\.py live\\) is running$`));

    fs.appendFileSync(log, '2025-03-01 10:00:02 | INFO | metric {"epoch": 1, "loss": 0.5}\n');
    fs.appendFileSync(
      log,
      "2025-03-01 10:00:03 | INFO | metric {'epoch': 2, 'loss': 0.4}\n2025-03-01 10:00:04 | INFO | metric {\"epoch\": 3,\n",
    );
    // The file watcher can miss changes inside folders created a moment before it looked (runs/<run>/logs/ here);
    // a new run is read again a second later, and running runs every 5 s, so the tree catches up without an event.
    await waitFor(
      async () =>
        (await runNode(dirName))?.run.problems.some((p) => /2 metric lines .* not valid JSON; the last good one is shown/.test(p)),
      {
        timeout: 30000,
        message: 'the bad metric lines to be reported',
      },
    );
    const updated = (await runNode(dirName))!;
    assert.strictEqual(updated, node, 'the same tree element is updated in place, not a new one');
    assert.strictEqual(updated.run.status, 'running');
    assert.deepStrictEqual(updated.run.latestMetrics, { epoch: 1, loss: 0.5 });
    assert.match(String(tree.getTreeItem(updated).description), /1 problem/);
    const lines = await tree.getChildren(updated);
    assert.ok(
      lines.some((n) => n.kind === 'message' && /not valid JSON/.test(n.text)),
      'the problem is a visible line under the run',
    );

    // The process ends without writing anything: the tree notices by itself, although its log was written just now.
    child.kill('SIGKILL');
    await exited;
    await waitFor(async () => (await runNode(dirName))?.run.status === 'finished', {
      timeout: 30000,
      message: 'the run to be finished once its process is gone',
    });
    assert.strictEqual(iconId(tree.getTreeItem((await runNode(dirName))!)), 'pass');
  });

  test('a run deleted while shown leaves the tree, and listing its files afterwards explains instead of failing', async () => {
    const dirName = '2025-03-02T10-00-00-doomed';
    const dir = newRun(dirName);
    fs.writeFileSync(path.join(dir, 'logs', 'train.log'), '2025-03-02 10:00:01 | INFO | started\n');
    const node = await waitFor(() => runNode(dirName), { message: `${dirName} to appear` });
    fs.rmSync(dir, { recursive: true });
    const children = await tree.getChildren(node);
    assert.ok(
      children.some((n) => n.kind === 'message' && /no longer exists/.test(n.text)),
      JSON.stringify(children),
    );
    await waitFor(async () => !(await runNode(dirName)), { message: `${dirName} to leave the tree` });
  });

  test('a symbolic link loop in runs/ and inside a run is shown with an explanation', async () => {
    const loop = path.join(runsDir(), 'loop');
    created.push(loop);
    fs.symlinkSync('loop', loop);
    await waitFor(async () => (await notRuns()).some((n) => n.dirName === 'loop' && /loops back on itself/.test(n.reason)), {
      message: 'the loop to be listed as not a run',
    });
    const dir = newRun('2025-03-03T10-00-00-linked');
    fs.mkdirSync(path.join(dir, 'data'));
    fs.symlinkSync('cycle', path.join(dir, 'data', 'cycle'));
    const run = await waitFor(() => runNode('2025-03-03T10-00-00-linked'), { message: 'the run with a loop to appear' });
    const data = (await tree.getChildren(run)).find((n) => n.kind === 'file' && path.basename(n.path) === 'data');
    assert.ok(data);
    const entries = await tree.getChildren(data);
    const cycle = entries.find((n) => n.kind === 'file' && path.basename(n.path) === 'cycle');
    assert.ok(cycle && cycle.kind === 'file');
    assert.strictEqual(cycle.problem, 'symbolic link loop');
    assert.strictEqual(tree.getTreeItem(cycle).collapsibleState, vscode.TreeItemCollapsibleState.None);
  });

  test('a 1 GB train log shows its last metric without being read whole', async () => {
    const dir = newRun('2025-03-04T10-00-00-huge');
    const fd = fs.openSync(path.join(dir, 'logs', 'train.log'), 'w');
    try {
      fs.ftruncateSync(fd, 1024 ** 3);
      fs.writeSync(fd, '\n2025-03-04 10:00:00 | INFO | metric {"epoch": 99, "loss": 0.01}\n', 1024 ** 3);
    } finally {
      fs.closeSync(fd);
    }
    await waitFor(async () => (await runNode('2025-03-04T10-00-00-huge'))?.run.latestMetrics?.epoch === 99, {
      message: 'the last metric of the 1 GB log',
    });
  });

  test('a new train.py makes a new experiment appear; Refresh keeps the tree whole', async () => {
    const other = path.join(workspaceRoot(), 'cifar');
    created.push(other);
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, 'train.py'), '# /// script\n# dependencies = []\n# ///\n');
    await waitFor(async () => (await tree.getChildren()).some((n) => n.kind === 'experiment' && n.dir === other), {
      message: 'the cifar experiment to appear',
    });
    await vscode.commands.executeCommand('experimentScripts.refresh');
    const roots = await tree.getChildren();
    assert.ok(roots.some((n) => n.kind === 'experiment' && n.dir === experimentDir));
    assert.ok(await runNode(DE_RISK));
    await tree.waitForIdle();
    // Leave the view showing the experiment's runs for the screenshot.
    await tree.treeView.reveal(await experimentNode(), { expand: true });
  });
});
