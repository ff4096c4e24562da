// Reads `sacct --parsable2 --noheader --allocations --format=<SACCT_FORMAT>`: where an accounting database exists, it
// still knows a job after slurmctld has forgotten it (MinJobAge, 300 s by default), so a run whose window was closed
// while its job ended still gets its final state and exit code. Fields are separated by `|`; the job name, the only
// free text, comes last so that a `|` inside it stays in it.
import { parseExitPair, parseSlurmTime, parseTimeLimit, settleJob, SlurmJob } from './slurmJob';

export const SACCT_FORMAT = [
  'JobIDRaw',
  'State',
  'ExitCode',
  'Reason',
  'Partition',
  'Cluster',
  'Timelimit',
  'Submit',
  'Start',
  'End',
  'JobName',
] as const;

export function readSacct(text: string): SlurmJob[] {
  const jobs: SlurmJob[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const parts = line.split('|');
    if (parts.length < SACCT_FORMAT.length) continue;
    const [jobId, rawState, exitCode, reason, partition, cluster, limit, submit, start, end] = parts;
    const name = parts.slice(SACCT_FORMAT.length - 1).join('|');
    // Steps (`12.batch`) are left out by --allocations; an array task reads `12_3` and is kept as Slurm names it.
    if (!/^\d+(_\d+)?$/.test(jobId)) continue;
    // `CANCELLED by 1000`: the state, then who did it.
    const state = rawState.split(' ')[0];
    if (!state) continue;
    const job: SlurmJob = { jobId, state, stateFlags: [], name };
    if (reason && reason !== 'None') job.reason = reason;
    if (partition) job.partition = partition;
    if (cluster) job.cluster = cluster;
    const minutes = parseTimeLimit(limit);
    if (minutes !== undefined) job.timeLimitMinutes = minutes;
    const s = parseSlurmTime(submit);
    if (s) job.submitTime = s;
    jobs.push(settleJob(job, { exit: parseExitPair(exitCode), startTime: parseSlurmTime(start), endTime: parseSlurmTime(end) }));
  }
  return jobs;
}
