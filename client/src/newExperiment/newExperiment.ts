// "New Experiment…": asks where, what name, which framework and which runner, then writes a self-contained
// experiment folder (train.py, eval.py, plot_curves.py, README.md, and pixi.toml for pixi) and opens train.py.
// The Run Explorer lists the folder on its own: it watches for train.py files. Nothing is run, so the command
// also works in Restricted Mode (there, nvidia-smi is not asked which CUDA version the driver supports).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '#core/errorMessage';
import { exists, isDirectory } from '#core/fileKinds';
import { nodeExecFile } from '#core/gpu/execFile';
import { findPixiManifest } from '#core/launch/pixiManifest';
import {
  allFrameworkChoices,
  driverCudaVersion,
  ExperimentRunner,
  FrameworkChoice,
  frameworkSpec,
  newExperimentFiles,
  parseFrameworkChoice,
  pytorchCudaVersionFor,
  sameFramework,
  validateExperimentName,
} from '#core/templates/index';
import type { Prompts } from '#client/prompts';
import { nvidiaSmiPath, runnerSetting } from '#client/settings';

export const NEW_EXPERIMENT_COMMAND = 'experimentScripts.newExperiment';

export interface NewExperimentResult {
  created: boolean;
  /** The new folder, when created. */
  experimentDir?: string;
  /** Absolute paths of the files written. */
  files?: string[];
  /** Why nothing was created (cancelled, refused answer). */
  message?: string;
}

const LAST_FRAMEWORK_KEY = 'experimentScripts.newExperiment.lastFramework';
const NVIDIA_SMI_TIMEOUT_MS = 3000;
const STEPS = 3;

export function registerNewExperiment(context: vscode.ExtensionContext, prompts: Prompts): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(NEW_EXPERIMENT_COMMAND, (folder?: unknown) => newExperiment(context, prompts, folder)),
  );
}

/** `folder`: the Explorer folder the command was invoked on, if any; else the workspace folder (asked when several). */
async function newExperiment(context: vscode.ExtensionContext, prompts: Prompts, folder: unknown): Promise<NewExperimentResult> {
  const refuse = (message: string): NewExperimentResult => {
    void prompts.notify('error', `New Experiment: ${message}`);
    return { created: false, message };
  };
  const cancelled: NewExperimentResult = { created: false, message: 'Cancelled.' };

  // The framework guess may ask nvidia-smi: start it now, while the user types the name.
  const guess = guessFramework(context);

  // 1. Where.
  let parentDir: string | undefined;
  let workspaceRoot: string | undefined;
  if (folder instanceof vscode.Uri) {
    const problem = await checkParentDir(folder);
    if (problem) return refuse(problem);
    parentDir = path.resolve(folder.fsPath);
    workspaceRoot = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(parentDir))?.uri.fsPath;
  } else {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    if (folders.length === 0) return refuse('open a folder first: the experiment is created inside it.');
    const picked =
      folders.length === 1
        ? folders[0]
        : (
            await prompts.quickPick(
              folders.map((f) => ({ label: f.name, description: f.uri.fsPath, folder: f })),
              { placeHolder: 'Create the experiment in which folder?', ignoreFocusOut: true },
            )
          )?.folder;
    if (!picked) return cancelled;
    parentDir = picked.uri.fsPath;
    workspaceRoot = parentDir;
  }
  const shownParent = shownFolder(parentDir);

  // 2. Name: checked as it is typed, and again once entered.
  const name = await prompts.inputBox({
    title: `New Experiment (1/${STEPS}): name`,
    prompt: `Name of the experiment folder, created in ${shownParent}`,
    placeHolder: 'e.g. mnist-baseline',
    ignoreFocusOut: true,
    validateInput: async (value) =>
      (await checkName(parentDir, value)) ?? {
        message: `Creates ${shownParent}/${value}/ with train.py, eval.py, plot_curves.py and a README`,
        severity: vscode.InputBoxValidationSeverity.Info,
      },
  });
  if (name === undefined) return cancelled;
  const nameProblem = await checkName(parentDir, name);
  if (nameProblem) return refuse(nameProblem);
  const experimentDir = path.join(parentDir, name);

  // 3. Framework.
  const framework = await pickFramework(prompts, await guess);
  if (!framework) return cancelled;

  // 4. Runner.
  const pixiManifest = findPixiManifest(experimentDir, workspaceRoot);
  const runner = await pickRunner(prompts, defaultRunner(parentDir, pixiManifest), pixiManifest && path.relative(parentDir, pixiManifest));
  if (!runner) return cancelled;

  const files = newExperimentFiles({
    name,
    framework,
    runner,
    existingPixiManifest: pixiManifest && path.relative(experimentDir, pixiManifest).split(path.sep).join('/'),
  });
  const written: string[] = [];
  try {
    // The name was checked a moment ago; check again right before writing, so nothing that appeared since is replaced.
    if (await exists(experimentDir)) return refuse(`${shownParent}/${name} already exists.`);
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(experimentDir));
    for (const file of files) {
      const uri = vscode.Uri.file(path.join(experimentDir, ...file.path.split('/')));
      if (await exists(uri.fsPath)) return refuse(`${vscode.workspace.asRelativePath(uri, true)} already exists; it was left as it is.`);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(file.content));
      written.push(uri.fsPath);
    }
  } catch (err) {
    return refuse(`could not write ${shownParent}/${name}: ${errorMessage(err)}`);
  }
  await context.globalState.update(LAST_FRAMEWORK_KEY, framework);
  await vscode.window.showTextDocument(vscode.Uri.file(path.join(experimentDir, 'train.py')), { preview: false });
  return { created: true, experimentDir, files: written };
}

