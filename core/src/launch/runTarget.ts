// The run an eval, plot or delete command acts on, rebuilt from its parts so that only a real run folder inside
// an experiment's `runs/` can be targeted, whatever path a caller hands in.
import * as path from 'node:path';
import { parseRunDirName } from '#core/runs/runName';

export interface RunTarget {
  experimentDir: string;
  dirName: string;
  /** Absolute path of the run folder. */
  path: string;
  /** `runs/<dirName>`, with forward slashes: the argument eval and plot scripts take (CWD = experiment). */
  relativePath: string;
  /** The descriptive part of the name. */
  name: string;
}

/** A run from its experiment folder and folder name; an error message when that is not a run. */
export function runTargetFrom(experimentDir: string, dirName: string): RunTarget | string {
  if (dirName.includes('/') || dirName.includes('\\') || dirName === '.' || dirName === '..') {
    return `"${dirName}" is not a run folder name.`;
  }
  const parsed = parseRunDirName(dirName);
  if (!parsed) return `"${dirName}" is not a run folder name (YYYY-MM-DDTHH-MM-SS-<name>).`;
  const dir = path.resolve(experimentDir);
  return { experimentDir: dir, dirName, path: path.join(dir, 'runs', dirName), relativePath: `runs/${dirName}`, name: parsed.name };
}

/** A run from the absolute path of its folder, which must be `<experiment>/runs/<run name>`. */
export function runTargetFromPath(runDir: string): RunTarget | string {
  const abs = path.resolve(runDir);
  const runsDir = path.dirname(abs);
  if (path.basename(runsDir) !== 'runs') return `${runDir} is not inside a runs/ folder.`;
  return runTargetFrom(path.dirname(runsDir), path.basename(abs));
}
