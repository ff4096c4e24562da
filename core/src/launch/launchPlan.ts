// Everything decided before a script starts, in one place: the command, the device, the task name.
import { GpuResolution } from '#core/gpu/resolveGpuSetting';
import { validateDescriptiveName } from '#core/runs/runName';
import { LaunchCommand, LaunchRefused, Runner, buildLaunchCommand, resolveRunner } from './launchCommand';
import { RunTarget } from './runTarget';
import { LaunchKind, taskName } from './taskName';

export type LaunchTarget = { kind: 'train'; name: string } | { kind: 'eval' | 'plot'; run: RunTarget };

export interface LaunchPlanInput {
  target: LaunchTarget;
  experimentDir: string;
  /** Script file for this kind (settings trainScript / evalScript / plotScript). */
  script: string;
  /** Setting `experimentScripts.runner`. */
  runnerSetting: string;
  /** The pixi manifest that applies to the experiment, if any (decides `auto`). */
  pixiManifest?: string;
  /** Whether the script's own header has `[tool.pixi]` (then `auto` runs it with `pixi run --script`). */
  headerDeclaresPixi?: boolean;
  /** Interpreter for the `python` runner. */
  python?: string;
  /** The GPU decision; `ask` and `invalid` must have been settled by the caller. */
  gpu: Exclude<GpuResolution, { kind: 'ask' } | { kind: 'invalid' }>;
}

export interface LaunchPlan {
  kind: LaunchKind;
  runner: Runner;
  command: LaunchCommand;
  taskName: string;
  /** `GPU 0 H200`, `GPUs 0,1`, `CPU`, … */
  device: string;
  /** The script's own arguments (recorded in the run record). */
  scriptArgs: string[];
}

/** Throws LaunchRefused, with a message for the user, when the name or a setting must not reach a command line. */
export function planLaunch(input: LaunchPlanInput): LaunchPlan {
  const { target, gpu } = input;
  let scriptArgs: string[];
  let shownTarget: string;
  if (target.kind === 'train') {
    const problem = validateDescriptiveName(target.name);
    if (problem) throw new LaunchRefused(problem);
    scriptArgs = [target.name];
    shownTarget = target.name;
  } else {
    scriptArgs = [target.run.relativePath];
    shownTarget = target.run.dirName;
  }
  const env: Record<string, string> = {};
  // An inherited value is passed on too: the task's process is started by the editor's terminal host, whose
  // environment need not be the one the decision was made in, and the process must get what the task name says.
  if (gpu.cudaVisibleDevices !== undefined) env.CUDA_VISIBLE_DEVICES = gpu.cudaVisibleDevices;
  const runner = resolveRunner(input.runnerSetting, input.pixiManifest, input.headerDeclaresPixi);
  const command = buildLaunchCommand({
    runner,
    python: input.python,
    script: input.script,
    scriptArgs,
    cwd: input.experimentDir,
    env,
  });
  const environment = runner === 'pixi' ? 'pixi' : runner === 'pixi-script' ? 'pixi script' : undefined;
  return {
    kind: target.kind,
    runner,
    command,
    taskName: taskName(target.kind, shownTarget, gpu.device, environment),
    device: gpu.device,
    scriptArgs,
  };
}