/** A folder as the user knows it: the workspace folder's name, or a path relative to the workspace. */
function shownFolder(dir: string): string {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(dir));
  if (folder && path.resolve(folder.uri.fsPath) === path.resolve(dir)) return folder.name;
  return vscode.workspace.asRelativePath(dir, true);
}

/** Why the folder cannot hold a new experiment; undefined when it can. */
async function checkParentDir(folder: vscode.Uri): Promise<string | undefined> {
  if (folder.scheme !== 'file') return `${folder.toString()} is not a folder on this machine.`;
  const dir = path.resolve(folder.fsPath);
  if (!vscode.workspace.getWorkspaceFolder(vscode.Uri.file(dir))) return `${dir} is not inside a folder of this workspace.`;
  if (!(await exists(dir))) return `${dir} does not exist.`;
  if (!(await isDirectory(dir))) return `${dir} is not a folder.`;
  return undefined;
}

/** Why `name` cannot be the new folder in `parentDir`; undefined when it can. */
async function checkName(parentDir: string, name: string): Promise<string | undefined> {
  const problem = validateExperimentName(name);
  if (problem) return problem;
  if (await exists(path.join(parentDir, name))) return `"${name}" already exists here; choose another name.`;
  return undefined;
}

/**
 * The framework to pre-select: the last one chosen, else PyTorch on the newest CUDA version the driver supports
 * when nvidia-smi answers, else PyTorch on the CPU. In Restricted Mode nvidia-smi is not run.
 */
async function guessFramework(context: vscode.ExtensionContext): Promise<FrameworkChoice> {
  const last = context.globalState.get<{ id?: unknown; cudaVersion?: unknown }>(LAST_FRAMEWORK_KEY);
  if (last) {
    const parsed = parseFrameworkChoice(last.id, last.cudaVersion);
    if (typeof parsed !== 'string') return parsed;
  }
  if (!vscode.workspace.isTrusted) return { id: 'pytorch-cpu' };
  const res = await nodeExecFile(nvidiaSmiPath(), [], { timeoutMs: NVIDIA_SMI_TIMEOUT_MS });
  if (res.exitCode !== 0) return { id: 'pytorch-cpu' };
  const cudaVersion = pytorchCudaVersionFor(driverCudaVersion(res.stdout));
  return cudaVersion ? { id: 'pytorch-cuda', cudaVersion } : { id: 'pytorch-cpu' };
}

interface FrameworkItem extends vscode.QuickPickItem {
  choice?: FrameworkChoice;
}

async function pickFramework(prompts: Prompts, preselect: FrameworkChoice): Promise<FrameworkChoice | undefined> {
  const items: FrameworkItem[] = [];
  for (const choice of allFrameworkChoices()) {
    if (choice.id === 'pytorch-cpu') items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
    const spec = frameworkSpec(choice);
    items.push({ label: spec.label, description: spec.description, choice });
  }
  const picked = await prompts.quickPick(items, {
    title: `New Experiment (2/${STEPS}): framework`,
    placeHolder: 'The framework train.py and eval.py use (GPU builds where the framework has them)',
    ignoreFocusOut: true,
    active: items.find((i) => i.choice && sameFramework(i.choice, preselect)),
  });
  return picked?.choice;
}

/** The runner setting when it names one of the runners; else pixi when a pixi manifest applies to the new folder, else uv. */
function defaultRunner(parentDir: string, pixiManifest: string | undefined): ExperimentRunner {
  const setting = runnerSetting(vscode.Uri.file(parentDir));
  if (setting === 'uv' || setting === 'pixi' || setting === 'pixi-script') return setting;
  return pixiManifest ? 'pixi' : 'uv';
}

async function pickRunner(
  prompts: Prompts,
  preselect: ExperimentRunner,
  pixiManifest: string | undefined,
): Promise<ExperimentRunner | undefined> {
  const items: (vscode.QuickPickItem & { runner: ExperimentRunner })[] = [
    { runner: 'uv', label: 'uv', description: 'uv run train.py <name>: each script brings its dependencies in its header' },
    {
      runner: 'pixi',
      label: 'pixi',
      description: pixiManifest
        ? `pixi run python train.py <name>: in the environment of ${pixiManifest}`
        : 'pixi run python train.py <name>: adds a pixi.toml with a GPU environment where the framework has one',
    },
    {
      runner: 'pixi-script',
      label: 'pixi script (no manifest)',
      description: "pixi run --script train.py <name>: each script's header carries its conda packages and CUDA, no pixi.toml",
    },
  ];
  const ordered = [...items.filter((i) => i.runner === preselect), ...items.filter((i) => i.runner !== preselect)];
  const picked = await prompts.quickPick(ordered, {
    title: `New Experiment (3/${STEPS}): runner`,
    placeHolder: 'How the scripts are run',
    ignoreFocusOut: true,
  });
  return picked?.runner;
}
