// A hostile repository in a real VS Code: experiments built at test time with named pipes and /dev/zero links in run
// folders, runs and runs/ folders linked out of the experiment, and names made to break out of strings and Markdown.
// The Run Explorer lists them promptly and says what it skipped, the rest of the extension keeps working, and
// nothing outside the experiment is read, written or deleted: not by the tree, not by Delete Run…, not by the
// launcher's record. Questions are answered through the Prompts seam (scriptPrompts), as a person would answer them.
import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  activateExtension,
  ExtensionApi,
  diagnosticCode,
  openFile,
  scriptPrompts,
  waitFor,
  waitForDiagnostics,
  workspaceRoot,
  workspaceUri,
} from './helpers';

interface RunInfoLike {
  dirName: string;
  experimentDir: string;
  path: string;
  status: string;
  statusReason?: string;
  latestMetrics?: Record<string, unknown>;
  problems: string[];
  link?: { target: string; outside: boolean };
}
type Node =
  | { kind: 'experiment'; dir: string }
  | { kind: 'run'; run: RunInfoLike }
  | { kind: 'file'; path: string; isDirectory: boolean; problem?: string }
  | { kind: 'message'; text: string }
  | { kind: string };
interface TreeApi {
  getChildren(element?: Node): Promise<Node[]>;
  getTreeItem(element: Node): vscode.TreeItem;
  refresh(): Promise<void>;
  waitForIdle(): Promise<void>;
}
interface LaunchResult {
  launched: boolean;
  launchId?: number;
  message?: string;
}

const PYTHON = '/usr/bin/python3';
/** A train script that needs nothing but the standard library: it makes its run folder and one log line. */
const TRAIN_PY = `import sys, datetime, pathlib
run = pathlib.Path("runs") / f"{datetime.datetime.now():%Y-%m-%dT%H-%M-%S}-{sys.argv[1]}"
(run / "logs").mkdir(parents=True)
(run / "logs" / "train.log").write_text('2025-01-01 00:00:00 | INFO | metric {"loss": 1}\\n')
`;

