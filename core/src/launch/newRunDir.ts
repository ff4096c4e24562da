// After a train launch ends, which run folder did it create? The script names it itself (from the clock where it
// runs), so we look for a folder with the launched name whose timestamp lies between the launch and now. A folder
// dated in the future (a clock set wrong, a folder made by hand or by a hostile repository) is not the new run:
// taking it would write the launcher's record into the wrong folder.
import { parseRunDirName } from '#core/runs/runName';

/**
 * Of the folder names in `runs/`, the newest run named `name` that started at or after `launchedAt` and not after
 * `now` (to the second, as run names are; one second of slack at each end for clocks read a moment apart).
 * Undefined if none.
 */
export function findNewRunDir(dirNames: readonly string[], name: string, launchedAt: Date, now: Date = new Date()): string | undefined {
  const earliest = Math.floor(launchedAt.getTime() / 1000) * 1000 - 1000;
  const latest = now.getTime() + 1000;
  let best: { dirName: string; time: number } | undefined;
  for (const dirName of dirNames) {
    const parsed = parseRunDirName(dirName);
    if (!parsed || parsed.name !== name) continue;
    const time = parsed.startedAt.getTime();
    if (time < earliest || time > latest) continue;
    if (!best || time > best.time) best = { dirName, time };
  }
  return best?.dirName;
}

/**
 * A SLURM train job's run folder: the job may wait for hours and jobs of the same name may start in any order, so
 * of the folders named `name` that started at or after the job did (`startedAt`, by the controller's clock; two
 * seconds of slack for a node's clock), the oldest that no other job has claimed. Undefined if none.
 */
export function findJobRunDir(
  dirNames: readonly string[],
  name: string,
  startedAt: Date,
  claimed: ReadonlySet<string>,
): string | undefined {
  const earliest = Math.floor(startedAt.getTime() / 1000) * 1000 - 2000;
  let best: { dirName: string; time: number } | undefined;
  for (const dirName of dirNames) {
    if (claimed.has(dirName)) continue;
    const parsed = parseRunDirName(dirName);
    if (!parsed || parsed.name !== name) continue;
    const time = parsed.startedAt.getTime();
    if (time < earliest) continue;
    if (!best || time < best.time) best = { dirName, time };
  }
  return best?.dirName;
}
