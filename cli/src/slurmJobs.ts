// SLURM jobs from the shell: the options of a submission, following one job to its end (`--wait`), and
// `experiment-scripts cancel RUN_DIR`. Following writes the same job and run records as the window does (JobBook).
import * as path from 'node:path';
import { nodeExecFile } from '#core/gpu/execFile';
import { loadRunDetails } from '#core/runs/experimentIndex';
import { readRunRecord, RUN_SCRIPTS } from '#core/runs/runRecord';
import { runTargetFromPath } from '#core/launch/runTarget';
import { summarizeMetrics } from '#core/runs/runDisplay';
import { parseRunDirName } from '#core/runs/runName';
import { JobBook } from '#core/slurm/jobBook';
import { jobIsActive, MAX_JOB_RECORD_BYTES, parseJobRecord, readJobRecords, StoredJobRecord } from '#core/slurm/jobRecord';
import { experimentOfJob } from '#core/slurm/jobProgress';
import { execCall, scancelCall, describeCallFailure, SchedulerFailure } from '#core/slurm/schedulerCalls';
import { checkSlurmOptions, GpuFlag, SlurmOptions } from '#core/slurm/slurmOptions';
import { RUNS_DIR } from '#core/runs/experimentFolder';
import { readRegularFile } from '#core/fs/regularFile';
import { parseArgs } from './args';
import { CliIo, shownPath, textLine } from './io';

export const SLURM_VALUED = [
  '--partition',
  '--gpus',
  '--gpu-type',
  '--gpu-option',
  '--cpus',
  '--mem',
  '--time',
  '--account',
  '--qos',
  '--sbatch-arg',
] as const;

/** The options given on the command line (a message when one is malformed), checked as settings are. */
export function slurmOptionsFromArgs(values: ReadonlyMap<string, string[]>): SlurmOptions | string {
  const last = (name: string) => values.get(name)?.at(-1);
  const o: SlurmOptions = {};
  const count = (name: string): number | string | undefined => {
    const v = last(name);
    if (v === undefined) return undefined;
    return /^\d+$/.test(v) ? Number(v) : `${name} takes a whole number, not '${v}'`;
  };
  const gpus = count('--gpus');
  const cpus = count('--cpus');
  if (typeof gpus === 'string') return gpus;
  if (typeof cpus === 'string') return cpus;
  if (gpus !== undefined) o.gpus = gpus;
  if (cpus !== undefined) o.cpus = cpus;
  const text: [string, 'partition' | 'gpuType' | 'memory' | 'time' | 'account' | 'qos'][] = [
    ['--partition', 'partition'],
    ['--gpu-type', 'gpuType'],
    ['--mem', 'memory'],
    ['--time', 'time'],
    ['--account', 'account'],
    ['--qos', 'qos'],
  ];
  for (const [flag, key] of text) {
    const v = last(flag);
    if (v !== undefined) o[key] = v;
  }
  const flag = last('--gpu-option');
  if (flag !== undefined) o.gpuFlag = flag as GpuFlag;
  const extra = values.get('--sbatch-arg');
  if (extra) o.extraArgs = [...extra];
  const problems = checkSlurmOptions(o);
  return problems.length > 0 ? problems.join(' ') : o;
}

/** Follows one job to its end, saying each change on stderr; prints its run folder and metrics; its exit status. */
export async function waitForJob(job: StoredJobRecord, io: CliIo): Promise<number> {
  let said = '';
  let lastFailure = '';
  const book = new JobBook({
    exec: nodeExecFile,
    env: process.env as Record<string, string>,
    onProgress: (p) => {
      const r = p.stored.record;
      const line = `job ${r.jobId}: ${r.reason ?? r.phase}${r.runDirName ? ` (${RUNS_DIR}/${r.runDirName})` : ''}`;
      if (line !== said) io.err(textLine(line));
      said = line;
      for (const problem of p.problems) io.err(textLine(`job ${r.jobId}: ${problem}`));
    },
    onAnswer: (failure) => {
      const text = failure ? `the scheduler did not answer: ${failure.message} (asking again later)` : '';
      if (text && text !== lastFailure) io.err(textLine(`job ${job.record.jobId}: ${text}`));
      lastFailure = text;
    },
  });
  const stop = () => book.dispose();
  process.once('SIGINT', stop);
  try {
    book.add(job);
    await book.waitUntil(() => !jobIsActive(book.get(job.record.jobId)?.record ?? job.record));
  } finally {
    process.off('SIGINT', stop);
    book.dispose();
  }
  const record = book.get(job.record.jobId)?.record ?? job.record;
  if (jobIsActive(record)) {
    io.err(textLine(`job ${record.jobId} is still ${record.phase}: stopped following it`));
    return 130;
  }
  const experimentDir = experimentOfJob(job);
  if (record.runDirName) {
    const runPath = path.join(experimentDir, RUNS_DIR, record.runDirName);
    const parsed = parseRunDirName(record.runDirName);
    const details = parsed
      ? await loadRunDetails({
          experimentDir,
          dirName: record.runDirName,
          path: runPath,
          relativePath: `${RUNS_DIR}/${record.runDirName}`,
          name: parsed.name,
          startedAt: parsed.startedAt,
          status: 'unknown',
          problems: [],
        })
      : undefined;
    const metrics = summarizeMetrics(details?.latestMetrics, 200);
    io.out(textLine(`${shownPath(runPath)}  ${details?.status ?? record.phase}${metrics ? `  ${metrics}` : ''}`));
  } else if (record.kind === 'train') {
    io.err(textLine(`job ${record.jobId} created no run folder named ${record.target}; its output: ${record.outputFile}`));
  }
  if (record.phase === 'unknown') return 1;
  if (record.exitCode !== undefined && record.exitCode !== null) return record.exitCode;
  // Ended by a signal (cancelled, killed): the shell's 128 + signal where Slurm said which.
  const signal = /signal (\d+)/.exec(record.reason ?? '');
  return signal ? 128 + Number(signal[1]) : 1;
}

