// "New Experiment…": asks where, what name, which framework and which runner, then writes a self-contained
// experiment folder (train.py, eval.py, plot_curves.py, README.md, and pixi.toml for pixi) and opens train.py.
// The Run Explorer lists the folder on its own: it watches for train.py files. Nothing is run, so the command
// also works in Restricted Mode (there, nvidia-smi is not asked which CUDA version the driver supports).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { nodeExecFile } from '#core/gpu/execFile';
import { findPixiManifest } from '#core/launch/pixiManifest';
import {
  EXPERIMENT_RUNNERS,
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
import { nvidiaSmiPath, runnerSetting } from '#client/settings';

export const NEW_EXPERIMENT_COMMAND = 'experimentScripts.newExperiment';

/**
 * Optional argument of the command, so that tests (and other extensions) can answer the questions without UI.
 * Each answer is checked exactly as a typed or picked one would be; unanswered questions are asked.
 */
export interface NewExperimentAnswers {
  /** Folder to create the experiment in: a workspace folder or a folder inside one. */
  parentDir?: string;
  name?: string;
  /** `pytorch-cuda`, `pytorch-cpu`, `jax-cuda12`, `tensorflow` or `numpy-only`. */
  framework?: string;
  /** For `pytorch-cuda`: a CUDA version PyTorch publishes wheels for, e.g. `12.8` (default: the newest). */
  cudaVersion?: string;
  runner?: ExperimentRunner;
  /** Open train.py afterwards (default true). */
  open?: boolean;
}

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

export function registerNewExperiment(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand(NEW_EXPERIMENT_COMMAND, (arg?: unknown) => newExperiment(context, arg)));
}

async function newExperiment(context: vscode.ExtensionContext, arg: unknown): Promise<NewExperimentResult> {
  const answers: NewExperimentAnswers = isAnswers(arg) ? arg : {};
  const refuse = (message: string): NewExperimentResult => {
    void vscode.window.showErrorMessage(`New Experiment: ${message}`);
    return { created: false, message };
  };
  const cancelled: NewExperimentResult = { created: false, message: 'Cancelled.' };

  // The framework guess may ask nvidia-smi: start it now, while the user types the name.
  const guess = answers.framework === undefined ? guessFramework(context) : undefined;

  // 1. Where.
  let parentDir: string | undefined;
  let workspaceRoot: string | undefined;
  if (answers.parentDir !== undefined || arg instanceof vscode.Uri) {
    const given = answers.parentDir ?? (arg as vscode.Uri).fsPath;
    const problem = await checkParentDir(given);
    if (problem) return refuse(problem);
    parentDir = path.resolve(given);
    workspaceRoot = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(parentDir))?.uri.fsPath;
  } else {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    if (folders.length === 0) return refuse('open a folder first: the experiment is created inside it.');
    const folder =
      folders.length === 1
        ? folders[0]
        : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Create the experiment in which folder?', ignoreFocusOut: true });
    if (!folder) return cancelled;
    parentDir = folder.uri.fsPath;
    workspaceRoot = parentDir;
  }
  const shownParent = shownFolder(parentDir);

  // 2. Name.
  let name = answers.name;
  if (name !== undefined) {
    const problem = typeof name === 'string' ? await checkName(parentDir, name) : 'the name must be a string.';
    if (problem) return refuse(problem);
  } else {
    name = await vscode.window.showInputBox({
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
  }
  const experimentDir = path.join(parentDir, name);

  // 3. Framework.
  let framework: FrameworkChoice;
  if (answers.framework !== undefined) {
    const parsed = parseFrameworkChoice(answers.framework, answers.cudaVersion);
    if (typeof parsed === 'string') return refuse(parsed);
    framework = parsed;
  } else {
    const picked = await pickFramework(await guess!);
    if (!picked) return cancelled;
    framework = picked;
  }

  // 4. Runner.
  const pixiManifest = findPixiManifest(experimentDir, workspaceRoot);
  let runner: ExperimentRunner;
  if (answers.runner !== undefined) {
    if (!EXPERIMENT_RUNNERS.includes(answers.runner))
      return refuse(`unknown runner ${JSON.stringify(answers.runner)}; use uv, pixi or pixi-script.`);
    runner = answers.runner;
  } else {
    const picked = await pickRunner(defaultRunner(parentDir, pixiManifest), pixiManifest && path.relative(parentDir, pixiManifest));
    if (!picked) return cancelled;
    runner = picked;
  }

  const files = newExperimentFiles({
    name,
    framework,
    runner,
    existingPixiManifest: pixiManifest && path.relative(experimentDir, pixiManifest).split(path.sep).join('/'),
  });
  const written: string[] = [];
  try {
    // The name was checked a moment ago; check again right before writing, so nothing that appeared since is replaced.
    if (await exists(vscode.Uri.file(experimentDir))) return refuse(`${shownParent}/${name} already exists.`);
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(experimentDir));
    for (const file of files) {
      const uri = vscode.Uri.file(path.join(experimentDir, ...file.path.split('/')));
      if (await exists(uri)) return refuse(`${vscode.workspace.asRelativePath(uri, true)} already exists; it was left as it is.`);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(file.content));
      written.push(uri.fsPath);
    }
  } catch (err) {
    return refuse(`could not write ${shownParent}/${name}: ${err instanceof Error ? err.message : String(err)}`);
  }
  await context.globalState.update(LAST_FRAMEWORK_KEY, framework);
  if (answers.open !== false) {
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(experimentDir, 'train.py')), { preview: false });
  }
  return { created: true, experimentDir, files: written };
}

