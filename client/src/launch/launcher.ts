// Launches train / eval / plot as VS Code tasks (a process, never a shell), on the GPU the settings choose, and
// records how each launch ended in the run's record so the Run Explorer can show it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ExecFileFn, nodeExecFile } from '#core/gpu/execFile';
import { ComputeApp, GpuInfo } from '#core/gpu/gpuInfo';
import { GpuQueryResult, noGpuNotice, queryGpus } from '#core/gpu/queryGpus';
import { GpuResolution, resolveGpuSetting, useIndices } from '#core/gpu/resolveGpuSetting';
import { findCudaRequests } from '#core/launch/cudaWheels';
import { findExecutable } from '#core/launch/findExecutable';
import { describeCommand, LaunchRefused } from '#core/launch/launchCommand';
import { LaunchPlan, LaunchTarget, planLaunch } from '#core/launch/launchPlan';
import { findNewRunDir } from '#core/launch/newRunDir';
import { findPixiManifest } from '#core/launch/pixiManifest';
import { headerDeclaresPixi, readScriptText } from '#core/launch/scriptHeader';
import { LaunchKind } from '#core/launch/taskName';
import { writeRunRecord } from '#core/runs/runRecord';
import { pickGpuForLaunch } from './gpuPicker';
import { resolvePythonInterpreter } from './pythonInterpreter';
import { refuseWhenUntrusted } from './trust';
import { gpuSetting, nvidiaSmiPath, pythonPathSetting, runnerSetting, scriptSetting } from '#client/settings';

export const TASK_TYPE = 'experimentScripts';
/** The newest messages are kept; a long session must not grow without bound. */
const MAX_NOTICES_KEPT = 200;

/** Answers that replace the launch's questions (used by the end-to-end tests; the same checks still run). */
export interface LaunchAnswers {
  /** Device for `ask`: a GPU index, or `cpu`. */
  gpu?: number | 'cpu';
  /** Answer to "this header asks for CUDA but there is no GPU". */
  runAnyway?: boolean;
}

export interface LaunchRequest {
  target: LaunchTarget;
  experimentDir: string;
  answers?: LaunchAnswers;
}

export interface LaunchResult {
  launched: boolean;
  launchId?: number;
  taskName?: string;
  /** Why nothing was launched (also shown to the user). */
  message?: string;
}

export interface LaunchEnd {
  launchId: number;
  kind: LaunchKind;
  taskName: string;
  /** Undefined when the process could not start or was ended without an exit code. */
  exitCode: number | undefined;
  /** The run folder the launch worked on (for train: the one it created), if known. */
  runDir: string | undefined;
}

/** A message the launcher showed the user (kept so that tests can read what a person would have seen). */
export interface LaunchNotice {
  severity: 'info' | 'warning' | 'error';
  message: string;
}

export interface ActiveLaunch {
  launchId: number;
  plan: LaunchPlan;
  gpus: GpuInfo[];
  experimentDir: string;
  startedAt: Date;
  runDir?: string;
  pid?: number;
  execution?: vscode.TaskExecution;
}

export class Launcher implements vscode.Disposable {
  private nextId = 1;
  private readonly active = new Map<number, ActiveLaunch>();
  private readonly ended = new Map<number, LaunchEnd>();
  private readonly waiters = new Map<number, ((end: LaunchEnd) => void)[]>();
  private readonly toldOnce = new Set<string>();
  private disposed = false;
  private readonly shown: LaunchNotice[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly endEmitter = new vscode.EventEmitter<LaunchEnd>();
  private readonly activeEmitter = new vscode.EventEmitter<void>();
  /** Fires when a launched task has ended and its record is written. */
  readonly onDidEnd = this.endEmitter.event;
  /** Fires when the set of running launches changes. */
  readonly onDidChangeActive = this.activeEmitter.event;

  /**
   * @param runChanged re-reads a run in the Run Explorer after its record changed; without it, the whole tree is
   *   refreshed (its file watcher can miss a record written right after the folder event it handled).
   */
  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly runChanged?: (runDir: string) => Promise<void>,
    private readonly exec: ExecFileFn = nodeExecFile,
  ) {
    this.disposables.push(
      this.endEmitter,
      this.activeEmitter,
      vscode.tasks.onDidStartTaskProcess((e) => this.started(e.execution, e.processId)),
      vscode.tasks.onDidEndTaskProcess((e) => void this.finish(e.execution, e.exitCode)),
      // A task whose process never started (missing program) ends without a process end.
      vscode.tasks.onDidEndTask((e) => void this.finish(e.execution, undefined)),
    );
  }

