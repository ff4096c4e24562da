// Which runs the metrics view shows by itself when a window opens (setting `experimentScripts.metrics.openOnStartup`):
// the newest runs of the experiment that ran last, so that the view opens on what the user was just doing.
import { compareRunsNewestFirst } from '#core/runs/experimentIndex';
import type { ExperimentIndex } from '#core/runs/types';

/** How many runs are overlaid at start; more is a choice the user makes with Compare Runs. */
export const STARTUP_RUNS = 5;

export interface StartupRuns {
  experimentDir: string;
  runIds: string[];
}

/** The newest `max` runs of the experiment whose newest run is the newest of all; undefined when no experiment has a run. */
export function runsToShowOnStartup(indexes: readonly ExperimentIndex[], max = STARTUP_RUNS): StartupRuns | undefined {
  // An index lists its runs newest first.
  let best: ExperimentIndex | undefined;
  for (const index of indexes) {
    if (index.runs.length > 0 && (!best || compareRunsNewestFirst(index.runs[0], best.runs[0]) < 0)) best = index;
  }
  if (!best) return undefined;
  return { experimentDir: best.dir, runIds: best.runs.slice(0, Math.max(1, max)).map((r) => r.dirName) };
}
