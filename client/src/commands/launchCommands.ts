// The launching and run commands of the Run Explorer and the command palette, and what the extension exposes of
// them to its tests.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { noGpuNotice } from '#core/gpu/queryGpus';
import { RunTarget } from '#core/launch/runTarget';
import { formatRunDirName, validateDescriptiveName } from '#core/runs/runName';
import { checkDeletableRun } from '#core/runs/deletableRun';
import { GpuStatusBar, GpuStatusSnapshot } from '#client/gpuStatus/gpuStatusBar';
import { pickGpuSetting } from '#client/launch/gpuPicker';
import { LaunchAnswers, LaunchEnd, Launcher, LaunchNotice, LaunchResult } from '#client/launch/launcher';
import { gpuSetting, scriptSetting } from '#client/settings';
import { experimentFromArg, experimentOfActiveEditor, pickExperiment, pickRun, runFromArg } from './targets';

/** What the extension's API offers about launches. */
export interface LaunchesApi {
  /** Resolves when the launch with this id (returned by the train / evaluateRun / plotRun commands) has ended. */
  waitForEnd(launchId: number): Promise<LaunchEnd>;
  onDidEnd: vscode.Event<LaunchEnd>;
  /** The messages launching has shown the user (refusals, "no GPU", device notices), oldest first. */
  notices(): readonly LaunchNotice[];
  /** What the GPU status bar item shows now. */
  gpuStatus(): GpuStatusSnapshot;
}

/**
 * Optional last argument of the launching commands, so that tests can answer the questions without UI: the name
 * typed, the device picked, the CUDA warning. Every check that applies to typed input applies to these.
 */
export interface CommandAnswers extends LaunchAnswers {
  experimentDir?: string;
  name?: string;
  runDir?: string;
  /** Confirms Delete Run (and, if the trash is unavailable, the permanent deletion). */
  confirm?: boolean;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof vscode.Uri);

export interface LaunchHooks {
  /** Re-reads one run in the Run Explorer (after a launch on it ended and its record was written). */
  runChanged?(runDir: string): Promise<void>;
}