  dispose(): void {
    this.disposed = true;
    for (const d of this.disposables) d.dispose();
  }

  /** The messages shown so far (the newest 200), oldest first. */
  notices(): readonly LaunchNotice[] {
    return [...this.shown];
  }

  activeLaunches(): ActiveLaunch[] {
    return [...this.active.values()];
  }

  /** Resolves when the launch ends (at once if it already has). */
  waitForEnd(launchId: number): Promise<LaunchEnd> {
    const done = this.ended.get(launchId);
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => this.waiters.set(launchId, [...(this.waiters.get(launchId) ?? []), resolve]));
  }

  /** Queries nvidia-smi with the configured program. */
  queryGpus(resource?: vscode.Uri, withoutApps = false): Promise<GpuQueryResult> {
    return queryGpus(this.exec, { program: nvidiaSmiPath(resource), withoutApps });
  }

  async launch(request: LaunchRequest): Promise<LaunchResult> {
    const { target, answers = {} } = request;
    const what = { train: 'Training', eval: 'Evaluating a run', plot: 'Plotting a run' }[target.kind];
    const untrusted = refuseWhenUntrusted(what);
    if (untrusted !== undefined) {
      this.record({ severity: 'warning', message: untrusted });
      return { launched: false, message: untrusted };
    }

    const experimentDir = path.resolve(request.experimentDir);
    const folderUri = vscode.Uri.file(experimentDir);
    // Trust is granted to the workspace's folders: nothing outside them is launched, whoever asks.
    const workspaceFolder = vscode.workspace.getWorkspaceFolder(folderUri);
    if (!workspaceFolder) return this.refuse(`${experimentDir} is not inside an open workspace folder.`);
    const { script, key: scriptKey } = scriptSetting(target.kind, folderUri);
    const scriptPath = path.resolve(experimentDir, script);
    if (!isFile(scriptPath)) {
      return this.refuse(`${this.shortDir(experimentDir)} has no ${script} (setting experimentScripts.${scriptKey}).`);
    }
    if (target.kind === 'train') {
      // The same check planLaunch makes, first, so that a bad name never costs an nvidia-smi call.
      try {
        planLaunch({
          target,
          experimentDir,
          script,
          runnerSetting: 'uv',
          gpu: { kind: 'cpu', cudaVisibleDevices: undefined, device: 'CPU' },
        });
      } catch (err) {
        if (err instanceof LaunchRefused) return this.refuse(`Run name refused: ${err.message}`);
        throw err;
      }
    } else if (!isDirectory(target.run.path)) {
      return this.refuse(`The run ${target.run.relativePath} no longer exists in ${this.shortDir(experimentDir)}.`);
    }

    const gpu = await this.chooseDevice(folderUri, answers, `${what}: which device?`);
    if (!gpu) return { launched: false, message: 'No device was chosen.' };
    if ('message' in gpu) return this.refuse(gpu.message);

    const scriptText = readScriptText(scriptPath) ?? '';
    if (gpu.resolution.kind === 'cpu' && gpu.noGpu) {
      const requests = findCudaRequests(scriptText);
      if (requests.length > 0) {
        const asked = requests.map((r) => `${r.what} (line ${r.line})`).join(', ');
        const message = `${script} asks for CUDA builds: ${asked}, but this machine has no GPU. Running it may download large CUDA packages, or fail.`;
        const go = answers.runAnyway ?? (await vscode.window.showWarningMessage(message, { modal: true }, 'Run anyway')) === 'Run anyway';
        if (!go) return { launched: false, message: 'Cancelled: the script asks for CUDA and there is no GPU.' };
      }
    }

    const runner = runnerSetting(folderUri);
    const pixiManifest = runner === 'auto' || runner === 'pixi' ? findPixiManifest(experimentDir, workspaceFolder.uri.fsPath) : undefined;
    const python = runner === 'python' ? await resolvePythonInterpreter(pythonPathSetting(folderUri), folderUri) : undefined;

    let plan: LaunchPlan;
    try {
      plan = planLaunch({
        target,
        experimentDir,
        script,
        runnerSetting: runner,
        pixiManifest,
        headerDeclaresPixi: headerDeclaresPixi(scriptText),
        python,
        gpu: gpu.resolution,
      });
    } catch (err) {
      if (err instanceof LaunchRefused) return this.refuse(err.message);
      throw err;
    }
    const { command } = plan;
    // The program found here is the one the task runs: the check and the run cannot disagree about PATH.
    const program = findExecutable(command.command, process.env.PATH, experimentDir);
    if (!program) {
      const hint =
        command.command === 'uv' || command.command === 'pixi'
          ? `Install ${command.command}, or choose another runner in the experimentScripts.runner setting.`
          : 'Check the experimentScripts.pythonPath setting.';
      return this.refuse(`${command.command} was not found${command.command.includes('/') ? '' : ' on PATH'}. ${hint}`);
    }

    const launchId = this.nextId++;
    const task = new vscode.Task(
      { type: TASK_TYPE, script: target.kind, target: target.kind === 'train' ? target.name : target.run.dirName, launchId },
      workspaceFolder,
      plan.taskName,
      'Experiments',
      new vscode.ProcessExecution(program, command.args, { cwd: command.cwd, env: command.env }),
      [],
    );
    task.presentationOptions = {
      reveal: vscode.TaskRevealKind.Always,
      panel: vscode.TaskPanelKind.Dedicated,
      clear: true,
      focus: false,
      showReuseMessage: false,
    };
    const launch: ActiveLaunch = {
      launchId,
      plan,
      gpus: gpu.resolution.kind === 'gpus' ? gpu.resolution.gpus : [],
      experimentDir,
      startedAt: new Date(),
      runDir: target.kind === 'train' ? undefined : target.run.path,
    };
    this.active.set(launchId, launch);
    this.log.info(`[${launchId}] ${plan.taskName}: ${describeCommand(command)} (in ${command.cwd}${envText(command.env)})`);
    try {
      launch.execution = await vscode.tasks.executeTask(task);
    } catch (err) {
      this.active.delete(launchId);
      return this.refuse(`Could not start ${plan.taskName}: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.activeEmitter.fire();
    return { launched: true, launchId, taskName: plan.taskName };
  }

  /** The device for one launch, or a message saying why there is none; undefined when the user cancelled a pick. */
  private async chooseDevice(
    resource: vscode.Uri,
    answers: LaunchAnswers,
    title: string,
  ): Promise<
    { resolution: Exclude<GpuResolution, { kind: 'ask' } | { kind: 'invalid' }>; noGpu: boolean } | { message: string } | undefined
  > {
    const setting = gpuSetting(resource);
    const env = process.env;
    let gpus: GpuInfo[] = [];
    let apps: ComputeApp[] = [];
    let noGpu = false;
    const needsQuery = env.CUDA_VISIBLE_DEVICES === undefined && setting.trim().toLowerCase() !== 'none';
    if (needsQuery) {
      const res = await this.queryGpus(resource);
      if (res.kind === 'error') {
        this.log.warn(`GPU query failed: ${res.message}`);
        this.notify('warning', `Could not list GPUs: ${res.message} The run starts without a GPU choice.`);
        return { resolution: { kind: 'cpu', cudaVisibleDevices: undefined, device: 'GPU unknown' }, noGpu: false };
      }
      if (res.kind === 'ok') ({ gpus, apps } = res);
      const notice = noGpuNotice(res);
      noGpu = notice !== undefined;
      if (notice) this.tellOnce('no-gpu', notice);
    }
    let resolution = resolveGpuSetting(setting, env, gpus, apps);
    if (resolution.kind === 'ask') {
      if (answers.gpu !== undefined) {
        resolution = answers.gpu === 'cpu' ? { kind: 'cpu', cudaVisibleDevices: '', device: 'CPU' } : useIndices([answers.gpu], gpus);
      } else {
        const pick = await pickGpuForLaunch(gpus, apps, title);
        if (!pick) return undefined;
        resolution = pick.kind === 'gpu' ? useIndices([pick.gpu.index], gpus) : { kind: 'cpu', cudaVisibleDevices: '', device: 'CPU' };
      }
    }
    if (resolution.kind === 'invalid') return { message: resolution.message };
    if (resolution.kind === 'ask') return undefined;
    if (resolution.kind === 'inherited') this.tellOnce('inherited', resolution.notice);
    else if (resolution.notice) this.notify('info', resolution.notice);
    return { resolution, noGpu };
  }

  private started(execution: vscode.TaskExecution, pid: number): void {
    const launch = this.launchOf(execution);
    if (!launch) return;
    launch.pid = pid;
    const entry = () => ({
      exitCode: null,
      startedAt: launch.startedAt.toISOString(),
      argv: argvOf(launch.plan),
      pid,
      runner: launch.plan.runner,
    });
    if (launch.runDir) {
      void writeRunRecord(launch.runDir, launch.plan.kind, entry()).catch((err) => this.log.warn(`run record: ${String(err)}`));
      return;
    }
    // Train creates its run folder itself: watch for it briefly so the run shows as running with its process.
    const deadline = Date.now() + 120_000;
    const look = () => {
      if (this.disposed || !this.active.has(launch.launchId) || launch.runDir) return;
      const found = this.findTrainRunDir(launch);
      if (found) {
        launch.runDir = found;
        void writeRunRecord(found, 'train', entry()).catch((err) => this.log.warn(`run record: ${String(err)}`));
      } else if (Date.now() < deadline) setTimeout(look, 500);
    };
    look();
  }

  private async finish(execution: vscode.TaskExecution, exitCode: number | undefined): Promise<void> {
    const launch = this.launchOf(execution);
    if (!launch || !this.active.has(launch.launchId)) return;
    this.active.delete(launch.launchId);
    this.activeEmitter.fire();
    const runDir = launch.plan.kind === 'train' ? (launch.runDir ?? this.findTrainRunDir(launch)) : launch.runDir;
    if (runDir && isDirectory(runDir)) {
      const entry = {
        exitCode: exitCode ?? null,
        startedAt: launch.startedAt.toISOString(),
        endedAt: new Date().toISOString(),
        argv: argvOf(launch.plan),
        ...(launch.pid !== undefined ? { pid: launch.pid } : {}),
        runner: launch.plan.runner,
      };
      await writeRunRecord(runDir, launch.plan.kind, entry).catch((err) => this.log.warn(`run record for ${runDir}: ${String(err)}`));
    }
    this.log.info(`[${launch.launchId}] ${launch.plan.taskName} ended (exit code ${exitCode ?? 'none'})${runDir ? `: ${runDir}` : ''}`);
    if (runDir && this.runChanged) await this.runChanged(runDir).catch((err) => this.log.warn(`refresh ${runDir}: ${String(err)}`));
    else await vscode.commands.executeCommand('experimentScripts.refresh').then(undefined, () => undefined);
    const end: LaunchEnd = { launchId: launch.launchId, kind: launch.plan.kind, taskName: launch.plan.taskName, exitCode, runDir };
    this.ended.set(launch.launchId, end);
    for (const resolve of this.waiters.get(launch.launchId) ?? []) resolve(end);
    this.waiters.delete(launch.launchId);
    this.endEmitter.fire(end);
  }

  private findTrainRunDir(launch: ActiveLaunch): string | undefined {
    if (launch.plan.kind !== 'train') return undefined;
    const runsDir = path.join(launch.experimentDir, 'runs');
    let names: string[];
    try {
      names = fs.readdirSync(runsDir);
    } catch {
      return undefined;
    }
    const found = findNewRunDir(names, launch.plan.scriptArgs[0], launch.startedAt);
    return found ? path.join(runsDir, found) : undefined;
  }

  private launchOf(execution: vscode.TaskExecution): ActiveLaunch | undefined {
    const def = execution.task.definition;
    if (def.type !== TASK_TYPE || typeof def.launchId !== 'number') return undefined;
    return this.active.get(def.launchId);
  }

  private refuse(message: string): LaunchResult {
    this.notify('error', message);
    this.log.warn(message);
    return { launched: false, message };
  }

  private tellOnce(key: string, message: string): void {
    if (this.toldOnce.has(key)) return;
    this.toldOnce.add(key);
    this.log.info(message);
    this.notify('info', message);
  }

  private notify(severity: LaunchNotice['severity'], message: string): void {
    this.record({ severity, message });
    if (severity === 'error') void vscode.window.showErrorMessage(message);
    else if (severity === 'warning') void vscode.window.showWarningMessage(message);
    else void vscode.window.showInformationMessage(message);
  }

  private record(notice: LaunchNotice): void {
    this.shown.push(notice);
    if (this.shown.length > MAX_NOTICES_KEPT) this.shown.splice(0, this.shown.length - MAX_NOTICES_KEPT);
  }

  private shortDir(dir: string): string {
    return vscode.workspace.asRelativePath(dir, true) + '/';
  }
}

function argvOf(plan: LaunchPlan): string[] {
  return [plan.command.command, ...plan.command.args];
}

function envText(env: Record<string, string>): string {
  const parts = Object.entries(env).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return parts.length ? `, ${parts.join(' ')}` : '';
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
