// Launched scripts from start to end: runs each plan as a VS Code task (a process, never a shell), follows its
// process, and records in the run's record when it started (with its process id) and how it ended, so that the Run
// Explorer can show it. A train script names its run folder itself; the folder is taken from the Run Explorer's
// watcher as it appears, and looked up once more when the script ends.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GpuInfo } from '#core/gpu/gpuInfo';
import { isDirectory } from '#core/fileKinds';
import { describeCommand } from '#core/launch/launchCommand';
import type { LaunchPlan } from '#core/launch/launchPlan';
import { launchEndEntry, launchStartEntry } from '#core/launch/launchRecord';
import { findNewRunDir } from '#core/launch/newRunDir';
import type { LaunchKind } from '#core/launch/taskName';
import { RUNS_DIR } from '#core/runs/experimentFolder';
import { writeRunRecord } from '#core/runs/runRecord';
import type { Log } from '#client/log';
import type { RunsEntryCreated } from '#client/runExplorer/index';

export const TASK_TYPE = 'experimentScripts';

export interface LaunchEnd {
  launchId: number;
  kind: LaunchKind;
  taskName: string;
  /** Undefined when the process could not start or was ended without an exit code. */
  exitCode: number | undefined;
  /** The run folder the launch worked on (for train: the one it created), if known. */
  runDir: string | undefined;
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
  /** Ends the watch of runs/ that tells a train launch which folder it created. */
  runsWatch?: vscode.Disposable;
}

/** Where run folders are seen appearing, and how a run is shown again once its record changed: the Run Explorer. */
export interface RunFolders {
  /** Watches the experiment's runs/ (whether or not the tree lists it) until disposed. */
  watchRuns(experimentDir: string): vscode.Disposable;
  onDidCreateInRuns: vscode.Event<RunsEntryCreated>;
  refreshRun(runDir: string): Promise<void>;
}

export interface TaskStart {
  plan: LaunchPlan;
  /** Where the plan's program was found (on the extension host's PATH): the task runs that very file. */
  program: string;
  workspaceFolder: vscode.WorkspaceFolder;
  experimentDir: string;
  /** The run folder of an eval or plot launch; undefined for train, which creates its own. */
  runDir: string | undefined;
  /** What the task definition names: the run name (train) or the run folder name (eval, plot). */
  target: string;
  gpus: GpuInfo[];
}

export class LaunchTracker implements vscode.Disposable {
  private nextId = 1;
  private readonly active = new Map<number, ActiveLaunch>();
  private readonly ended = new Map<number, LaunchEnd>();
  private readonly waiters = new Map<number, ((end: LaunchEnd) => void)[]>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly endEmitter = new vscode.EventEmitter<LaunchEnd>();
  private readonly activeEmitter = new vscode.EventEmitter<void>();
  /** Fires when a launched task has ended and its record is written. */
  readonly onDidEnd = this.endEmitter.event;
  /** Fires when the set of running launches changes. */
  readonly onDidChangeActive = this.activeEmitter.event;
  private readonly processEmitter = new vscode.EventEmitter<{ launchId: number; pid: number }>();
  /** Fires when a launch's process has started, with its process id. */
  readonly onDidStartProcess = this.processEmitter.event;

