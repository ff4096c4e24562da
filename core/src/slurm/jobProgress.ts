// What follows from an answer of the scheduler about one job, for every follower (the window, `--wait`, `runs`,
// `cancel`): the job record takes the new state; a train job that has started gets its run folder once the script
// created it; and the run's own record (`.experiment-scripts.json`) takes the job's state, so that the Run Explorer
// and `experiment-scripts runs` show the run as the scheduler sees it. A run folder deleted while its job runs is
// never created again: that is said as a problem.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { errorMessage } from '#core/errorMessage';
import { findJobRunDir } from '#core/launch/newRunDir';
import { RUNS_DIR } from '#core/runs/experimentFolder';
import { writeRunRecord } from '#core/runs/runRecord';
import type { JobNews } from './jobFollower';
import { recordWithVerdict, runRecordEntryOfJob, StoredJobRecord, writeJobRecord } from './jobRecord';
import { SLURM_FOLDER } from './submission';

export interface JobProgress {
  stored: StoredJobRecord;
  /** The job record was written (its state, its run folder or its end changed). */
  changed: boolean;
  /** The run folder, absolute, when the job has one and it exists (looked at only when the record changed). */
  runDir?: string;
  /** Things that went wrong, for a log or stderr (never thrown). */
  problems: string[];
}

/** The experiment of a stored job record: the folder above `runs/.slurm/`. */
export function experimentOfJob(stored: StoredJobRecord): string {
  return path.resolve(path.dirname(stored.file), ...SLURM_FOLDER.split(path.sep).map(() => '..'));
}

/** The run folders other jobs of the experiment already own: a train job never takes one of those. */
export function claimedRunDirs(jobs: readonly StoredJobRecord[], except?: string): Set<string> {
  return new Set(jobs.filter((j) => j.file !== except && j.record.runDirName).map((j) => j.record.runDirName as string));
}

export async function applyJobNews(
  stored: StoredJobRecord,
  news: JobNews | undefined,
  now: Date,
  claimed: ReadonlySet<string>,
): Promise<JobProgress> {
  const problems: string[] = [];
  const experimentDir = experimentOfJob(stored);
  let record = news ? recordWithVerdict(stored.record, news.verdict, news.job, now) : stored.record;
  const started = record.phase !== 'pending' || record.jobStartedAt !== undefined;
  if (record.kind === 'train' && !record.runDirName && started && record.phase !== 'cancelled') {
    const names = await fs.readdir(path.join(experimentDir, RUNS_DIR)).catch((): string[] => []);
    const since = new Date(record.jobStartedAt ?? record.submittedAt);
    const found = findJobRunDir(names, record.target, since, claimed);
    if (found) record = { ...record, runDirName: found };
  }
  const changed = record !== stored.record;
  const next: StoredJobRecord = { file: stored.file, record };
  if (changed) {
    await writeJobRecord(stored.file, record).catch((err: unknown) =>
      problems.push(`the record of job ${record.jobId} could not be written: ${errorMessage(err)}`),
    );
  }
  // Nothing new: no file is touched (a thousand running jobs cost nothing per poll but this comparison).
  if (!record.runDirName || !changed) return { stored: next, changed, problems };
  const runDir = path.join(experimentDir, RUNS_DIR, record.runDirName);
  const exists = await fs.lstat(runDir).then(
    (st) => st.isDirectory(),
    () => false,
  );
  if (!exists) {
    problems.push(`the run folder ${RUNS_DIR}/${record.runDirName} of job ${record.jobId} no longer exists`);
    return { stored: next, changed, problems };
  }
  await writeRunRecord(runDir, record.kind, runRecordEntryOfJob(record)).catch((err: unknown) =>
    problems.push(`the run record of ${RUNS_DIR}/${record.runDirName} could not be written: ${errorMessage(err)}`),
  );
  return { stored: next, changed, runDir, problems };
}
