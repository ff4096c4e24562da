// After a train launch ends, which run folder did it create? The script names it itself (from the clock where it
// runs), so we look for a folder with the launched name whose timestamp is not older than the launch.
import { parseRunDirName } from '#core/runs/runName';

/**
 * Of the folder names in `runs/`, the newest run named `name` that started at or after `launchedAt` (to the
 * second, as run names are; one second of slack for a clock read just before the launch). Undefined if none.
 */
export function findNewRunDir(dirNames: readonly string[], name: string, launchedAt: Date): string | undefined {
  const earliest = Math.floor(launchedAt.getTime() / 1000) * 1000 - 1000;
  let best: { dirName: string; time: number } | undefined;
  for (const dirName of dirNames) {
    const parsed = parseRunDirName(dirName);
    if (!parsed || parsed.name !== name) continue;
    const time = parsed.startedAt.getTime();
    if (time < earliest) continue;
    if (!best || time > best.time) best = { dirName, time };
  }
  return best?.dirName;
}
