// Which experiment a file belongs to: the nearest folder at or above it that holds a `train.py` file or a `runs/`
// folder (the same rule the Run Explorer uses to find experiments), searched a bounded number of levels up so that a
// file far from any experiment costs a few checks, not a walk to the root of the disk.
import * as path from 'node:path';

/** How many parent folders above the file's own folder are searched. */
export const EXPERIMENT_SEARCH_LEVELS = 6;

/** Tells whether `dir` is an experiment folder; injected so that callers decide how (and whether) to cache. */
export type ExperimentFolderTest = (dir: string) => Promise<boolean>;

export async function findExperimentFolder(
  filePath: string,
  isExperimentFolder: ExperimentFolderTest,
  levels = EXPERIMENT_SEARCH_LEVELS,
): Promise<string | undefined> {
  let dir = path.dirname(path.resolve(filePath));
  for (let level = 0; level <= levels; level++) {
    if (await isExperimentFolder(dir)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}
