// Launches train / eval / plot: gathers what the decision needs (trust, files, settings, the device from nvidia-smi
// or the user), lets the core decide (#core/launch/launchDecision: refuse, ask, or a plan) and hands a plan to the
// tracker, which runs it as a task and records how it ends.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '#core/errorMessage';
import { isDirectory, isFile } from '#core/fileKinds';
import type { ComputeApp, GpuInfo } from '#core/gpu/gpuInfo';
import { noGpuNotice } from '#core/gpu/queryGpus';
import { resolveGpuSetting, useIndices } from '#core/gpu/resolveGpuSetting';
import { findExecutable } from '#core/launch/findExecutable';
import { checkLaunchTarget, decideLaunch, DeviceChoice, LaunchFacts, TargetFacts } from '#core/launch/launchDecision';
import type { SlurmLaunchFacts } from '#core/launch/slurmDecision';
import type { LaunchTarget } from '#core/launch/launchPlan';
import { findPixiManifest } from '#core/launch/pixiManifest';
import { readScriptText } from '#core/launch/scriptHeader';
import { decideSlurmLaunch } from '#core/launch/slurmDecision';
import { nodeExecFile } from '#core/gpu/execFile';
import type { SlurmOptions } from '#core/slurm/slurmOptions';
import { submitJob } from '#core/slurm/submitJob';
import type { Log } from '#client/log';
import type { NoticeSeverity, Prompts } from '#client/prompts';
import { gpuSetting, pythonPathSetting, runnerSetting, scriptSetting, slurmSettings } from '#client/settings';
import type { SlurmMonitor } from '#client/slurm/slurmMonitor';
import { queryConfiguredGpus } from './configuredGpus';
import { pickGpuForLaunch } from './gpuPicker';
import type { LaunchTracker } from './launchTracker';
import { resolvePythonInterpreter } from './pythonInterpreter';
import { refuseWhenUntrusted } from './trust';

export interface LaunchRequest {
  target: LaunchTarget;
  experimentDir: string;
  /** Where the run goes: this machine (the default) or a SLURM job. */
  on?: 'local' | 'slurm';
  /** SLURM options chosen for this launch, over the settings and the script's own table. */
  slurmOptions?: SlurmOptions;
  /** A device already chosen (by the run queue): no nvidia-smi call and no question. */
  device?: DeviceChoice;
}

export interface LaunchResult {
  launched: boolean;
  /** A local launch: the id its end can be awaited with. */
  launchId?: number;
  taskName?: string;
  /** A SLURM launch: the job id and the file its output goes to. */
  jobId?: string;
  outputFile?: string;
  /** Why nothing was launched (also shown to the user). */
  message?: string;
}

const WHAT: Record<LaunchTarget['kind'], string> = { train: 'Training', eval: 'Evaluating a run', plot: 'Plotting a run' };

export class Launcher {
  /** Notices said once per session (no GPU, an inherited CUDA_VISIBLE_DEVICES), by key. */
  private readonly toldOnce = new Set<string>();

  constructor(
    private readonly prompts: Prompts,
    private readonly log: Log,
    private readonly tracker: LaunchTracker,
    private readonly slurm: SlurmMonitor,
  ) {}