/** A folder as the user knows it: the workspace folder's name, or a path relative to the workspace. */
function shownFolder(dir: string): string {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(dir));
  if (folder && path.resolve(folder.uri.fsPath) === path.resolve(dir)) return folder.name;
  return vscode.workspace.asRelativePath(dir, true);
}

function isAnswers(arg: unknown): arg is NewExperimentAnswers {
  return typeof arg === 'object' && arg !== null && !Array.isArray(arg) && !(arg instanceof vscode.Uri);
}

/** Why `dir` cannot hold a new experiment; undefined when it can. */
async function checkParentDir(dir: unknown): Promise<string | undefined> {
  if (typeof dir !== 'string' || dir.trim() === '' || !path.isAbsolute(dir))
    return `the folder must be an absolute path (got ${JSON.stringify(dir)}).`;
  const uri = vscode.Uri.file(path.resolve(dir));
  if (!vscode.workspace.getWorkspaceFolder(uri)) return `${dir} is not inside a folder of this workspace.`;
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if ((stat.type & vscode.FileType.Directory) === 0) return `${dir} is not a folder.`;
  } catch {
    return `${dir} does not exist.`;
  }
  return undefined;
}

/** Why `name` cannot be the new folder in `parentDir`; undefined when it can. */
async function checkName(parentDir: string, name: string): Promise<string | undefined> {
  const problem = validateExperimentName(name);
  if (problem) return problem;
  if (await exists(vscode.Uri.file(path.join(parentDir, name)))) return `"${name}" already exists here; choose another name.`;
  return undefined;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
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

async function pickFramework(preselect: FrameworkChoice): Promise<FrameworkChoice | undefined> {
  const items: FrameworkItem[] = [];
  for (const choice of allFrameworkChoices()) {
    if (choice.id === 'pytorch-cpu') items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
    const spec = frameworkSpec(choice);
    items.push({ label: spec.label, description: spec.description, choice });
  }
  const pick = vscode.window.createQuickPick<FrameworkItem>();
  pick.title = `New Experiment (2/${STEPS}): framework`;
  pick.placeholder = 'The framework train.py and eval.py use (GPU builds where the framework has them)';
  pick.ignoreFocusOut = true;
  pick.items = items;
  pick.activeItems = items.filter((i) => i.choice && sameFramework(i.choice, preselect));
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.choice);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

/** The runner setting when it names uv or pixi; else pixi when a pixi manifest applies to the new folder, else uv. */
function defaultRunner(parentDir: string, pixiManifest: string | undefined): ExperimentRunner {
  const setting = runnerSetting(vscode.Uri.file(parentDir));
  if (setting === 'uv' || setting === 'pixi' || setting === 'pixi-script') return setting;
  return pixiManifest ? 'pixi' : 'uv';
}

async function pickRunner(preselect: ExperimentRunner, pixiManifest: string | undefined): Promise<ExperimentRunner | undefined> {
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
  const picked = await vscode.window.showQuickPick(ordered, {
    title: `New Experiment (3/${STEPS}): runner`,
    placeHolder: 'How the scripts are run',
    ignoreFocusOut: true,
  });
  return picked?.runner;
}