  constructor(
    private readonly log: Log,
    private readonly runFolders: RunFolders,
  ) {
    this.disposables.push(
      this.endEmitter,
      this.activeEmitter,
      this.processEmitter,
      vscode.tasks.onDidStartTaskProcess((e) => this.started(e.execution, e.processId)),
      vscode.tasks.onDidEndTaskProcess((e) => void this.finish(e.execution, e.exitCode)),
      // A task whose process never started (missing program) ends without a process end.
      vscode.tasks.onDidEndTask((e) => void this.finish(e.execution, undefined)),
      runFolders.onDidCreateInRuns((e) => void this.runsEntryCreated(e)),
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
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

  /** Starts the plan as a task and returns its launch id; throws when VS Code cannot start it. */
  async start(start: TaskStart): Promise<number> {
    const { plan } = start;
    const launchId = this.nextId++;
    const task = new vscode.Task(
      { type: TASK_TYPE, script: plan.kind, target: start.target, launchId },
      start.workspaceFolder,
      plan.taskName,
      'Experiments',
      new vscode.ProcessExecution(start.program, plan.command.args, { cwd: plan.command.cwd, env: plan.command.env }),
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
      gpus: start.gpus,
      experimentDir: start.experimentDir,
      startedAt: new Date(),
      runDir: start.runDir,
    };
    this.active.set(launchId, launch);
    if (plan.kind === 'train') launch.runsWatch = this.runFolders.watchRuns(start.experimentDir);
    const { command } = plan;
    this.log.info(`[${launchId}] ${plan.taskName}: ${describeCommand(command)} (in ${command.cwd}${envText(command.env)})`);
    try {
      launch.execution = await vscode.tasks.executeTask(task);
    } catch (err) {
      this.active.delete(launchId);
      launch.runsWatch?.dispose();
      throw err;
    }
    this.activeEmitter.fire();
    return launchId;
  }

  private started(execution: vscode.TaskExecution, pid: number): void {
    const launch = this.launchOf(execution);
    if (!launch) return;
    launch.pid = pid;
    this.processEmitter.fire({ launchId: launch.launchId, pid });
    if (launch.runDir) this.recordStart(launch, launch.runDir);
  }

  /** Something appeared in an experiment's runs/: the folder of a train launch there, maybe. */
  private async runsEntryCreated(e: RunsEntryCreated): Promise<void> {
    const waiting = [...this.active.values()].filter((l) => l.plan.kind === 'train' && !l.runDir && l.experimentDir === e.experimentDir);
    if (waiting.length === 0) return;
    // runs/ itself appeared: the run folder may have come with it, before its own event could be seen.
    const names = e.entry === '' ? await fs.readdir(path.join(e.experimentDir, RUNS_DIR)).catch((): string[] => []) : [e.entry];
    for (const launch of waiting) {
      const found = findNewRunDir(names, launch.plan.scriptArgs[0], launch.startedAt);
      if (!found || launch.runDir) continue;
      const runDir = path.join(e.experimentDir, RUNS_DIR, found);
      if (!(await isDirectory(runDir))) continue;
      launch.runDir = runDir;
      launch.runsWatch?.dispose();
      if (launch.pid !== undefined) this.recordStart(launch, runDir);
    }
  }

  /** The run shows as running, with the process that runs it. */
  private recordStart(launch: ActiveLaunch, runDir: string): void {
    const entry = launchStartEntry(launch.plan, launch.startedAt, launch.pid);
    void writeRunRecord(runDir, launch.plan.kind, entry).catch((err: unknown) => this.log.warn(`run record for ${runDir}: ${String(err)}`));
  }

  private async finish(execution: vscode.TaskExecution, exitCode: number | undefined): Promise<void> {
    const launch = this.launchOf(execution);
    if (!launch || !this.active.has(launch.launchId)) return;
    this.active.delete(launch.launchId);
    launch.runsWatch?.dispose();
    this.activeEmitter.fire();
    const runDir = launch.runDir ?? (await this.findTrainRunDir(launch));
    if (runDir && (await isDirectory(runDir))) {
      const entry = launchEndEntry(launch.plan, launch.startedAt, new Date(), exitCode, launch.pid);
      await writeRunRecord(runDir, launch.plan.kind, entry).catch((err: unknown) =>
        this.log.warn(`run record for ${runDir}: ${String(err)}`),
      );
    }
    this.log.info(`[${launch.launchId}] ${launch.plan.taskName} ended (exit code ${exitCode ?? 'none'})${runDir ? `: ${runDir}` : ''}`);
    if (runDir) await this.runFolders.refreshRun(runDir).catch((err: unknown) => this.log.warn(`refresh ${runDir}: ${String(err)}`));
    else await vscode.commands.executeCommand('experimentScripts.refresh').then(undefined, () => undefined);
    const end: LaunchEnd = { launchId: launch.launchId, kind: launch.plan.kind, taskName: launch.plan.taskName, exitCode, runDir };
    this.ended.set(launch.launchId, end);
    for (const resolve of this.waiters.get(launch.launchId) ?? []) resolve(end);
    this.waiters.delete(launch.launchId);
    this.endEmitter.fire(end);
  }

  /** A train script's run folder, looked up once in runs/ (when the watcher did not report it in time). */
  private async findTrainRunDir(launch: ActiveLaunch): Promise<string | undefined> {
    if (launch.plan.kind !== 'train') return undefined;
    const runsDir = path.join(launch.experimentDir, RUNS_DIR);
    const names = await fs.readdir(runsDir).catch((): string[] => []);
    const found = findNewRunDir(names, launch.plan.scriptArgs[0], launch.startedAt);
    return found ? path.join(runsDir, found) : undefined;
  }

  private launchOf(execution: vscode.TaskExecution): ActiveLaunch | undefined {
    const def = execution.task.definition;
    if (def.type !== TASK_TYPE || typeof def.launchId !== 'number') return undefined;
    return this.active.get(def.launchId);
  }
}

function envText(env: Record<string, string>): string {
  const parts = Object.entries(env).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return parts.length ? `, ${parts.join(' ')}` : '';
}
