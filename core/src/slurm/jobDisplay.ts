// How a SLURM job is described to people, in the Run Explorer's tooltips and by the command line.
import type { RunRecordSlurm } from '#core/runs/runRecord';
import { resourceArgs } from './submission';

/** `SLURM job 12 on cluster local, partition debug, asked for --gres=gpu:1 --time=30: running (RUNNING)`. */
export function describeSlurmJob(job: Pick<RunRecordSlurm, 'jobId' | 'cluster' | 'partition' | 'requested' | 'reason'>): string {
  const where = [job.cluster ? `cluster ${job.cluster}` : '', job.partition ? `partition ${job.partition}` : ''].filter(Boolean).join(', ');
  const asked = [...resourceArgs(job.requested).filter((a) => !a.startsWith('--partition=')), ...(job.requested.extraArgs ?? [])];
  return (
    `SLURM job ${job.jobId}${where ? ` on ${where}` : ''}` +
    `${asked.length > 0 ? `, asked for ${asked.join(' ')}` : ''}${job.reason ? `: ${job.reason}` : ''}`
  );
}
