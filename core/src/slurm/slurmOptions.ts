// What a run asks of the scheduler: partition, GPUs, CPUs, memory, time limit, account, QOS and extra sbatch
// arguments. The same shape comes from the settings, from the script's `[tool.experiment-scripts.slurm]` table and
// from a per-launch choice; `mergeSlurmOptions` layers them, `checkSlurmOptions` says what is wrong before sbatch
// is called, in words that name the setting.
import { parseTimeLimit } from './slurmJob';

export type GpuFlag = 'gres' | 'gpus';

export interface SlurmOptions {
  /** `--partition`; a comma-separated list lets Slurm pick the first that can start the job. */
  partition?: string;
  /** GPUs per job; 0 or absent asks for none. */
  gpus?: number;
  /** A GPU type for clusters that have several (`a100` → `--gres=gpu:a100:N`). */
  gpuType?: string;
  /** How GPUs are asked for: `--gres=gpu:N` (every Slurm; the default) or `--gpus=N` (Slurm 19.05+, cons_tres). */
  gpuFlag?: GpuFlag;
  /** `--cpus-per-task`. */
  cpus?: number;
  /** `--mem`: a size such as `32G` or `16000M` (a bare number is megabytes, as for sbatch). */
  memory?: string;
  /** `--time`, in any form sbatch accepts (`30`, `4:00:00`, `1-12`, …). */
  time?: string;
  account?: string;
  qos?: string;
  /** Further sbatch arguments, each passed as one argument (never split, never read by a shell). */
  extraArgs?: string[];
}

export const SLURM_OPTION_KEYS = [
  'partition',
  'gpus',
  'gpuType',
  'gpuFlag',
  'cpus',
  'memory',
  'time',
  'account',
  'qos',
  'extraArgs',
] as const;

/**
 * Layers option sets, later ones winning key by key: e.g. settings, then the script's table, then the per-launch
 * choice. `extraArgs` are not concatenated: the most specific list replaces the others, so that a launch can drop
 * an argument the settings add.
 */
export function mergeSlurmOptions(...layers: readonly (SlurmOptions | undefined)[]): SlurmOptions {
  const merged: SlurmOptions = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const key of SLURM_OPTION_KEYS) {
      const v = layer[key];
      if (v !== undefined) (merged as Record<string, unknown>)[key] = Array.isArray(v) ? [...v] : v;
    }
  }
  return merged;
}

/** sbatch options the extension sets itself; an extra argument that sets one would break how the run is followed. */
const RESERVED_OPTIONS: readonly { long: string; short?: string; why: string }[] = [
  { long: '--job-name', short: '-J', why: 'the job name is how the run is recognised' },
  { long: '--output', short: '-o', why: 'the output file is where the Run Explorer reads the job’s output' },
  { long: '--error', short: '-e', why: 'errors go to the output file the Run Explorer shows' },
  { long: '--chdir', short: '-D', why: 'the job runs in the experiment folder' },
  { long: '--parsable', why: 'the job id is read from sbatch’s answer' },
  { long: '--wrap', why: 'the job runs the script the extension writes' },
  { long: '--wait', short: '-W', why: 'sbatch must return at once; the Run Explorer follows the job' },
  { long: '--array', short: '-a', why: 'one launch is one run' },
  { long: '--test-only', why: 'it would submit nothing' },
  { long: '--export', why: 'the job gets the launching environment, as a local run does' },
];

/** Problems with the options, one sentence each; empty when sbatch can be called with them. */
export function checkSlurmOptions(o: SlurmOptions): string[] {
  const problems: string[] = [];
  const text = (key: string, v: string | undefined) => {
    if (v === undefined) return;
    if (v.trim() === '') problems.push(`The SLURM ${key} is empty; leave it unset to use the cluster's default.`);
    else if (/[\s\0]/.test(v) || /\p{Cc}/u.test(v))
      problems.push(`The SLURM ${key} ${JSON.stringify(v)} contains a space or a control character.`);
  };
  text('partition', o.partition);
  text('account', o.account);
  text('QOS', o.qos);
  text('GPU type', o.gpuType);
  if (o.gpuType !== undefined && /[:,]/.test(o.gpuType))
    problems.push(`The SLURM GPU type ${JSON.stringify(o.gpuType)} must be one name, such as a100.`);
  if (o.gpus !== undefined && !(Number.isInteger(o.gpus) && o.gpus >= 0 && o.gpus <= 1024)) {
    problems.push(`GPUs per job must be a whole number from 0 up, not ${String(o.gpus)}.`);
  }
  if (o.cpus !== undefined && !(Number.isInteger(o.cpus) && o.cpus >= 1 && o.cpus <= 100_000)) {
    problems.push(`CPUs per job must be a whole number from 1 up, not ${String(o.cpus)}.`);
  }
  if (o.gpuFlag !== undefined && o.gpuFlag !== 'gres' && o.gpuFlag !== 'gpus') {
    problems.push(`The GPU option must be "gres" (--gres=gpu:N) or "gpus" (--gpus=N), not ${JSON.stringify(o.gpuFlag)}.`);
  }
  if (o.memory !== undefined && !/^\d+[KMGT]?$/i.test(o.memory.trim())) {
    problems.push(`The SLURM memory ${JSON.stringify(o.memory)} is not a size such as 32G, 16000M or 1T.`);
  }
  if (o.time !== undefined && parseTimeLimit(o.time) === undefined) {
    problems.push(
      `The SLURM time limit ${JSON.stringify(o.time)} is not one sbatch reads: use minutes (30), hours:minutes:seconds (4:00:00) or days-hours (1-12).`,
    );
  }
  problems.push(...checkExtraArgs(o.extraArgs ?? []));
  return problems;
}

/**
 * True when `arg` sets option `r`: its short form (`-J`, `-Jname`) or its long form, also abbreviated (sbatch
 * reads options with getopt_long, which takes any unambiguous prefix: `--out=x` is `--output=x`).
 */
function namesOption(arg: string, r: { long: string; short?: string }): boolean {
  if (arg.startsWith('--')) {
    const name = arg.slice(2).split('=')[0];
    return name.length > 0 && r.long.slice(2).startsWith(name);
  }
  return r.short !== undefined && arg.startsWith(r.short);
}

function checkExtraArgs(args: readonly string[]): string[] {
  const problems: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (typeof a !== 'string') {
      problems.push('Every extra sbatch argument must be a string.');
      continue;
    }
    if (a.includes('\0')) {
      problems.push(`The extra sbatch argument ${JSON.stringify(a)} contains a NUL character.`);
      continue;
    }
    const reserved = RESERVED_OPTIONS.find((r) => namesOption(a, r));
    if (reserved) {
      problems.push(`The extra sbatch argument ${JSON.stringify(a)} is set by the extension itself (${reserved.why}).`);
      continue;
    }
    // A word that is not an option and does not follow one as its value would be taken by sbatch for the batch
    // script's file name, and that file submitted instead of the run.
    const previous = i > 0 ? args[i - 1] : undefined;
    const followsOption = previous !== undefined && previous.startsWith('-') && !previous.includes('=');
    if (!a.startsWith('-') && !followsOption) {
      problems.push(
        `The extra sbatch argument ${JSON.stringify(a)} is not an option; sbatch would read it as a script to submit. Write options such as --constraint=a100.`,
      );
    }
  }
  return problems;
}