suite('hostile repository', function () {
  this.timeout(120000);
  let api: ExtensionApi;
  let prompts: ReturnType<typeof scriptPrompts>;
  let tree: TreeApi;
  let outside: string;
  const made: string[] = [];

  function experiment(name: string): string {
    const dir = path.join(workspaceRoot(), name);
    made.push(dir);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'train.py'), TRAIN_PY);
    return dir;
  }
  function mkfifo(file: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    assert.strictEqual(spawnSync('mkfifo', [file]).status, 0, `mkfifo ${file}`);
  }
  function write(file: string, text: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  async function runsOf(dir: string): Promise<Extract<Node, { kind: 'run' }>[]> {
    await tree.refresh();
    const root = await waitFor(
      async () => (await tree.getChildren()).find((n) => n.kind === 'experiment' && (n as { dir: string }).dir === dir),
      {
        message: `${path.basename(dir)} in the Run Explorer`,
      },
    );
    return (await tree.getChildren(root)).filter((n): n is Extract<Node, { kind: 'run' }> => n.kind === 'run');
  }
  const description = (n: Node) => String(tree.getTreeItem(n).description ?? '');
  const tooltip = (n: Node) => {
    const t = tree.getTreeItem(n).tooltip;
    return t instanceof vscode.MarkdownString ? t.value : String(t ?? '');
  };

  suiteSetup(async () => {
    api = await activateExtension();
    prompts = scriptPrompts(api);
    tree = api.runExplorer as TreeApi;
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-outside-'));
    await vscode.commands.executeCommand('workbench.view.extension.experimentScripts');
  });

  suiteTeardown(async () => {
    prompts.dispose();
    const config = vscode.workspace.getConfiguration('experimentScripts');
    for (const key of ['runner', 'pythonPath', 'gpu']) await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
    for (const dir of [...made, outside]) fs.rmSync(dir, { recursive: true, force: true });
    await tree.refresh();
  });

  test('named pipes and /dev/zero in run folders: the runs are listed at once, what was skipped is said, and headers are still checked', async () => {
    const dir = experiment('hostile-pipes');
    // Five pipes, one more than Node's I/O threads: blocking opens would leave none for anything else.
    for (let i = 0; i < 5; i++) {
      const run = path.join(dir, 'runs', `2025-01-0${i + 1}T00-00-00-pipe${i}`);
      mkfifo(path.join(run, 'logs', 'train.log'));
      mkfifo(path.join(run, '.experiment-scripts.json'));
    }
    const zero = path.join(dir, 'runs', '2025-01-09T00-00-00-zero');
    write(path.join(zero, 'logs', 'train.log'), '2025-01-01 00:00:00 | INFO | metric {"loss": 0.5}\n');
    fs.symlinkSync('/dev/zero', path.join(zero, '.experiment-scripts.json'));

    const started = Date.now();
    const runs = await runsOf(dir);
    assert.ok(Date.now() - started < 20000, 'listed promptly');
    assert.strictEqual(runs.length, 6);
    const pipe = runs.find((n) => n.run.dirName.endsWith('pipe0'))!;
    assert.ok(
      pipe.run.problems.some((p) => /logs\/train\.log is not a regular file \(a named pipe\)/.test(p)),
      pipe.run.problems.join('\n'),
    );
    const zeroRun = runs.find((n) => n.run.dirName.endsWith('zero'))!;
    assert.strictEqual(zeroRun.run.status, 'finished');
    assert.deepStrictEqual(zeroRun.run.latestMetrics, { loss: 0.5 });
    assert.ok(zeroRun.run.problems.some((p) => /symbolic link to \/dev\/zero, outside the experiment/.test(p)));

    // The pipe is shown inside the run, explained, and not opened.
    const logs = (await tree.getChildren(pipe)).find((n) => n.kind === 'file' && path.basename((n as { path: string }).path) === 'logs')!;
    const log = (await tree.getChildren(logs)).find((n) => n.kind === 'file') as { problem?: string };
    assert.strictEqual(log.problem, 'a named pipe, not opened');
    assert.strictEqual(tree.getTreeItem(log as Node).command, undefined);
    // Open Train Log on that run says why instead of opening the pipe (an editor would wait on it).
    const said = prompts.notices.length;
    await vscode.commands.executeCommand('experimentScripts.openTrainLog', pipe);
    assert.match(
      prompts.notices.slice(said).find((n) => n.severity === 'warning')?.message ?? '',
      /logs\/train\.log is not a regular file \(a named pipe\); it is not opened\./,
      JSON.stringify(prompts.notices),
    );

    // The extension still works: a header elsewhere is checked.
    const uri = workspaceUri('broken-header', 'invalid_requirement.py');
    await openFile(uri);
    await waitForDiagnostics(uri, (ds) => ds.some((d) => diagnosticCode(d) === 'pep508/invalid-requirement'), { message: 'diagnostics' });
  });

  test('a run folder linked out of the experiment is listed as a link, and nothing out there is read or listed', async () => {
    const dir = experiment('hostile-links');
    const secret = path.join(outside, '2025-01-01T00-00-00-secret');
    write(path.join(secret, 'logs', 'train.log'), '2025-01-01 00:00:00 | INFO | metric {"secret": 42}\n');
    write(path.join(secret, 'private.txt'), 'do not list me');
    fs.mkdirSync(path.join(dir, 'runs'), { recursive: true });
    fs.symlinkSync(secret, path.join(dir, 'runs', '2025-01-02T00-00-00-linked-out'));
    const real = path.join(dir, 'runs', '2025-01-03T00-00-00-real');
    write(path.join(real, 'logs', 'train.log'), '2025-01-01 00:00:00 | INFO | metric {"loss": 0.25}\n');
    fs.symlinkSync('2025-01-03T00-00-00-real', path.join(dir, 'runs', '2025-01-04T00-00-00-alias'));
    const evil = '2025-01-05T00-00-00-x"+__import__("os").system("id")+"![img](http:evil.example)';
    write(path.join(dir, 'runs', evil, 'logs', 'train.log'), '2025-01-01 00:00:00 | ERROR | <img src=x> [click](http://evil.example)\n');

    const runs = await runsOf(dir);
    const linked = runs.find((n) => n.run.dirName.endsWith('linked-out'))!;
    assert.deepStrictEqual(linked.run.link, { target: fs.realpathSync(secret), outside: true });
    assert.strictEqual(linked.run.latestMetrics, undefined, 'a log outside the experiment is not read');
    assert.match(description(linked), /link out of the experiment/);
    assert.match(tooltip(linked), /outside the experiment/);
    const inside = await tree.getChildren(linked);
    assert.ok(!inside.some((n) => n.kind === 'file'), `nothing outside is listed: ${JSON.stringify(inside)}`);
    assert.ok(inside.some((n) => n.kind === 'message' && /outside the experiment; it is not read/.test((n as { text: string }).text)));

    const alias = runs.find((n) => n.run.dirName.endsWith('alias'))!;
    assert.deepStrictEqual(alias.run.latestMetrics, { loss: 0.25 }, 'a link inside the experiment is followed');
    assert.match(description(alias), /link/);

    const hostile = runs.find((n) => n.run.dirName === evil)!;
    assert.ok(hostile, 'the run with a hostile name is listed');
    // Its name and its log line are literal text in the tooltip: every bracket and angle escaped.
    assert.ok(tooltip(hostile).includes('\\!\\[img\\]\\(http\\:evil\\.example\\)'), tooltip(hostile));
    assert.ok(tooltip(hostile).includes('\\<img src\\=x\\>'), tooltip(hostile));
  });

  test('Delete Run… through runs/ linked out of the experiment deletes nothing out there; a linked run loses only its link', async () => {
    const dir = experiment('hostile-delete');
    const victims = path.join(outside, 'victims');
    write(path.join(victims, '2025-01-05T00-00-00-victim', 'canary.txt'), 'alive');
    fs.symlinkSync(victims, path.join(dir, 'runs'));
    const runDir = path.join(dir, 'runs', '2025-01-05T00-00-00-victim');
    // From the Run Explorer (a run node) and from the Explorer's context menu (the folder's URI): the question is
    // answered yes, and the check still refuses what lies outside.
    for (const arg of [{ kind: 'run', run: { experimentDir: dir, dirName: '2025-01-05T00-00-00-victim' } }, vscode.Uri.file(runDir)]) {
      const said = prompts.notices.length;
      prompts.answer({ confirm: true }, { confirm: true });
      const result = await vscode.commands.executeCommand<{ deleted: string[] }>('experimentScripts.deleteRun', arg);
      prompts.clear();
      assert.deepStrictEqual(result.deleted, []);
      assert.strictEqual(fs.readFileSync(path.join(victims, '2025-01-05T00-00-00-victim', 'canary.txt'), 'utf8'), 'alive');
      const refusal = prompts.notices.slice(said).find((n) => n.severity === 'error');
      assert.match(refusal?.message ?? '', /is not deleted: runs\/ leads to .*, outside the experiment/, JSON.stringify(prompts.notices));
    }

    const other = experiment('hostile-delete-link');
    const target = path.join(outside, 'kept-run');
    write(path.join(target, 'canary.txt'), 'alive');
    fs.mkdirSync(path.join(other, 'runs'));
    const link = path.join(other, 'runs', '2025-01-06T00-00-00-alias');
    fs.symlinkSync(target, link);
    prompts.answer({ confirm: true }, { confirm: true });
    const result = await vscode.commands.executeCommand<{ deleted: string[] }>('experimentScripts.deleteRun', vscode.Uri.file(link));
    prompts.clear();
    assert.deepStrictEqual(result.deleted, [link]);
    assert.strictEqual(fs.existsSync(link), false, 'the link is gone');
    assert.strictEqual(fs.readFileSync(path.join(target, 'canary.txt'), 'utf8'), 'alive', 'what it pointed to is kept');
  });

  test('the launcher never writes its record through runs/ linked out of the experiment', async () => {
    assert.ok(fs.existsSync(PYTHON), `${PYTHON} is needed`);
    const config = vscode.workspace.getConfiguration('experimentScripts');
    await config.update('runner', 'python', vscode.ConfigurationTarget.Workspace);
    await config.update('pythonPath', PYTHON, vscode.ConfigurationTarget.Workspace);
    await config.update('gpu', 'none', vscode.ConfigurationTarget.Workspace);
    const dir = experiment('hostile-launch');
    const elsewhere = path.join(outside, 'launch-runs');
    fs.mkdirSync(elsewhere);
    fs.symlinkSync(elsewhere, path.join(dir, 'runs'));
    prompts.answer({ input: 'linked' });
    const result = await vscode.commands.executeCommand<LaunchResult>('experimentScripts.train', vscode.Uri.file(dir));
    prompts.clear();
    assert.ok(result.launched, result.message);
    const end = await (api.launches as { waitForEnd(id: number): Promise<{ exitCode: number | undefined }> }).waitForEnd(result.launchId!);
    assert.strictEqual(end.exitCode, 0);
    const [created] = fs.readdirSync(elsewhere);
    assert.match(created ?? '', /-linked$/, 'the script made its run folder (through the link)');
    assert.deepStrictEqual(fs.readdirSync(path.join(elsewhere, created)).sort(), ['logs'], 'no record was written out there');
  });
});
