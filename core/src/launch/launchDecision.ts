// Whether a launch goes ahead, decided from facts the editor has gathered (files, settings, the device chosen):
// refuse with a message for the user, ask the user first, or a plan to start. Pure, so every path is unit-tested;
// the editor only gathers the facts and carries out the answer.
import type { GpuResolution } from '#core/gpu/resolveGpuSetting';
import { validateDescriptiveName } from '#core/runs/runName';
import { findCudaRequests } from './cudaWheels';
import { LaunchRefused } from './launchCommand';
import { LaunchPlan, LaunchPlanInput, LaunchTarget, planLaunch } from './launchPlan';
import { headerDeclaresPixi } from './scriptHeader';

/** What is known before a device is chosen: enough to refuse a launch without asking nvidia-smi anything. */
export interface TargetFacts {
  target: LaunchTarget;
  experimentDir: string;
  /** The experiment folder as the user knows it (relative to the workspace), for messages. */
  shownDir: string;
  /** Whether the experiment lies inside an open workspace folder: trust covers nothing outside them. */
  inWorkspace: boolean;
  /** The script this kind of launch runs, and the key of the setting that names it. */
  script: string;
  scriptKey: string;
  scriptIsFile: boolean;
  /** For eval and plot: whether the run folder still exists. */
  runExists?: boolean;
}

/** The device chosen for the launch: a CUDA_VISIBLE_DEVICES decision, and whether the machine has no GPU at all. */
export interface DeviceChoice {
  resolution: Exclude<GpuResolution, { kind: 'ask' }>;
  noGpu: boolean;
}

/** What decides the runner, the same for a launch here and on SLURM. */
export interface RunnerFacts {
  /**
   * The script's text: its header says whether it is a pixi script (`[tool.pixi]`, run with `pixi run --script`), and
   * on a machine without a GPU whether it asks for CUDA builds.
   */
  scriptText?: string;
  /**
   * Setting `experimentScripts.runner`, the pixi manifest that applies (looked up for `auto` and `pixi`), and the
   * interpreter for `python`.
   */
  runnerSetting: string;
  pixiManifest?: string;
  python?: string;
}

export interface LaunchFacts extends TargetFacts, RunnerFacts {
  device: DeviceChoice;
  /** The user already agreed to run a script that asks for CUDA on a machine without a GPU. */
  cudaConfirmed?: boolean;
  /** Where a program is found (the full path), or undefined when it is not; given, so that this stays pure. */
  findProgram(command: string): string | undefined;
}

/** The plan for the facts and a device: the runner's command in the experiment folder. Throws LaunchRefused. */
export function planFor(facts: TargetFacts & RunnerFacts, gpu: LaunchPlanInput['gpu']): LaunchPlan {
  return planLaunch({
    target: facts.target,
    experimentDir: facts.experimentDir,
    script: facts.script,
    runnerSetting: facts.runnerSetting,
    pixiManifest: facts.pixiManifest,
    headerDeclaresPixi: headerDeclaresPixi(facts.scriptText ?? ''),
    python: facts.python,
    gpu,
  });
}

export type LaunchDecision =
  | { kind: 'refuse'; message: string }
  /** Ask before launching; when the user agrees, decide again with `cudaConfirmed`. */
  | { kind: 'confirm-cuda'; message: string; action: string; cancelled: string }
  /** `program`: where the plan's command was found, the program the task runs, so the check and the run agree. */
  | { kind: 'launch'; plan: LaunchPlan; program: string };

/** The refusal due before any device is chosen, or undefined when the launch may go on. */
export function checkLaunchTarget(facts: TargetFacts): string | undefined {
  const { target, experimentDir, shownDir } = facts;
  if (!facts.inWorkspace) return `${experimentDir} is not inside an open workspace folder.`;
  if (!facts.scriptIsFile) return `${shownDir} has no ${facts.script} (setting experimentScripts.${facts.scriptKey}).`;
  if (target.kind === 'train') {
    const problem = validateDescriptiveName(target.name);
    if (problem) return `Run name refused: ${problem}`;
  } else if (!facts.runExists) {
    return `The run ${target.run.relativePath} no longer exists in ${shownDir}.`;
  }
  return undefined;
}

export function decideLaunch(facts: LaunchFacts): LaunchDecision {
  const refusal = checkLaunchTarget(facts);
  if (refusal !== undefined) return { kind: 'refuse', message: refusal };
  const { resolution, noGpu } = facts.device;
  if (resolution.kind === 'invalid') return { kind: 'refuse', message: resolution.message };

  if (resolution.kind === 'cpu' && noGpu && !facts.cudaConfirmed) {
    const requests = findCudaRequests(facts.scriptText ?? '');
    if (requests.length > 0) {
      const asked = requests.map((r) => `${r.what} (line ${r.line})`).join(', ');
      return {
        kind: 'confirm-cuda',
        message: `${facts.script} asks for CUDA builds: ${asked}, but this machine has no GPU. Running it may download large CUDA packages, or fail.`,
        action: 'Run anyway',
        cancelled: 'Cancelled: the script asks for CUDA and there is no GPU.',
      };
    }
  }

  let plan: LaunchPlan;
  try {
    plan = planFor(facts, resolution);
  } catch (err) {
    if (err instanceof LaunchRefused) return { kind: 'refuse', message: err.message };
    throw err;
  }
  const program = plan.command.command;
  const found = facts.findProgram(program);
  if (!found) {
    const hint =
      program === 'uv' || program === 'pixi'
        ? `Install ${program}, or choose another runner in the experimentScripts.runner setting.`
        : 'Check the experimentScripts.pythonPath setting.';
    return { kind: 'refuse', message: `${program} was not found${program.includes('/') ? '' : ' on PATH'}. ${hint}` };
  }
  return { kind: 'launch', plan, program: found };
}
