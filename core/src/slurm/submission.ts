// Everything a launch on SLURM needs before sbatch is called, decided in one place: the refusals the local launcher
// makes (hostile names, a script outside the experiment), the job name `train·<name>`, the batch script and where
// it is written, the output file the Run Explorer shows while the job waits, and sbatch's argument list.
import * as path from 'node:path';
import { LaunchCommand, LaunchRefused } from '#core/launch/launchCommand';
import type { LaunchKind } from '#core/launch/taskName';
import { validateDescriptiveName } from '#core/runs/runName';
import { writeBatchScript } from './batchScript';
import { checkSlurmOptions, SlurmOptions } from './slurmOptions';

/** Where submissions of an experiment keep their batch scripts and output: hidden from the run index. */
export const SLURM_FOLDER = path.join('runs', '.slurm');

export interface SlurmSubmissionRequest {
  kind: LaunchKind;
  /** train: the descriptive name; eval and plot: the run path `runs/<run folder>`. */
  target: string;
  /** The command a local launch would run (`buildLaunchCommand`): same runner, script and arguments; cwd = the experiment. */
  command: LaunchCommand;
  options: SlurmOptions;
  /** The time of the launch; names the files. */
  now: Date;
}

export interface SlurmSubmission {
  /** `train·de-risk`, `eval·2026-02-02T14-30-00-de-risk`. */
  jobName: string;
  /** The folder to create before sbatch runs: Slurm fails a job whose output file it cannot open. */
  folder: string;
  /** The batch script's text, to be written to `scriptFile` (with an exclusive create) before sbatch runs. */
  script: string;
  scriptFile: string;
  /** The output file, `%j` standing for the job id (sbatch gets it with any other `%` doubled). */
  outputPattern: string;
  /** sbatch's arguments, the script file last. Run without a shell, in the experiment folder. */
  sbatchArgs: string[];
  /** The options after checking, as the run record keeps them. */
  options: SlurmOptions;
}

/** Plans a submission; throws LaunchRefused, with the reason for the user, when it must not happen. */
export function planSlurmSubmission(req: SlurmSubmissionRequest): SlurmSubmission {
  const { kind, target, command, options, now } = req;
  if (kind === 'train') {
    const problem = validateDescriptiveName(target);
    if (problem) throw new LaunchRefused(problem);
  } else if (target.includes('\0') || target.startsWith('-')) {
    throw new LaunchRefused(`Refusing to pass ${JSON.stringify(target)} to the ${kind} script.`);
  }
  if (!path.isAbsolute(command.cwd))
    throw new LaunchRefused(`The experiment folder ${JSON.stringify(command.cwd)} is not an absolute path.`);
  // sbatch drops every backslash of an output path and then stops replacing %j, so such a folder cannot hold output.
  if (command.cwd.includes('\\')) {
    throw new LaunchRefused(
      `The experiment folder ${JSON.stringify(command.cwd)} contains a backslash, which sbatch removes from output file names; move or rename it to launch on SLURM.`,
    );
  }
  const problems = checkSlurmOptions(options);
  if (problems.length > 0) throw new LaunchRefused(problems.join(' '));

  const label = kind === 'train' ? target : fileLabel(path.basename(target));
  const jobName = `${kind}·${label}`;
  const folder = path.join(command.cwd, SLURM_FOLDER);
  const stem = `${stamp(now)}-${kind}-${label}`;
  const scriptFile = path.join(folder, `${stem}.sh`);
  const outputPattern = path.join(folder, `${stem}-%j.out`);
  const sbatchArgs = [
    '--parsable',
    ...resourceArgs(options),
    ...(options.extraArgs ?? []),
    `--job-name=${jobName}`,
    `--chdir=${command.cwd}`,
    // sbatch reads `%` in an output path as a pattern character; `%%` is a plain `%` (the stem holds none).
    `--output=${path.join(folder.replace(/%/g, '%%'), `${stem}-%j.out`)}`,
    scriptFile,
  ];
  const script = writeBatchScript(command, `${jobName}: ${kind} of ${target}`);
  return { jobName, folder, script, scriptFile, outputPattern, sbatchArgs, options };
}

/** The sbatch options for the resources asked for, in a fixed order. */
export function resourceArgs(o: SlurmOptions): string[] {
  const args: string[] = [];
  if (o.partition) args.push(`--partition=${o.partition}`);
  if (o.account) args.push(`--account=${o.account}`);
  if (o.qos) args.push(`--qos=${o.qos}`);
  if (o.gpus) {
    const count = o.gpuType ? `${o.gpuType}:${o.gpus}` : String(o.gpus);
    args.push(o.gpuFlag === 'gpus' ? `--gpus=${count}` : `--gres=gpu:${count}`);
  }
  if (o.cpus) args.push(`--cpus-per-task=${o.cpus}`);
  if (o.memory) args.push(`--mem=${o.memory.trim()}`);
  if (o.time) args.push(`--time=${o.time.trim()}`);
  return args;
}

/** The output file of job `jobId`. */
export function outputFileOf(submission: Pick<SlurmSubmission, 'outputPattern'>, jobId: string): string {
  return submission.outputPattern.slice(0, -JOB_ID_SUFFIX.length) + `${jobId}.out`;
}

const JOB_ID_SUFFIX = '%j.out';

/**
 * The environment sbatch should pass on to the job (sbatch exports the caller's environment by default): without a
 * `CUDA_VISIBLE_DEVICES` of the launching window, since Slurm chooses the job's GPUs on its node.
 */
export function sbatchEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && k !== 'CUDA_VISIBLE_DEVICES') out[k] = v;
  return out;
}

/** A run folder name made safe for a file and job name: anything but letters, digits, `.`, `_`, `-` becomes `_`. */
function fileLabel(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120);
  return /^[A-Za-z0-9]/.test(safe) ? safe : `run${safe}`;
}

/** `2026-11-29T19-05-57-123`: local time to the millisecond, so that two launches of one name get two files. */
function stamp(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${p(d.getFullYear(), 4)}-${p(d.getMonth() + 1)}-${p(d.getDate())}` +
    `T${p(d.getHours())}-${p(d.getMinutes())}-${p(d.getSeconds())}-${p(d.getMilliseconds(), 3)}`
  );
}
