// The launching commands of the Run Explorer and the command palette: Train with name…, Evaluate Run, Plot Run and
// Choose GPU…. Each works out what it acts on and asks what it must (where it goes, when launchOn is slurm); the
// launcher decides and starts or submits.
import * as vscode from 'vscode';
import { noGpuNotice } from '#core/gpu/queryGpus';
import { formatRunDirName, validateDescriptiveName } from '#core/runs/runName';
import { queryConfiguredGpus } from '#client/launch/configuredGpus';
import { pickGpuSetting } from '#client/launch/gpuPicker';
import type { Launcher, LaunchResult } from '#client/launch/launcher';
import type { Prompts } from '#client/prompts';
import { gpuSetting, scriptSetting } from '#client/settings';
import { chooseWhere } from './launchWhere';
import { experimentFromArg, experimentOfActiveEditor, pickExperiment, runOrPick } from './targets';

export function registerLaunchCommands(context: vscode.ExtensionContext, launcher: Launcher, prompts: Prompts): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('experimentScripts.train', (arg?: unknown) => train(launcher, prompts, arg)),
    vscode.commands.registerCommand('experimentScripts.evaluateRun', (arg?: unknown) => launchOnRun(launcher, prompts, 'eval', arg)),
    vscode.commands.registerCommand('experimentScripts.plotRun', (arg?: unknown) => launchOnRun(launcher, prompts, 'plot', arg)),
    vscode.commands.registerCommand('experimentScripts.pickGpu', () => pickGpu(prompts)),
  );
}

/** Train with name…: on the experiment node or folder it was invoked on, else the active editor's, else a pick. */
async function train(launcher: Launcher, prompts: Prompts, arg: unknown): Promise<LaunchResult> {
  const experimentDir = await experimentFor(prompts, arg, 'Train with name…');
  if (!experimentDir) return { launched: false, message: 'No experiment was chosen.' };
  const name = await askRunName(prompts, experimentDir, 'Train');
  if (name === undefined) return { launched: false, message: 'Cancelled.' };
  const where = await chooseWhere(prompts, 'train', experimentDir);
  if (!where) return { launched: false, message: 'Cancelled.' };
  // The launcher checks the name again, as it checks everything else, before anything runs.
  return launcher.launch({
    target: { kind: 'train', name },
    experimentDir,
    on: where.on,
    slurmOptions: where.on === 'slurm' ? where.options : undefined,
  });
}

/** The experiment a command works on: the node or folder it was invoked on, else the active editor's, else a pick. */
export async function experimentFor(prompts: Prompts, arg: unknown, title: string): Promise<string | undefined> {
  return (await experimentFromArg(arg)) ?? (await experimentOfActiveEditor()) ?? (await pickExperiment(prompts, title));
}

/** Asks for the descriptive name of a train run, checked as it is typed; undefined when dismissed. */
export function askRunName(prompts: Prompts, experimentDir: string, verb: string): Thenable<string | undefined> {
  const trainScript = scriptSetting('train', vscode.Uri.file(experimentDir)).script;
  const shown = vscode.workspace.asRelativePath(experimentDir, true);
  return prompts.inputBox({
    title: `${verb} ${shown}`,
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
}

async function launchOnRun(launcher: Launcher, prompts: Prompts, kind: 'eval' | 'plot', arg: unknown): Promise<LaunchResult> {
  const run = await runOrPick(prompts, arg, kind === 'eval' ? 'Evaluate Run' : 'Plot Run');
  if (!run) return { launched: false, message: 'No run was chosen.' };
  const where = await chooseWhere(prompts, kind, run.experimentDir);
  if (!where) return { launched: false, message: 'Cancelled.' };
  return launcher.launch({
    target: { kind, run },
    experimentDir: run.experimentDir,
    on: where.on,
    slurmOptions: where.on === 'slurm' ? where.options : undefined,
  });
}

/** Choose GPU…: sets `experimentScripts.gpu` from a list of the GPUs with their memory, load and processes. */
async function pickGpu(prompts: Prompts): Promise<void> {
  const res = await queryConfiguredGpus();
  if (res.kind === 'no-nvidia-smi') {
    void prompts.notify('info', noGpuNotice(res));
    return;
  }
  if (res.kind === 'error') {
    void prompts.notify('error', `Could not list GPUs: ${res.message}`);
    return;
  }
  const pick = await pickGpuSetting(prompts, res.gpus, res.apps, gpuSetting());
  if (!pick) return;
  const value = pick.kind === 'gpu' ? String(pick.gpu.index) : pick.kind === 'cpu' ? 'none' : pick.value;
  const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration('experimentScripts').update('gpu', value, target);
  if (process.env.CUDA_VISIBLE_DEVICES !== undefined) {
    void prompts.notify(
      'info',
      `GPU setting saved, but CUDA_VISIBLE_DEVICES="${process.env.CUDA_VISIBLE_DEVICES}" is set in the environment VS Code was started with, ` +
        'and launched runs keep it. Start VS Code without CUDA_VISIBLE_DEVICES for the setting to apply.',
    );
  }
}