export function registerLaunchCommands(context: vscode.ExtensionContext, hooks: LaunchHooks = {}): LaunchesApi {
  const log = vscode.window.createOutputChannel('Experiment Scripts: Launches', { log: true });
  const launcher = new Launcher(log, hooks.runChanged);
  const statusBar = new GpuStatusBar(launcher);
  context.subscriptions.push(log, launcher, statusBar);

  const register = (id: string, fn: (...args: unknown[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  register('experimentScripts.train', (arg, more) => train(launcher, arg, answersOf(arg, more)));
  register('experimentScripts.evaluateRun', async (arg, more) => launchOnRun(launcher, 'eval', arg, answersOf(arg, more)));
  register('experimentScripts.plotRun', async (arg, more) => launchOnRun(launcher, 'plot', arg, answersOf(arg, more)));
  register('experimentScripts.openTrainLog', async (arg) => {
    const run = await runOrPick(arg, 'Open Train Log');
    if (!run) return;
    const log = vscode.Uri.file(path.join(run.path, 'logs', 'train.log'));
    try {
      await vscode.workspace.fs.stat(log);
    } catch {
      void vscode.window.showInformationMessage(`${run.relativePath} has no logs/train.log yet.`);
      return;
    }
    await vscode.window.showTextDocument(log, { preview: true });
  });
  register('experimentScripts.revealRun', async (arg) => {
    const run = await runOrPick(arg, 'Reveal Run');
    if (!run) return;
    const uri = vscode.Uri.file(run.path);
    // The OS file manager only exists where the UI runs; over Remote-SSH or in a browser, reveal in VS Code's explorer.
    const remote = vscode.env.remoteName !== undefined || vscode.env.uiKind === vscode.UIKind.Web;
    await vscode.commands.executeCommand(remote ? 'revealInExplorer' : 'revealFileInOS', uri);
  });
  register('experimentScripts.copyRunPath', async (arg) => {
    const run = await runOrPick(arg, 'Copy Run Path');
    if (!run) return;
    await vscode.env.clipboard.writeText(run.relativePath);
    vscode.window.setStatusBarMessage(`Copied ${run.relativePath}`, 3000);
    return run.relativePath;
  });
  register('experimentScripts.deleteRun', (arg, more) => deleteRuns(arg, more));
  register('experimentScripts.pickGpu', () => pickGpu(launcher));

  return {
    waitForEnd: (id) => launcher.waitForEnd(id),
    onDidEnd: launcher.onDidEnd,
    notices: () => launcher.notices(),
    gpuStatus: () => statusBar.snapshot(),
  };
}

/** The answers object: the first argument when it is not a tree node, else the second. */
function answersOf(arg: unknown, more: unknown): CommandAnswers {
  if (isObj(more)) return more;
  if (isObj(arg) && arg.kind === undefined) return arg;
  return {};
}

async function train(launcher: Launcher, arg: unknown, answers: CommandAnswers): Promise<LaunchResult> {
  const experimentDir = experimentFromArg(arg) ?? (await experimentOfActiveEditor()) ?? (await pickExperiment('Train with name…'));
  if (!experimentDir) return { launched: false, message: 'No experiment was chosen.' };
  const trainScript = scriptSetting('train', vscode.Uri.file(experimentDir)).script;
  const shown = vscode.workspace.asRelativePath(experimentDir, true);
  let name = answers.name;
  if (name === undefined) {
    name = await vscode.window.showInputBox({
      title: `Train ${shown}`,
      prompt: `Descriptive name of the run: ${trainScript} creates runs/${formatRunDirName(new Date(), '<name>')}/`,
      placeHolder: 'e.g. de-risk or full',
      ignoreFocusOut: true,
      validateInput: (value) => {
        const problem = validateDescriptiveName(value);
        if (problem) return problem;
        return {
          message: `Creates runs/${formatRunDirName(new Date(), value)}/ in ${shown}`,
          severity: vscode.InputBoxValidationSeverity.Info,
        };
      },
    });
    if (name === undefined) return { launched: false, message: 'Cancelled.' };
  }
  return launcher.launch({ target: { kind: 'train', name }, experimentDir, answers });
}

async function launchOnRun(launcher: Launcher, kind: 'eval' | 'plot', arg: unknown, answers: CommandAnswers): Promise<LaunchResult> {
  const run = await runOrPick(
    isObj(arg) && arg.kind === 'run' ? arg : answers.runDir ? { runDir: answers.runDir } : arg,
    kind === 'eval' ? 'Evaluate Run' : 'Plot Run',
  );
  if (!run) return { launched: false, message: 'No run was chosen.' };
  return launcher.launch({ target: { kind, run }, experimentDir: run.experimentDir, answers });
}

async function runOrPick(arg: unknown, title: string): Promise<RunTarget | undefined> {
  const run = runFromArg(arg);
  if (typeof run === 'string') {
    void vscode.window.showErrorMessage(run);
    return undefined;
  }
  return run ?? (await pickRun(title));
}

async function deleteRuns(arg: unknown, more: unknown): Promise<{ deleted: string[] }> {
  // From the tree, the second argument is the selection: with several runs selected, all of them are deleted.
  const selection = Array.isArray(more) && more.length > 1 ? more : [arg];
  const options: CommandAnswers = Array.isArray(more) ? {} : answersOf(arg, more);
  const runs: RunTarget[] = [];
  for (const item of selection) {
    const run = await runOrPick(item, 'Delete Run…');
    if (run) runs.push(run);
  }
  if (runs.length === 0) return { deleted: [] };
  const names = runs.map((r) => `${vscode.workspace.asRelativePath(r.experimentDir, true)}/${r.relativePath}`);
  if (!options.confirm) {
    const question = runs.length === 1 ? `Delete the run ${names[0]}?` : `Delete ${runs.length} runs?`;
    const detail =
      runs.length === 1
        ? 'Its folder, with logs, plots, checkpoints and data, is moved to the trash.'
        : `${names.join('\n')}\n\nTheir folders, with logs, plots, checkpoints and data, are moved to the trash.`;
    const answer = await vscode.window.showWarningMessage(question, { modal: true, detail }, 'Move to Trash');
    if (answer !== 'Move to Trash') return { deleted: [] };
  }
  const deleted: string[] = [];
  const workspaceFolders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  for (const [i, run] of runs.entries()) {
    // Whatever the arguments said: only a run folder inside a workspace folder, never through a link out of it.
    const deletable = checkDeletableRun(run.path, workspaceFolders);
    if (!deletable.ok) {
      void vscode.window.showErrorMessage(deletable.message);
      continue;
    }
    const uri = vscode.Uri.file(deletable.path);
    try {
      await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: true });
      deleted.push(run.path);
    } catch (err) {
      if (!(await deletePermanentlyInstead(uri, names[i], err, options.confirm === true))) break;
      deleted.push(run.path);
    }
  }
  await vscode.commands.executeCommand('experimentScripts.refresh').then(undefined, () => undefined);
  return { deleted };
}

/** When the trash is not available (some remote and container file systems), ask again before deleting for good. */
async function deletePermanentlyInstead(uri: vscode.Uri, name: string, err: unknown, confirmed: boolean): Promise<boolean> {
  const why = err instanceof Error ? err.message : String(err);
  if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') {
    void vscode.window.showInformationMessage(`${name} was already gone.`);
    return false;
  }
  const ok =
    confirmed ||
    (await vscode.window.showWarningMessage(
      `${name} could not be moved to the trash (${why}). Delete it permanently?`,
      { modal: true, detail: 'This cannot be undone.' },
      'Delete Permanently',
    )) === 'Delete Permanently';
  if (!ok) return false;
  try {
    await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false });
    return true;
  } catch (e) {
    void vscode.window.showErrorMessage(`Could not delete ${name}: ${e instanceof Error ? e.message : String(e)}`);
    return false;
  }
}

async function pickGpu(launcher: Launcher): Promise<void> {
  const res = await launcher.queryGpus();
  if (res.kind === 'no-nvidia-smi') {
    void vscode.window.showInformationMessage(noGpuNotice(res));
    return;
  }
  if (res.kind === 'error') {
    void vscode.window.showErrorMessage(`Could not list GPUs: ${res.message}`);
    return;
  }
  const config = vscode.workspace.getConfiguration('experimentScripts');
  const pick = await pickGpuSetting(res.gpus, res.apps, gpuSetting());
  if (!pick) return;
  const value = pick.kind === 'gpu' ? String(pick.gpu.index) : pick.kind === 'cpu' ? 'none' : pick.value;
  const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update('gpu', value, target);
  if (process.env.CUDA_VISIBLE_DEVICES !== undefined) {
    void vscode.window.showInformationMessage(
      `GPU setting saved, but CUDA_VISIBLE_DEVICES="${process.env.CUDA_VISIBLE_DEVICES}" is set in the environment VS Code was started with, ` +
        'and launched runs keep it. Start VS Code without CUDA_VISIBLE_DEVICES for the setting to apply.',
    );
  }
}
