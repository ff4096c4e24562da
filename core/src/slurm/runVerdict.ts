// A run's status when its train script ran as a SLURM job: the scheduler's word, kept in the run record by whoever
// follows the job, comes before anything the run's files suggest (a log with lines looks finished while the job is
// still running on a node this machine cannot see). A job the scheduler no longer knows leaves the verdict to the
// files.
import type { RunRecordEntry } from '#core/runs/runRecord';
import type { StatusVerdict } from '#core/runs/runStatus';
import { slurmVerdict } from './jobVerdict';

export function slurmRunVerdict(train: RunRecordEntry | undefined): StatusVerdict | undefined {
  const job = train?.slurm;
  if (!train || !job) return undefined;
  const phase = job.state ? slurmVerdict({ jobId: job.jobId, state: job.state, stateFlags: [] }).phase : 'pending';
  const said = `SLURM job ${job.jobId}${job.reason ? `: ${job.reason}` : ''}`;
  if (train.endedAt !== undefined) {
    if (phase === 'cancelled') return { status: 'cancelled', reason: said };
    if (train.exitCode === 0 && phase !== 'failed') return { status: 'finished', reason: said };
    return { status: 'failed', reason: said };
  }
  if (phase === 'pending' || phase === 'running') return { status: 'running', reason: said };
  return undefined;
}
