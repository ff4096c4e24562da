// What run path completion and hover need to know about the disk, injected so that the features themselves stay
// pure (tests pass a fixed index) and the server decides about caching and file watching.
import type { ExperimentIndex, NotARun, RunInfo } from '#core/runs/types';

export interface RunIndexReader {
  /** The train script setting the reader finds experiments by (`train.py` when unset); named in messages. */
  readonly trainScript?: string;
  /** The experiment folder a file belongs to (see #core/runs/experimentFolder), or undefined. */
  experimentFolderOf(filePath: string): Promise<string | undefined>;
  /** The experiment's runs, newest first; the newest ones may carry their details (status, metrics). */
  listRuns(experimentDir: string): Promise<ExperimentIndex>;
  /** One entry of `runs/` with its details, read now; undefined when there is no such entry. */
  readRun(experimentDir: string, dirName: string): Promise<RunInfo | NotARun | undefined>;
}