/**
 * The experiment's job records, brought up to date: when some are pending or running, the scheduler is asked once
 * (one call for all of them) and its answer written into the records, as a window following them would.
 */
export async function currentJobs(dir: string): Promise<{ jobs: StoredJobRecord[]; problems: string[] }> {
  const read = await readJobRecords(path.resolve(dir));
  if (!read.jobs.some((j) => jobIsActive(j.record))) return read;
  let answered = false;
  let failure: SchedulerFailure | undefined;
  const book = new JobBook({
    exec: nodeExecFile,
    env: process.env as Record<string, string>,
    onAnswer: (f) => {
      answered = true;
      failure = f;
    },
  });
  for (const j of read.jobs) book.add(j);
  await book.waitUntil(() => answered);
  book.dispose();
  const problems = [...read.problems];
  if (failure) problems.push(`the scheduler could not be asked (${failure.message}); jobs are shown as last recorded`);
  return { jobs: read.jobs.map((j) => book.get(j.record.jobId) ?? j), problems };
}

const CANCEL_USAGE = 'usage: experiment-scripts cancel RUN_DIR|JOB_RECORD\n';

/**
 * `experiment-scripts cancel RUN_DIR`: cancels the run's SLURM jobs still pending or running (scancel), then asks
 * the scheduler once more and writes what it says into the records. A job record file of runs/.slurm/ (what
 * `runs --format json` lists for a job whose run folder does not exist yet) is taken too.
 */
export async function cancelCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs('cancel', CANCEL_USAGE, args, io, { formats: ['text'] });
  if ('exitCode' in parsed) return parsed.exitCode;
  if (parsed.positional.length !== 1) {
    io.err(`experiment-scripts cancel: expected one RUN_DIR, got ${parsed.positional.length}\n${CANCEL_USAGE}`);
    return 2;
  }
  const given = path.resolve(parsed.positional[0]);
  const jobs = await jobsToCancel(given);
  if (typeof jobs === 'string') {
    io.err(textLine(`experiment-scripts cancel: ${jobs}`));
    return 1;
  }
  const call = scancelCall(jobs.map((j) => j.record.jobId));
  const failure = describeCallFailure(call, await execCall(nodeExecFile, call));
  if (failure) {
    io.err(textLine(`experiment-scripts cancel: ${failure.message}`));
    return 1;
  }
  io.out(textLine(`cancelled ${jobs.map((j) => `job ${j.record.jobId} (${j.record.jobName})`).join(', ')}`));
  // One answer of the scheduler (or a few, while the job ends) brings the records up to date.
  const book = new JobBook({ exec: nodeExecFile, env: process.env as Record<string, string> });
  for (const j of jobs) book.add({ ...j, record: { ...j.record, phase: 'running' } });
  const deadline = setTimeout(() => book.dispose(), 30_000);
  await book.waitUntil(() => book.activeCount === 0 || book.failure !== undefined);
  clearTimeout(deadline);
  book.dispose();
  return 0;
}

/** The active jobs a path names: a run folder's (from its record and the experiment's job records), or one job record. */
async function jobsToCancel(given: string): Promise<StoredJobRecord[] | string> {
  if (given.endsWith('.json')) {
    const read = readRegularFile(given, { maxBytes: MAX_JOB_RECORD_BYTES, links: 'refuse' });
    const record = read.ok ? parseJobRecord(read.bytes.toString('utf8')) : undefined;
    if (!record) return `${given} is not a job record`;
    return jobIsActive(record) ? [{ file: given, record }] : `job ${record.jobId} has already ended (${record.reason ?? record.phase})`;
  }
  const run = runTargetFromPath(given);
  if (typeof run === 'string') return run;
  // Brought up to date first: a train job's record learns its run folder from the scheduler's answer.
  const { jobs } = await currentJobs(run.experimentDir);
  const ids = new Set<string>();
  const record = await readRunRecord(run.path);
  for (const script of RUN_SCRIPTS) {
    const entry = record?.[script];
    if (entry?.slurm && entry.endedAt === undefined) ids.add(entry.slurm.jobId);
  }
  const found = jobs.filter((j) => jobIsActive(j.record) && (j.record.runDirName === run.dirName || ids.has(j.record.jobId)));
  if (found.length === 0) return `${run.relativePath} has no SLURM job pending or running`;
  return found;
}
