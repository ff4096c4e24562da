// What the run record says about a local launch, for the window's tracker and the command line alike: when it
// started, the command, the runner and the process; once it ended, when and with which exit code.
import type { RunRecordEntry } from '#core/runs/runRecord';
import type { LaunchPlan } from './launchPlan';

/** The entry of a launch whose process runs: it shows as running while that process lives. */
export function launchStartEntry(plan: LaunchPlan, startedAt: Date, pid: number | undefined): RunRecordEntry {
  return {
    exitCode: null,
    startedAt: startedAt.toISOString(),
    argv: [plan.command.command, ...plan.command.args],
    ...(pid !== undefined ? { pid } : {}),
    runner: plan.runner,
  };
}

/** The entry of a launch that ended; `exitCode` undefined when it ended without one (a signal, or it never started). */
export function launchEndEntry(
  plan: LaunchPlan,
  startedAt: Date,
  endedAt: Date,
  exitCode: number | undefined,
  pid: number | undefined,
): RunRecordEntry {
  return { ...launchStartEntry(plan, startedAt, pid), exitCode: exitCode ?? null, endedAt: endedAt.toISOString() };
}
