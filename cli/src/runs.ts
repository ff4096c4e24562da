// `experiment-scripts runs [--format text|json] EXPERIMENT_DIR`: the runs the Run Explorer shows, from a shell.
import { promises as fs } from 'node:fs';
import { parseArgs } from './args';
import { CliIo } from './io';
import { describeFsError } from '#core/fs/fsErrors';
import { indexExperiment } from '#core/runs/experimentIndex';
import { isDirectory } from '#core/fileKinds';
import { RUNS_DIR } from '#core/runs/experimentFolder';
import { isJobListed, SlurmJobRecord } from '#core/slurm/jobRecord';
import { currentJobs } from './slurmJobs';
import * as path from 'node:path';
import { formatRelativeAge, STATUS_LABELS, summarizeMetrics } from '#core/runs/runDisplay';
import type { ExperimentIndex } from '#core/runs/types';
import { escapeControlCharacters as shown } from '#core/text/controlCharacters';

const USAGE = 'usage: experiment-scripts runs [--format text|json] EXPERIMENT_DIR\n';

export async function runsCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs('runs', USAGE, args, io);
  if ('exitCode' in parsed) return parsed.exitCode;
  const { format, positional } = parsed;
  if (positional.length !== 1) {
    io.err(`experiment-scripts runs: expected one EXPERIMENT_DIR, got ${positional.length}\n` + USAGE);
    return 2;
  }
  const dir = positional[0];
  try {
    const st = await fs.stat(dir);
    if (!st.isDirectory()) {
      io.err(`experiment-scripts runs: ${shown(dir)}: not a folder\n`);
      return 2;
    }
    await fs.readdir(dir);
  } catch (err) {
    io.err(`experiment-scripts runs: ${shown(dir)}: ${describeFsError(err, { missing: 'no such folder' })}\n`);
    return 2;
  }
  const jobs = await currentJobs(dir);
  const index = await indexExperiment(dir, { details: true });
  const listed = [];
  for (const j of jobs.jobs) {
    const runExists = j.record.runDirName !== undefined && (await isDirectory(path.join(index.dir, RUNS_DIR, j.record.runDirName)));
    if (isJobListed(j.record, runExists)) listed.push({ file: j.file, ...j.record });
  }
  const problems = [...jobs.problems];
  if (format === 'json') io.out(JSON.stringify({ ...index, jobs: listed, jobProblems: problems }, jsonValue, 2) + '\n');
  else io.out(formatJobs(listed, problems) + formatText(index, Date.now()));
  // runs/ itself unreadable: the listing above says why, and the exit code says the listing is not whole.
  if (index.problems.length > 0) {
    io.err(index.problems.map((p) => `experiment-scripts runs: ${shown(p)}\n`).join(''));
    return 2;
  }
  return 0;
}

function formatJobs(jobs: (SlurmJobRecord & { file: string })[], problems: string[]): string {
  const lines = problems.map((p) => `problem: ${shown(p)}`);
  for (const j of jobs) {
    lines.push(shown(`job ${j.jobId}  ${j.phase.padEnd(9)}  ${j.jobName}  ${j.reason ?? ''}`.trimEnd()));
    lines.push(`  output: ${shown(j.outputFile)}`);
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

/**
 * Dates become ISO strings (JSON.stringify does that); NaN and Infinity metrics, which JSON lacks, become strings.
 * The bytes of a name that is not UTF-8 are left out: `dirName` and `path` show it with U+FFFD.
 */
function jsonValue(key: string, value: unknown): unknown {
  if (key === 'fsPath') return undefined;
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

/** The text output: every name, reason and metric from the disk with its control characters escaped (one line each). */
export function formatText(index: ExperimentIndex, now: number): string {
  const lines: string[] = [];
  for (const p of index.problems) lines.push(`problem: ${shown(p)}`);
  const names = index.runs.map((r) => shown(r.dirName));
  const width = Math.max(0, ...names.map((n) => n.length));
  index.runs.forEach((run, i) => {
    const fields = [names[i].padEnd(width), STATUS_LABELS[run.status].padEnd(10), formatRelativeAge(run.startedAt, now).padEnd(10)];
    const metrics = summarizeMetrics(run.latestMetrics, 100);
    if (metrics) fields.push(shown(metrics));
    if (run.link) fields.push(`-> ${shown(run.link.target)}${run.link.outside ? ' (outside the experiment)' : ''}`);
    lines.push(fields.join('  ').trimEnd());
    for (const p of run.problems) lines.push(`  problem: ${shown(p)}`);
  });
  for (const n of index.notRuns) lines.push(`not a run: ${shown(n.dirName)}: ${shown(n.reason)}`);
  if (index.runs.length === 0 && index.notRuns.length === 0 && index.problems.length === 0) {
    lines.push(`no runs in ${shown(index.dir)}`);
  }
  return lines.join('\n') + '\n';
}