  async launch(request: LaunchRequest): Promise<LaunchResult> {
    const { target } = request;
    const what = WHAT[target.kind];
    const untrusted = refuseWhenUntrusted(this.prompts, what);
    if (untrusted !== undefined) return { launched: false, message: untrusted };

    const experimentDir = path.resolve(request.experimentDir);
    const folderUri = vscode.Uri.file(experimentDir);
    // Trust is granted to the workspace's folders: nothing outside them is launched, whoever asks.
    const workspaceFolder = vscode.workspace.getWorkspaceFolder(folderUri);
    const { script, key: scriptKey } = scriptSetting(target.kind, folderUri);
    const scriptPath = path.resolve(experimentDir, script);
    const targetFacts: TargetFacts = {
      target,
      experimentDir,
      shownDir: vscode.workspace.asRelativePath(experimentDir, true) + '/',
      inWorkspace: workspaceFolder !== undefined,
      script,
      scriptKey,
      scriptIsFile: await isFile(scriptPath),
      runExists: target.kind === 'train' ? undefined : await isDirectory(target.run.path),
    };
    // The same checks decideLaunch makes, first, so that a bad name never costs an nvidia-smi call. They refuse
    // anything outside the workspace folders, so past them there is a workspace folder.
    const refusal = checkLaunchTarget(targetFacts);
    if (refusal !== undefined) return this.refuse(refusal);
    if (!workspaceFolder) throw new Error(`${experimentDir} passed the launch checks outside the workspace folders`);

    const runner = runnerSetting(folderUri);
    const common = {
      // Read as a regular file, at most a few megabytes: the header decides the runner and the CUDA question.
      scriptText: readScriptText(scriptPath),
      runnerSetting: runner,
      pixiManifest: runner === 'auto' || runner === 'pixi' ? findPixiManifest(experimentDir, workspaceFolder.uri.fsPath) : undefined,
      python: runner === 'python' ? await resolvePythonInterpreter(pythonPathSetting(folderUri), folderUri) : undefined,
      findProgram: (command: string) => findExecutable(command, process.env.PATH, experimentDir),
    };
    if (request.on === 'slurm') return this.submit(request, { ...targetFacts, ...common }, folderUri);

    const device = request.device ?? (await this.chooseDevice(folderUri, `${what}: which device?`));
    if (!device) return { launched: false, message: 'No device was chosen.' };
    const facts: LaunchFacts = { ...targetFacts, ...common, device };
    let decision = decideLaunch(facts);
    if (decision.kind === 'confirm-cuda') {
      if (!(await this.prompts.confirm(decision.message, decision.action))) return { launched: false, message: decision.cancelled };
      decision = decideLaunch({ ...facts, cudaConfirmed: true });
    }
    if (decision.kind === 'refuse') return this.refuse(decision.message);
    if (decision.kind !== 'launch') return { launched: false, message: 'Cancelled.' };

    const { plan, program } = decision;
    try {
      const launchId = await this.tracker.start({
        plan,
        program,
        workspaceFolder,
        experimentDir,
        runDir: target.kind === 'train' ? undefined : target.run.path,
        target: target.kind === 'train' ? target.name : target.run.dirName,
        gpus: device.resolution.kind === 'gpus' ? device.resolution.gpus : [],
      });
      return { launched: true, launchId, taskName: plan.taskName };
    } catch (err) {
      return this.refuse(`Could not start ${plan.taskName}: ${errorMessage(err)}`);
    }
  }

  /** Submits the launch as a SLURM job: the core decides and plans, the job is written down and followed. */
  private async submit(request: LaunchRequest, facts: Omit<SlurmLaunchFacts, 'now'>, folderUri: vscode.Uri): Promise<LaunchResult> {
    const { target } = request;
    const now = new Date();
    const decision = decideSlurmLaunch({ ...facts, settingsOptions: slurmSettings(folderUri), launchOptions: request.slurmOptions, now });
    if (decision.kind === 'refuse') return this.refuse(decision.message);
    for (const warning of decision.warnings) this.tellOnce(`slurm-table:${facts.script}:${warning}`, `${facts.script}: ${warning}`);
    const { plan, submission } = decision;
    const outcome = await submitJob({
      plan,
      submission,
      target: target.kind === 'train' ? target.name : target.run.relativePath,
      runDirName: target.kind === 'train' ? undefined : target.run.dirName,
      exec: nodeExecFile,
      env: process.env,
      now,
    });
    if (outcome.kind === 'failed') return this.refuse(`${plan.taskName}: nothing was submitted. ${outcome.message}`);
    const { record } = outcome.job;
    this.slurm.add(outcome.job);
    this.log.info(`${plan.taskName}: job ${record.jobId} submitted (sbatch ${submission.sbatchArgs.join(' ')})`);
    this.notify(
      'info',
      `Submitted ${plan.taskName} as job ${record.jobId}; its output goes to ${vscode.workspace.asRelativePath(record.outputFile)}.`,
    );
    return { launched: true, taskName: plan.taskName, jobId: record.jobId, outputFile: record.outputFile };
  }

  /** The device for one launch; undefined when the user cancelled the pick. */
  private async chooseDevice(resource: vscode.Uri, title: string): Promise<DeviceChoice | undefined> {
    const setting = gpuSetting(resource);
    const env = process.env;
    let gpus: GpuInfo[] = [];
    let apps: ComputeApp[] = [];
    let noGpu = false;
    const needsQuery = env.CUDA_VISIBLE_DEVICES === undefined && setting.trim().toLowerCase() !== 'none';
    if (needsQuery) {
      const res = await queryConfiguredGpus(resource);
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
    const resolved = resolveGpuSetting(setting, env, gpus, apps);
    let resolution: DeviceChoice['resolution'];
    if (resolved.kind === 'ask') {
      const pick = await pickGpuForLaunch(this.prompts, gpus, apps, title);
      if (!pick) return undefined;
      resolution = pick.kind === 'gpu' ? useIndices([pick.gpu.index], gpus) : { kind: 'cpu', cudaVisibleDevices: '', device: 'CPU' };
    } else {
      resolution = resolved;
    }
    if (resolution.kind === 'inherited') this.tellOnce('inherited', resolution.notice);
    else if (resolution.kind !== 'invalid' && resolution.notice) this.notify('info', resolution.notice);
    return { resolution, noGpu };
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

  private notify(severity: NoticeSeverity, message: string): void {
    void this.prompts.notify(severity, message);
  }
}
