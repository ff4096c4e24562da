// "New Experiment…" in a real VS Code: the command, its questions answered through ScriptedPrompts, writes the
// experiment folder, opens train.py (whose header the language server finds clean) and the Run Explorer lists the
// new experiment through its file watcher. Unsafe or taken names and folders outside the workspace are refused,
// and only the frameworks and runners there are templates for are offered, before anything is written.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Answer } from './prompts';
import {
  activateExtension,
  closeAllEditors,
  describeDiagnostics,
  getDiagnostics,
  replaceLine,
  scriptPrompts,
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
  let prompts: ReturnType<typeof scriptPrompts>;
  const created: string[] = [];

  /** New Experiment… in `folder` (the Explorer's folder it was invoked on), answering the questions with `answers`. */
  function newExperiment(folder: string, ...answers: Answer[]): Thenable<Result> {
    prompts.answer(...answers);
    return vscode.commands.executeCommand<Result>(COMMAND, vscode.Uri.file(folder));
  }

  suiteSetup(async () => {
    const api = await activateExtension();
    prompts = scriptPrompts(api);
    tree = api.runExplorer as RunExplorerApi;
    assert.ok(tree, 'the extension API should expose the Run Explorer as runExplorer');
    // List the tree first, as an open Runs view would: the new experiment must then appear through the watcher.
    await tree.getChildren();
  });

  suiteTeardown(async () => {
    prompts?.dispose();
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
    const result = await newExperiment(root, { input: name }, { pick: 'PyTorch on CUDA 12.8' }, { pick: 'pixi' });
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
    const rest: Answer[] = [{ pick: 'NumPy only' }, { pick: 'uv' }];
    // Names as typed into the name box: the box says what is wrong, and the command refuses them again.
    const names: [string, RegExp][] = [
      ['../escape', /\.\./],
      ['a/b', /"\/"/],
      ['$(touch pwned)', /start with a letter or a digit/],
      ['x; rm -rf ~', /";"|a space/],
      ['', /Enter a name/],
      ['con', /device name on Windows/],
      ['mnist', /"mnist" already exists/],
    ];
    for (const [name, message] of names) {
      const result = await newExperiment(root, { input: name }, ...rest);
      prompts.clear();
      assert.strictEqual(result.created, false, JSON.stringify(name));
      assert.match(result.message ?? '', message, JSON.stringify(name));
      assert.match(prompts.asked.at(-1)?.validation ?? '', message, `the name box already says why for ${JSON.stringify(name)}`);
    }
    // Frameworks and runners that have no templates are not offered: a pick for them finds nothing to choose.
    const refusals: [Answer[], string, RegExp][] = [
      [[{ input: 'fine-name' }, { pick: 'Keras' }], 'framework', /Keras/],
      [[{ input: 'fine-name' }, { pick: 'PyTorch on CUDA 10.0' }], 'framework', /CUDA 10\.0/],
      [[{ input: 'fine-name' }, { pick: 'NumPy only' }, { pick: 'conda' }], 'runner', /conda/],
    ];
    for (const [answers, question, notOffered] of refusals) {
      const result = await newExperiment(root, ...answers);
      prompts.clear();
      assert.strictEqual(result.created, false, JSON.stringify(answers));
      const offered = prompts.asked.at(-1)?.offered ?? [];
      assert.ok(offered.length > 0 && !offered.some((label) => notOffered.test(label)), `${question}s offered: ${JSON.stringify(offered)}`);
    }
    // Folders that cannot hold an experiment: outside the workspace, missing, a file.
    const folders: [string, RegExp][] = [
      [os.tmpdir(), /not inside a folder of this workspace/],
      [path.join(root, 'no-such-folder'), /does not exist/],
      [path.join(root, 'mnist', 'train.py'), /is not a folder/],
    ];
    for (const [folder, message] of folders) {
      const result = await newExperiment(folder, { input: 'fine-name' }, ...rest);
      assert.strictEqual(prompts.unused.length, 3, 'refused before any question');
      prompts.clear();
      assert.strictEqual(result.created, false, folder);
      assert.match(result.message ?? '', message, folder);
    }
    assert.deepStrictEqual(fs.readdirSync(root).sort(), before, 'nothing new in the workspace');
    assert.ok(!fs.existsSync(path.join(path.dirname(root), 'escape')), 'nothing was written next to the workspace');
    assert.ok(!fs.existsSync(path.join(os.tmpdir(), 'fine-name')), 'nothing was written outside the workspace');
    assert.deepStrictEqual(fs.readdirSync(path.join(root, 'mnist')).sort(), mnistBefore, 'the existing folder is left as it was');
  });
});
