// Whether a launch on SLURM goes ahead, from the same facts as a local launch (launchDecision.ts) and with the same
// refusals and runner rule, then the submission the core plans (#core/slurm/submission): the job runs the very
// command a local launch would run, in the experiment folder. The device is Slurm's to choose, so no GPU is asked
// for here and no CUDA question is put: the job's node has what the options request. Pure, like decideLaunch.
import { analyzeScript } from '#core/pep723/index';
import { readScriptSlurmDefaults } from '#core/slurm/scriptDefaults';
import { mergeSlurmOptions, SlurmOptions } from '#core/slurm/slurmOptions';
import { planSlurmSubmission, SlurmSubmission } from '#core/slurm/submission';
import { LaunchRefused } from './launchCommand';
import { checkLaunchTarget, planFor, RunnerFacts, TargetFacts } from './launchDecision';
import type { LaunchPlan } from './launchPlan';

export interface SlurmLaunchFacts extends TargetFacts, RunnerFacts {
  /** The option layers, later winning key by key: the settings, then the choice made for this launch. The script's own header table comes between them. */
  settingsOptions?: SlurmOptions;
  launchOptions?: SlurmOptions;
  /** Where a program is found on this machine; sbatch must be, the runner need only be on the compute nodes. */
  findProgram(command: string): string | undefined;
  now: Date;
}

export type SlurmLaunchDecision =
  | { kind: 'refuse'; message: string }
  | {
      kind: 'submit';
      plan: LaunchPlan;
      submission: SlurmSubmission;
      /** Values of the script's `[tool.experiment-scripts.slurm]` table that were ignored, one sentence each. */
      warnings: string[];
    };

/** How a SLURM launch is named where a local one names its device: `SLURM debug`, `SLURM` (the cluster's default partition). */
export function slurmDevice(options: SlurmOptions): string {
  return options.partition ? `SLURM ${options.partition}` : 'SLURM';
}

/** The merged options for a launch: settings, the script's header table, the choice for this launch. */
export function slurmOptionsFor(
  scriptText: string | undefined,
  settings: SlurmOptions | undefined,
  launch: SlurmOptions | undefined,
): { options: SlurmOptions; warnings: string[] } {
  const defaults = scriptText ? readScriptSlurmDefaults(analyzeScript(scriptText)) : { options: {}, problems: [] };
  return {
    options: mergeSlurmOptions(settings, defaults.options, launch),
    warnings: defaults.problems.map((p) => `line ${p.range.start.line + 1}: ${p.message}`),
  };
}

export function decideSlurmLaunch(facts: SlurmLaunchFacts): SlurmLaunchDecision {
  const refusal = checkLaunchTarget(facts);
  if (refusal !== undefined) return { kind: 'refuse', message: refusal };
  if (!facts.findProgram('sbatch')) {
    return {
      kind: 'refuse',
      message:
        "sbatch was not found on PATH: SLURM's commands are not installed on this machine, or not on the PATH this program was started with. Launch on this machine instead, or run where SLURM is (a cluster's login node).",
    };
  }
  const { options, warnings } = slurmOptionsFor(facts.scriptText, facts.settingsOptions, facts.launchOptions);
  try {
    // Slurm gives the job its GPUs on its node; the launching machine's CUDA_VISIBLE_DEVICES is not passed on.
    const plan = planFor(facts, { kind: 'cpu', cudaVisibleDevices: undefined, device: slurmDevice(options) });
    const target = facts.target.kind === 'train' ? facts.target.name : facts.target.run.relativePath;
    const submission = planSlurmSubmission({ kind: facts.target.kind, target, command: plan.command, options, now: facts.now });
    return { kind: 'submit', plan, submission, warnings };
  } catch (err) {
    if (err instanceof LaunchRefused) return { kind: 'refuse', message: err.message };
    throw err;
  }
}
