// In a folder the user has not trusted (Restricted Mode), the extension still lists runs and checks headers, but
// launches nothing, and the folder's own settings cannot choose a program for it to run. The harness opens a copy of
// the fixture workspace whose .vscode/settings.json names .vscode/collect-gpus (a script that leaves a `ran` file
// behind) as nvidia-smi and as the Python interpreter.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  activateExtension,
  diagnosticCode,
  ExtensionApi,
  getExtension,
  openFile,
  scriptPrompts,
  waitFor,
  waitForDiagnostics,
  workspaceRoot,
  workspaceUri,
} from '../helpers';

type Node = { kind: string; dir?: string; run?: { dirName: string } };
interface TreeApi {
  getChildren(element?: Node): Promise<Node[]>;
}
interface LaunchResult {
  launched: boolean;
  message?: string;
}

suite('Restricted Mode', function () {
  this.timeout(60000);
  let api: ExtensionApi;
  let prompts: ReturnType<typeof scriptPrompts>;
  const experimentDir = () => path.join(workspaceRoot(), 'mnist');
  const marker = () => path.join(workspaceRoot(), '.vscode', 'ran');
  const listRuns = () => fs.readdirSync(path.join(experimentDir(), 'runs')).sort();
  const tree = () => api.runExplorer as TreeApi;

  suiteSetup(async () => {
    api = await activateExtension();
    prompts = scriptPrompts(api);
  });

  suiteTeardown(() => prompts?.dispose());

  test('the folder is not trusted, and the extension is active', () => {
    assert.strictEqual(vscode.workspace.isTrusted, false, 'the harness should open this folder in Restricted Mode');
    assert.ok(getExtension().isActive);
    assert.ok(fs.existsSync(path.join(workspaceRoot(), '.vscode', 'collect-gpus')), 'the hostile program should be in place');
  });

  test('the Run Explorer lists the runs', async () => {
    const onDisk = listRuns().filter((d) => /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}/.test(d));
    assert.ok(onDisk.length >= 3, `the fixture experiment should hold runs; it holds ${JSON.stringify(onDisk)}`);
    const shown = await waitFor(
      async () => {
        const experiment = (await tree().getChildren()).find((n) => n.kind === 'experiment' && n.dir === experimentDir());
        if (!experiment) return undefined;
        const names = (await tree().getChildren(experiment)).flatMap((n) => (n.kind === 'run' && n.run ? [n.run.dirName] : []));
        return onDisk.every((d) => names.includes(d)) ? names : undefined;
      },
      { message: `the runs ${JSON.stringify(onDisk)} in the Run Explorer` },
    );
    assert.ok(shown.length >= onDisk.length);
    // Left on screen for the suite's screenshot, with the Restricted Mode banner above it.
    await vscode.commands.executeCommand('workbench.view.extension.experimentScripts');
  });

  test('Train with name… and Evaluate Run launch nothing and say why', async () => {
    const before = listRuns();
    prompts.answer({ input: 'untrusted' });
    const train = await vscode.commands.executeCommand<LaunchResult>('experimentScripts.train', vscode.Uri.file(experimentDir()));
    assert.strictEqual(train.launched, false);
    assert.match(train.message ?? '', /^Training is not available in Restricted Mode: .*Trust the workspace to launch runs\.$/);
    assert.deepStrictEqual(prompts.notices.at(-1), { severity: 'warning', message: train.message }, 'the explanation is shown to the user');

    const evaluate = await vscode.commands.executeCommand<LaunchResult>(
      'experimentScripts.evaluateRun',
      vscode.Uri.file(path.join(experimentDir(), 'runs', '2025-02-02T14-30-00-de-risk')),
    );
    assert.strictEqual(evaluate.launched, false);
    assert.match(evaluate.message ?? '', /^Evaluating a run is not available in Restricted Mode/);

    assert.ok(!vscode.tasks.taskExecutions.some((e) => e.task.definition.type === 'experimentScripts'), 'no launch task may be running');
    assert.deepStrictEqual(listRuns(), before, 'no run folder may be created');
    assert.strictEqual(fs.existsSync(marker()), false, "the folder's program must not have run");
  });

  test('a broken header still gets its diagnostics', async () => {
    const uri = workspaceUri('broken-header', 'invalid_requirement.py');
    await openFile(uri);
    const diagnostics = await waitForDiagnostics(uri, (ds) => ds.some((d) => diagnosticCode(d) === 'pep508/invalid-requirement'), {
      message: 'the invalid-requirement error',
    });
    const error = diagnostics.find((d) => diagnosticCode(d) === 'pep508/invalid-requirement');
    assert.strictEqual(error?.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(error?.range.start.line, 4);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test("the folder's settings cannot name the programs the extension runs", async function () {
    const config = vscode.workspace.getConfiguration('experimentScripts');
    // The folder's settings are read (gpu is an ordinary setting) ...
    assert.strictEqual(config.get('gpu'), 'none', "the folder's .vscode/settings.json should be in effect");
    // ... except those that name a program, which Restricted Mode leaves at the user's value.
    assert.strictEqual(config.get('nvidiaSmiPath'), 'nvidia-smi');
    assert.strictEqual(config.get('pythonPath'), '');
    // Choose GPU… asks nvidia-smi; on a machine without it, it says so and returns instead of running the folder's program.
    const onPath = (process.env.PATH ?? '').split(path.delimiter).some((d) => d && fs.existsSync(path.join(d, 'nvidia-smi')));
    if (onPath) this.skip(); // a real nvidia-smi would open the picker and wait for a person
    await vscode.commands.executeCommand('experimentScripts.pickGpu');
    assert.strictEqual(fs.existsSync(marker()), false, "Choose GPU… must not run the program the folder's settings name");
  });
});
