// The run index as run path completion and hover read it: one listing per experiment folder, kept a few seconds
// (typing `runs/2025-…` asks for completion on every `/` and `-`, and should not list `runs/` each time), and
// dropped earlier when the client reports a run folder created or deleted. Listing is cheap (names only); details
// (status, metrics) are read for the newest runs only, so that an experiment with thousands of runs stays fast.
import * as path from 'node:path';
import { indexExperiment, loadRunDetails, readRun } from '#core/runs/experimentIndex';
import { mapLimit } from '#core/mapLimit';
import type { ExperimentIndex, NotARun, RunInfo } from '#core/runs/types';
import type { RunIndexReader } from '#core/runPaths/index';
import { findExperimentFolder, markerDir, RUNS_DIR } from '#core/runs/experimentFolder';

export interface RunIndexCacheOptions {
  /** How long a listing (and an experiment-folder lookup) is reused, in milliseconds. */
  ttlMs?: number;
  /** Details are read for this many of the newest runs of a listing. */
  detailedRuns?: number;
  now?: () => number;
}

interface Timed<T> {
  at: number;
  value: Promise<T>;
}

export class RunIndexCache implements RunIndexReader {
  private readonly listings = new Map<string, Timed<ExperimentIndex>>();
  private readonly folders = new Map<string, Timed<string | undefined>>();
  private readonly ttlMs: number;
  private readonly detailedRuns: number;
  private readonly now: () => number;
  private roots: string[] = [];
  /** The train script setting, as the client last sent it (undefined: the default). */
  trainScript: string | undefined;

  constructor(options: RunIndexCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 5000;
    this.detailedRuns = options.detailedRuns ?? 50;
    this.now = options.now ?? Date.now;
  }

  /** The train script setting changed: a folder may have become or stopped being an experiment. */
  setTrainScript(trainScript: string | undefined): void {
    if (trainScript === this.trainScript) return;
    this.trainScript = trainScript;
    this.folders.clear();
  }

  /** The workspace folders: the search for a file's experiment stops at the one holding it. */
  setWorkspaceFolders(roots: readonly string[]): void {
    this.roots = roots.map((r) => path.resolve(r));
    this.folders.clear();
  }

  experimentFolderOf(filePath: string): Promise<string | undefined> {
    const dir = path.dirname(path.resolve(filePath));
    return this.cached(this.folders, dir, () => findExperimentFolder(filePath, this.trainScript, this.workspaceFolderOf(dir)));
  }

  /** The innermost workspace folder holding `dir`. */
  workspaceFolderOf(dir: string): string | undefined {
    const holding = this.roots.filter((r) => dir === r || dir.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
    return holding.sort((a, b) => b.length - a.length)[0];
  }

  listRuns(experimentDir: string): Promise<ExperimentIndex> {
    return this.cached(this.listings, path.resolve(experimentDir), async (dir) => {
      const index = await indexExperiment(dir);
      const newest = index.runs.slice(0, this.detailedRuns);
      const detailed = await mapLimit(newest, 16, (run) => loadRunDetails(run));
      // A run deleted meanwhile has no details: keep it listed as "not read" rather than drop it from the middle.
      index.runs = [...newest.map((run, i) => detailed[i] ?? run), ...index.runs.slice(this.detailedRuns)];
      return index;
    });
  }

  readRun(experimentDir: string, dirName: string): Promise<RunInfo | NotARun | undefined> {
    return readRun(experimentDir, dirName);
  }

  /**
   * A file or folder changed on disk. A change in `runs/` drops that experiment's listing; a train script or `runs`
   * that came or went can make or unmake an experiment, so every folder lookup is dropped too.
   */
  fileChanged(filePath: string): void {
    const resolved = path.resolve(filePath);
    if (markerDir(resolved, this.trainScript) !== undefined) this.folders.clear();
    for (const dir of this.listings.keys()) {
      const runsDir = path.join(dir, RUNS_DIR);
      if (resolved === runsDir || resolved.startsWith(runsDir + path.sep)) this.listings.delete(dir);
    }
  }

  private cached<T>(map: Map<string, Timed<T>>, key: string, load: (key: string) => Promise<T>): Promise<T> {
    const now = this.now();
    const hit = map.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const value = load(key);
    map.set(key, { at: now, value });
    // A failed read is not kept: the next request tries again.
    value.catch(() => {
      if (map.get(key)?.value === value) map.delete(key);
    });
    return value;
  }
}
