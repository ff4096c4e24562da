// What a scheduler state means for a run: waiting, running, finished, failed or cancelled, with the scheduler's own
// reason in words a user understands. One table for every reader (squeue, scontrol, sacct).
import { PENDING_STATES, RUNNING_STATES, SlurmExit, SlurmJob } from './slurmJob';

export type SlurmPhase = 'pending' | 'running' | 'finished' | 'failed' | 'cancelled' | 'unknown';

export interface SlurmVerdict {
  phase: SlurmPhase;
  /** One line for the Run Explorer: `waiting for resources (PENDING, Resources)`, `time limit reached (TIMEOUT, TimeLimit)`, … */
  reason: string;
  /** The script's exit code when it exited; absent while it runs or when a signal ended it. */
  exitCode?: number;
  /** The signal that ended it, when one did. */
  signal?: number;
}

/** True while the scheduler may still start or run the job: the poller keeps asking only for these. */
export function isActivePhase(phase: SlurmPhase): boolean {
  return phase === 'pending' || phase === 'running';
}

const ENDED_BY_SCHEDULER: Record<string, string> = {
  TIMEOUT: 'time limit reached',
  OUT_OF_MEMORY: 'out of memory',
  NODE_FAIL: 'node failure',
  BOOT_FAIL: 'the node failed to boot',
  DEADLINE: 'deadline reached',
  PREEMPTED: 'preempted by another job',
  SPECIAL_EXIT: 'ended in the special exit state',
  REVOKED: 'revoked (it ran on another cluster)',
};

/** Why a job waits, for the reasons people meet most; any other reason is shown as Slurm says it. */
const PENDING_REASONS: Record<string, string> = {
  Resources: 'waiting for resources',
  Priority: 'waiting behind jobs of higher priority',
  Dependency: 'waiting for the jobs it depends on',
  DependencyNeverSatisfied: 'its dependency can never be satisfied',
  BeginTime: 'waiting for its start time',
  JobHeldUser: 'held by its owner',
  JobHeldAdmin: 'held by an administrator',
  ReqNodeNotAvail: 'the nodes it needs are not available',
  PartitionDown: 'its partition is down',
  PartitionInactive: 'its partition is inactive',
  PartitionNodeLimit: 'it asks for more nodes than its partition allows',
  PartitionTimeLimit: 'its time limit is above the partition’s',
  NodeDown: 'a node it needs is down',
  QOSMaxJobsPerUserLimit: 'the QOS limits how many jobs you may run',
  AssocGrpGRES: 'the account’s GPU limit is reached',
  Reservation: 'waiting for its reservation',
  BadConstraints: 'its constraints cannot be met',
};

/** The run's phase and reason from the scheduler's view of its job. */
export function slurmVerdict(job: SlurmJob): SlurmVerdict {
  const { state, reason } = job;
  // `waiting for resources (PENDING, Resources)`: our words, then the scheduler's own.
  const said = (words: string) => `${words} (${reason ? `${state}, ${reason}` : state})`;
  if (PENDING_STATES.has(state) && !job.stateFlags.includes('COMPLETING')) {
    return { phase: 'pending', reason: said(reason ? (PENDING_REASONS[reason] ?? 'waiting') : 'waiting') };
  }
  if (PENDING_STATES.has(state) || RUNNING_STATES.has(state)) {
    const words = state === 'SUSPENDED' || state === 'STOPPED' ? 'suspended' : state === 'COMPLETING' ? 'ending' : 'running';
    return { phase: 'running', reason: said(words) };
  }
  const ended = exitFields(job.exit);
  switch (state) {
    case 'COMPLETED':
      return { phase: 'finished', reason: said('ended with exit code 0'), exitCode: 0 };
    case 'CANCELLED': {
      // A job cancelled before it started reads `0:0`: no exit code to show.
      const { exitCode, ...rest } = ended;
      return { phase: 'cancelled', reason: said('cancelled'), ...rest, ...(exitCode ? { exitCode } : {}) };
    }
    case 'FAILED':
      return { phase: 'failed', reason: said(describeFailure(job.exit)), ...ended };
  }
  const words = ENDED_BY_SCHEDULER[state];
  if (words) return { phase: 'failed', reason: said(words), ...ended };
  return { phase: 'unknown', reason: `the scheduler reports the state ${state}` };
}

function exitFields(exit: SlurmExit | undefined): { exitCode?: number; signal?: number } {
  if (!exit) return {};
  if (exit.signal !== null) return { signal: exit.signal };
  return exit.code === null ? {} : { exitCode: exit.code };
}

function describeFailure(exit: SlurmExit | undefined): string {
  if (!exit) return 'failed';
  if (exit.signal !== null) return `ended by signal ${exit.signal}`;
  if (exit.code !== null && exit.code !== 0) return `exited with code ${exit.code}`;
  return 'failed';
}
