// Reads `scontrol show job` (all jobs in one call, or one job by id), in its block form or with `--oneliner`: the
// fallback for a Slurm whose squeue has no --json (before 21.08), and the place a job's exit code can be read when
// no accounting database exists. Values are `Key=value` pairs separated by spaces; a value may itself hold spaces
// (a job name, a path), so a value runs until the next ` Key=`. In the block form the path fields sit alone on
// their line and are read to its end, so a path holding ` X=` is read whole there.
import { parseExitPair, parseSlurmTime, parseTimeLimit, settleJob, SlurmJob } from './slurmJob';

/** Fields that scontrol's block form prints alone on their line. */
const WHOLE_LINE_KEYS = new Set(['Command', 'WorkDir', 'StdErr', 'StdIn', 'StdOut', 'Comment', 'AdminComment', 'SystemComment']);
const KEY_BOUNDARY = /(?:^|\s)([A-Z][A-Za-z0-9_/:]*)=/g;

/** Every job in the output, in order. Text that holds no `JobId=` record (e.g. "No jobs in the system") gives none. */
export function readScontrolShowJob(text: string): SlurmJob[] {
  const jobs: SlurmJob[] = [];
  let record: string[] | undefined;
  const flush = () => {
    if (!record) return;
    const job = toJob(fieldsOf(record));
    if (job) jobs.push(job);
    record = undefined;
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('JobId=')) {
      flush();
      record = [line];
    } else if (record && line.trim() !== '') {
      record.push(line);
    }
  }
  flush();
  return jobs;
}

/** The `Key=value` pairs of one record (its lines); the first occurrence of a key wins. */
export function fieldsOf(lines: readonly string[]): Map<string, string> {
  const fields = new Map<string, string>();
  const set = (k: string, v: string) => {
    if (!fields.has(k)) fields.set(k, v);
  };
  for (const raw of lines) {
    const line = raw.trim();
    const eq = line.indexOf('=');
    if (eq > 0 && WHOLE_LINE_KEYS.has(line.slice(0, eq))) {
      set(line.slice(0, eq), line.slice(eq + 1));
      continue;
    }
    const found = [...line.matchAll(KEY_BOUNDARY)];
    for (let i = 0; i < found.length; i++) {
      const m = found[i];
      const valueStart = m.index + m[0].length;
      const valueEnd = i + 1 < found.length ? found[i + 1].index : line.length;
      set(m[1], line.slice(valueStart, valueEnd).trim());
    }
  }
  return fields;
}

function toJob(f: Map<string, string>): SlurmJob | undefined {
  const jobId = f.get('JobId');
  const rawState = f.get('JobState');
  if (!jobId || !/^\d+$/.test(jobId) || !rawState) return undefined;
  const state = rawState;
  const job: SlurmJob = { jobId, state, stateFlags: [] };
  const name = f.get('JobName');
  if (name !== undefined) job.name = name;
  const reason = f.get('Reason');
  if (reason && reason !== 'None' && reason !== '(null)') job.reason = reason;
  const partition = f.get('Partition');
  if (partition && partition !== '(null)') job.partition = partition;
  const limit = parseTimeLimit(f.get('TimeLimit') ?? '');
  if (limit !== undefined) job.timeLimitMinutes = limit;
  const stdout = f.get('StdOut');
  if (stdout) job.stdout = stdout;
  const workDir = f.get('WorkDir');
  if (workDir) job.workDir = workDir;
  const submit = parseSlurmTime(f.get('SubmitTime'));
  if (submit) job.submitTime = submit;
  return settleJob(job, {
    exit: parseExitPair(f.get('ExitCode') ?? ''),
    startTime: parseSlurmTime(f.get('StartTime')),
    endTime: parseSlurmTime(f.get('EndTime')),
  });
}
