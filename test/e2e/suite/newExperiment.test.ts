// "New Experiment…" in a real VS Code: the command, answered through its argument object, writes the experiment
// folder, opens train.py (whose header the language server finds clean) and the Run Explorer lists the new
// experiment through its file watcher. Unsafe or taken names, unknown frameworks and folders outside the workspace
// are refused before anything is written.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  activateExtension,
  closeAllEditors,
  describeDiagnostics,
  getDiagnostics,
  replaceLine,
  waitFor,
  waitForDiagnostics,
  workspaceRoot,
} from './helpers';

const COMMAND = 'experimentScripts.newExperiment';

interface Result {
  created: boolean;
  experimentDir?: string;
  files?: string[];
  message?: string;
}
type Node = { kind: string; dir?: string };
interface RunExplorerApi {
  getChildren(element?: Node): Promise<Node[]>;
}

suite('New Experiment', function () {
  this.timeout(60000);
  let tree: RunExplorerApi;
  const created: string[] = [];

  suiteSetup(async () => {
    const api = await activateExtension();
    tree = api.runExplorer as RunExplorerApi;
    assert.ok(tree, 'the extension API should expose the Run Explorer as runExplorer');
    // List the tree first, as an open Runs view would: the new experiment must then appear through the watcher.
    await tree.getChildren();
  });

  suiteTeardown(async () => {
    for (const d of vscode.workspace.textDocuments)
      if (d.isDirty && created.some((c) => d.uri.fsPath.startsWith(c + path.sep))) await d.save();
    await closeAllEditors();
    for (const dir of created) fs.rmSync(dir, { recursive: true, force: true });
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  test('creates the experiment, opens train.py with a clean header, and the Run Explorer lists it', async () => {
    const root = workspaceRoot();
    const name = 'e2e-new-experiment';
    const experimentDir = path.join(root, name);
    created.push(experimentDir);
    const result = (await vscode.commands.executeCommand(COMMAND, {
      parentDir: root,
      name,
      framework: 'pytorch-cuda',
      cudaVersion: '12.8',
      runner: 'pixi',
    })) as Result;
    assert.ok(result.created, `created: ${result.message}`);
    assert.strictEqual(result.experimentDir, experimentDir);
    assert.deepStrictEqual(fs.readdirSync(experimentDir).sort(), ['README.md', 'eval.py', 'pixi.toml', 'plot_curves.py', 'train.py']);
    const train = fs.readFileSync(path.join(experimentDir, 'train.py'), 'utf8');
    assert.match(train, /url = "https:\/\/download\.pytorch\.org\/whl\/cu128"/);
    assert.match(fs.readFileSync(path.join(experimentDir, 'pixi.toml'), 'utf8'), /cuda-version = "12\.8\.\*"/);

    const uri = vscode.Uri.file(path.join(experimentDir, 'train.py'));
    const editor = await waitFor(
      () => (vscode.window.activeTextEditor?.document.uri.fsPath === uri.fsPath ? vscode.window.activeTextEditor : undefined),
      {
        message: () => `train.py to be the active editor (active: ${vscode.window.activeTextEditor?.document.uri.fsPath})`,
      },
    );
    assert.strictEqual(editor.document.getText(), train);

    // The header is clean: break it, see the checker report it, restore it, see the report go.
    const requiresLine = editor.document
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('# requires-python'));
    const original = editor.document.lineAt(requiresLine).text;
    await replaceLine(uri, requiresLine, '# requires-python = "3.11+"');
    await waitForDiagnostics(uri, (ds) => ds.some((d) => d.range.start.line === requiresLine), {
      message: 'a diagnostic for the broken requires-python',
    });
    await replaceLine(uri, requiresLine, original);
    await waitForDiagnostics(uri, (ds) => ds.length === 0, { message: 'no diagnostics once the generated header is back' });
    await editor.document.save();
    assert.deepStrictEqual(describeDiagnostics(getDiagnostics(uri)), []);

    await waitFor(async () => (await tree.getChildren()).some((n) => n.kind === 'experiment' && n.dir === experimentDir), {
      message: 'the new experiment in the Run Explorer',
    });
  });

  test('a hostile or taken name, an unknown framework or a folder outside the workspace is refused and nothing is written', async () => {
    const root = workspaceRoot();
    const before = fs.readdirSync(root).sort();
    const mnistBefore = fs.readdirSync(path.join(root, 'mnist')).sort();
    const ok = { parentDir: root, framework: 'numpy-only', runner: 'uv', open: false };
    const refusals: [Record<string, unknown>, RegExp][] = [
      [{ ...ok, name: '../escape' }, /\.\./],
      [{ ...ok, name: 'a/b' }, /"\/"/],
      [{ ...ok, name: '$(touch pwned)' }, /start with a letter or a digit/],
      [{ ...ok, name: 'x; rm -rf ~' }, /";"|a space/],
      [{ ...ok, name: '' }, /Enter a name/],
      [{ ...ok, name: 'con' }, /device name on Windows/],
      [{ ...ok, name: 'mnist' }, /"mnist" already exists/],
      [{ ...ok, name: 'fine-name', framework: 'keras' }, /Unknown framework "keras"/],
      [{ ...ok, name: 'fine-name', framework: 'pytorch-cuda', cudaVersion: '10.0' }, /no wheel index for CUDA "10\.0"/],
      [{ ...ok, name: 'fine-name', runner: 'conda' }, /unknown runner "conda"/],
      [{ ...ok, name: 'fine-name', parentDir: os.tmpdir() }, /not inside a folder of this workspace/],
      [{ ...ok, name: 'fine-name', parentDir: 'relative/dir' }, /absolute path/],
      [{ ...ok, name: 42 }, /must be a string/],
    ];
    for (const [answers, message] of refusals) {
      const result = (await vscode.commands.executeCommand(COMMAND, answers)) as Result;
      assert.strictEqual(result.created, false, JSON.stringify(answers));
      assert.match(result.message ?? '', message, JSON.stringify(answers));
    }
    assert.deepStrictEqual(fs.readdirSync(root).sort(), before, 'nothing new in the workspace');
    assert.ok(!fs.existsSync(path.join(path.dirname(root), 'escape')), 'nothing was written next to the workspace');
    assert.ok(!fs.existsSync(path.join(os.tmpdir(), 'fine-name')), 'nothing was written outside the workspace');
    assert.deepStrictEqual(fs.readdirSync(path.join(root, 'mnist')).sort(), mnistBefore, 'the existing folder is left as it was');
  });
});
