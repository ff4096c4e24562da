// One experiment as a live view shows it: the run list, kept up to date one run at a time as files change.
// Entries are stable objects — the same `{ kind: 'run', run }` object stays for a run while it exists, and only its
// `run` field is replaced — so that a tree view can be told "this element changed" instead of "everything changed".
// Details (status, metrics) are read only for the runs in the visible page.
import * as path from 'node:path';
import type { NotARun, RunInfo } from './types';
import { compareRunsNewestFirst, DetailOptions, indexExperiment, loadRunDetails, readRun } from './experimentIndex';
import { RUNS_DIR } from './experimentFolder';
import { mapLimit } from '#core/mapLimit';

export interface RunEntry {
  kind: 'run';
  run: RunInfo;
}

export interface LiveExperimentOptions extends DetailOptions {
  /** Runs shown before a "show older runs" step; details are read only for these. */
  pageSize?: number;
  /** How many runs' details are read at the same time. */
  concurrency?: number;
}

export interface ChangeResult {
  /** A run appeared, disappeared, or changed between run and not-a-run: the whole list must be redrawn. */
  structural: boolean;
  /** Entries whose run was re-read, within the visible page. */
  updated: RunEntry[];
}

export const DEFAULT_PAGE_SIZE = 200;

export class LiveExperiment {
  readonly dir: string;
  notRuns: NotARun[] = [];
  problems: string[] = [];
  private entries = new Map<string, RunEntry>();
  private ordered: RunEntry[] = [];
  private loaded = false;
  private visible: number;
  /** Operations run one after another so that a full reload and a one-run refresh never interleave. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    dir: string,
    private readonly opts: LiveExperimentOptions = {},
  ) {
    this.dir = path.resolve(dir);
    this.visible = opts.pageSize ?? DEFAULT_PAGE_SIZE;
  }

  get isLoaded(): boolean {
    return this.loaded;
  }

  /** Runs in the visible page, newest first, with details read. Loads the index the first time. */
  visibleRuns(): Promise<RunEntry[]> {
    return this.enqueue(async () => {
      if (!this.loaded) await this.reindex();
      await this.fillDetails(this.ordered.slice(0, this.visible));
      return this.ordered.slice(0, this.visible);
    });
  }

  /** Runs not shown because of the page size. */
  get hiddenCount(): number {
    return Math.max(0, this.ordered.length - this.visible);
  }

  get runCount(): number {
    return this.ordered.length;
  }

  showMore(count = this.opts.pageSize ?? DEFAULT_PAGE_SIZE): void {
    this.visible += count;
  }

  /** Re-reads `runs/` (after `runs/` itself appeared or vanished, or on a refresh), keeping entry objects. */
  reload(): Promise<void> {
    return this.enqueue(() => this.reindex());
  }

  /** Re-reads the named entries of `runs/` only. */
  applyChanges(dirNames: Iterable<string>): Promise<ChangeResult> {
    const names = [...new Set(dirNames)];
    return this.enqueue(async () => {
      const result: ChangeResult = { structural: false, updated: [] };
      if (!this.loaded) return result; // nothing shown yet: the first listing will read everything
      const visibleSet = new Set(this.ordered.slice(0, this.visible));
      const fresh = await mapLimit(names, this.opts.concurrency ?? 8, (name) => readRun(this.dir, name, this.opts));
      names.forEach((name, i) => {
        const item = fresh[i];
        const entry = this.entries.get(name);
        const wasNotRun = this.notRuns.some((n) => n.dirName === name);
        if (item && !('reason' in item)) {
          if (entry) {
            entry.run = item;
            if (visibleSet.has(entry)) result.updated.push(entry);
          } else {
            this.entries.set(name, { kind: 'run', run: item });
            result.structural = true;
          }
          if (wasNotRun) {
            this.notRuns = this.notRuns.filter((n) => n.dirName !== name);
            result.structural = true;
          }
        } else {
          if (entry) {
            this.entries.delete(name);
            result.structural = true;
          }
          const others = this.notRuns.filter((n) => n.dirName !== name);
          if (item) others.push(item);
          if (item || wasNotRun) {
            this.notRuns = others.sort((a, b) => (a.dirName < b.dirName ? -1 : a.dirName > b.dirName ? 1 : 0));
            result.structural = true;
          }
        }
      });
      if (result.structural) {
        this.ordered = [...this.entries.values()].sort((a, b) => compareRunsNewestFirst(a.run, b.run));
        result.updated = [];
      }
      return result;
    });
  }

  /** Visible entries whose status may change without a file event: their process can end without writing anything. */
  runningEntries(): RunEntry[] {
    return this.ordered.slice(0, this.visible).filter((e) => e.run.status === 'running');
  }

  /** The entry of a run folder, if it is listed. */
  entry(dirName: string): RunEntry | undefined {
    return this.entries.get(dirName);
  }

  /** Resolves once every queued operation has finished. */
  async idle(): Promise<void> {
    let last: Promise<unknown>;
    do {
      last = this.queue;
      await last.catch(() => undefined);
    } while (last !== this.queue);
  }

  private async reindex(): Promise<void> {
    const index = await indexExperiment(this.dir);
    const next = new Map<string, RunEntry>();
    for (const run of index.runs) {
      const old = this.entries.get(run.dirName);
      if (old) {
        // Keep the details already read; they are refreshed below for the visible page.
        old.run = { ...run, ...pickDetails(old.run) };
        next.set(run.dirName, old);
      } else {
        next.set(run.dirName, { kind: 'run', run });
      }
    }
    this.entries = next;
    this.ordered = index.runs.map((r) => next.get(r.dirName) as RunEntry);
    this.notRuns = index.notRuns;
    this.problems = index.problems;
    const wasLoaded = this.loaded;
    this.loaded = true;
    if (wasLoaded) await this.fillDetails(this.ordered.slice(0, this.visible), true);
  }

  private async fillDetails(entries: RunEntry[], force = false): Promise<void> {
    const todo = force ? entries : entries.filter((e) => e.run.status === 'unknown');
    const detailed = await mapLimit(todo, this.opts.concurrency ?? 16, (e) => loadRunDetails(e.run, this.opts));
    let gone = false;
    todo.forEach((e, i) => {
      const d = detailed[i];
      if (d) e.run = d;
      else {
        this.entries.delete(e.run.dirName);
        gone = true;
      }
    });
    if (gone) this.ordered = this.ordered.filter((e) => this.entries.get(e.run.dirName) === e);
  }

  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.catch(() => undefined).then(op);
    this.queue = run;
    return run;
  }
}

function pickDetails(run: RunInfo): Partial<RunInfo> {
  const { status, statusReason, record, latestMetrics, problems } = run;
  return { status, statusReason, record, latestMetrics, problems };
}

/**
 * Which entry of `runs/` a changed path belongs to: its folder name, `''` for `runs/` itself, or undefined when
 * the path is not under the experiment's `runs/`.
 */
export function runsEntryOf(experimentDir: string, changedPath: string): string | undefined {
  const rel = path.relative(path.join(path.resolve(experimentDir), RUNS_DIR), path.resolve(changedPath));
  if (rel === '') return '';
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep)[0];
}
