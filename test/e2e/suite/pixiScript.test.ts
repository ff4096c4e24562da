// A pixi script in a real VS Code: its [tool.pixi] header is checked and completed as it is typed, and "Train with
// name…" runs it with `pixi run --script train.py <name>`. pixi cannot be installed here: a stand-in `pixi`
// (test/e2e/fixtures/pixi-standin, see its README) is put first on the extension host's PATH and records the
// arguments of each call; it then runs the script with Debian's Python. The command gets the experiment folder, as
// from the Run Explorer; the questions it asks are answered through ScriptedPrompts.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  activateExtension,
  closeAllEditors,
  completionLabels,
  diagnosticCode,
  ExtensionApi,
  getExtension,
  openFile,
  replaceLine,
  scriptPrompts,
  waitFor,
  waitForDiagnostics,
  workspaceRoot,
} from './helpers';

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
interface LockResult {
  locked: boolean;
  command?: string[];
  message?: string;
}

suite('pixi scripts (with a stand-in pixi)', function () {
  this.timeout(90000);
  let api: ExtensionApi;
  let experimentDir: string;
  let savedPath: string | undefined;
  let prompts: ReturnType<typeof scriptPrompts>;
  const config = () => vscode.workspace.getConfiguration('experimentScripts');
  const calls = (): string[][] => {
    const file = path.join(experimentDir, 'pixi-calls.jsonl');
    if (!fs.existsSync(file)) return [];
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as string[]);
  };

  suiteSetup(async function () {
    if (process.platform === 'win32') this.skip();
    api = await activateExtension();
    prompts = scriptPrompts(api);
    const fixtures = path.join(getExtension().extensionPath, 'test', 'e2e', 'fixtures');
    const standIn = path.join(fixtures, 'pixi-standin');
    assert.ok(fs.statSync(path.join(standIn, 'pixi')).mode & 0o111, 'the stand-in pixi should be executable');
    experimentDir = path.join(workspaceRoot(), 'pixi-script');
    fs.cpSync(path.join(fixtures, 'pixi-script'), experimentDir, { recursive: true });
    savedPath = process.env.PATH;
    process.env.PATH = `${standIn}${path.delimiter}${savedPath ?? ''}`;
    await config().update('runner', 'auto', vscode.ConfigurationTarget.Workspace);
    await config().update('gpu', 'auto', vscode.ConfigurationTarget.Workspace);
  });

  suiteTeardown(async () => {
    prompts?.dispose();
    if (!experimentDir) return;
    process.env.PATH = savedPath;
    await closeAllEditors();
    for (const key of ['runner', 'gpu']) await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
    fs.rmSync(experimentDir, { recursive: true, force: true });
  });

  test('the [tool.pixi] header is checked as it is typed and completion offers conda packages with CUDA builds', async () => {
    const uri = vscode.Uri.file(path.join(experimentDir, 'train.py'));
    const editor = await openFile(uri);
    const lenses = await waitFor(async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return found.length > 0 ? found : undefined;
    });
    assert.strictEqual(lenses[0].command?.title, 'Lock Script Environment (pixi lock --script: no train.py.pixi.lock yet)');
    await waitForDiagnostics(uri, (ds) => ds.length === 0, { message: 'the clean pixi header to have no diagnostic' });
    // torch comes from conda's pytorch-gpu: the import checks count it as declared, and the hover says where it comes from.
    const importLine = editor.document.getText().split('\n').indexOf('    import torch');
    assert.ok(importLine > 0, 'the fixture imports torch');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      new vscode.Position(importLine, 12),
    );
    const hover = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hover, /`torch` comes from `pytorch-gpu`, a conda package of `\[tool\.pixi\.dependencies\]`/);
    // A typo in the platform: pixi refuses the script, so the error is at the value.
    await replaceLine(uri, 6, '# platforms = [{ platform = "linux64", cuda = "12.0" }]');
    const [error] = await waitForDiagnostics(uri, (ds) => ds.some((d) => diagnosticCode(d) === 'pixi/invalid-platform'), {
      message: 'pixi/invalid-platform',
    });
    assert.strictEqual(error.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(error.range.start.line, 6);
    assert.match(error.message, /did you mean `linux-64`/);
    await replaceLine(uri, 6, '# platforms = [{ platform = "linux-64", cuda = "12.0" }]');
    await waitForDiagnostics(uri, (ds) => ds.length === 0, { message: 'the repaired header to be clean again' });

    // Completion on the empty line of [tool.pixi.dependencies] (line 11 is `#`).
    await replaceLine(uri, 11, '# ');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      uri,
      new vscode.Position(11, 2),
    );
    const labels = completionLabels(list);
    assert.ok(labels.includes('jaxlib (CUDA build)'), JSON.stringify(labels.slice(0, 20)));
    assert.ok(!labels.includes('pytorch-gpu'), 'a package already listed is not offered again');
    await replaceLine(uri, 11, '#');
    await editor.document.save();
  });

  test('Train with name… runs `pixi run --script train.py <name>`, and the task, the record and the lock say so', async () => {
    // The run name, then "Run anyway" if the launcher asks: the header declares CUDA, and a machine without a GPU asks first.
    prompts.answer({ input: 'e2e-pixi' }, { confirm: true });
    const result = await vscode.commands.executeCommand<LaunchResult>('experimentScripts.train', vscode.Uri.file(experimentDir));
    assert.ok(result.launched, `train should launch; it said: ${result.message}`);
    assert.match(result.taskName ?? '', /^train · e2e-pixi · .+ · pixi script$/);
    const cudaQuestion = prompts.asked.find((q) => q.question.includes('asks for CUDA builds'));
    if (/ · CPU · /.test(result.taskName ?? '')) {
      assert.ok(cudaQuestion, `on the CPU the launcher should ask first; it asked: ${JSON.stringify(prompts.asked)}`);
      assert.match(cudaQuestion.question, /pytorch-gpu.* \(line 10\)/);
    }
    prompts.clear();
    const end = await (api.launches as { waitForEnd(id: number): Promise<LaunchEnd> }).waitForEnd(result.launchId!);
    assert.strictEqual(end.exitCode, 0);
    assert.deepStrictEqual(calls()[0], ['run', '--script', 'train.py', 'e2e-pixi']);
    assert.ok(end.runDir && /-e2e-pixi$/.test(end.runDir), `the run folder: ${end.runDir}`);
    const record = await waitFor(
      () => {
        const text = fs.readFileSync(path.join(end.runDir!, '.experiment-scripts.json'), 'utf8');
        const parsed = JSON.parse(text) as { train?: { runner?: string; argv: string[]; endedAt?: string } };
        return parsed.train?.endedAt ? parsed.train : undefined;
      },
      { message: 'the run record of the finished train' },
    );
    assert.strictEqual(record.runner, 'pixi-script');
    assert.deepStrictEqual(record.argv, ['pixi', 'run', '--script', 'train.py', 'e2e-pixi']);

    const uri = vscode.Uri.file(path.join(experimentDir, 'train.py'));
    const lock = await vscode.commands.executeCommand<LockResult>('experimentScripts.lockScriptEnvironment', uri.toString());
    assert.ok(lock.locked, `the lock should be written; it said: ${lock.message}`);
    assert.deepStrictEqual(calls()[1], ['lock', '--script', 'train.py']);
    assert.ok(fs.existsSync(path.join(experimentDir, 'train.py.pixi.lock')));
    // The header's code lens now finds the lock, newer than the script.
    await waitFor(
      async () => {
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
        return lenses.find((l) => l.command?.title === 'train.py.pixi.lock is up to date');
      },
      { message: 'the lock lens to say the lock is up to date' },
    );
  });
});
