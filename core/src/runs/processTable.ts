// Which processes are running, as far as a run's status needs to know: whether the process a launcher record names
// is still the one it started, and which live process (if any) is training a given run. Linux only, through
// /proc; elsewhere `canList` is false and the status rules fall back to the age of the log (a guess, said as one).
//
// The files are read through `ProcFs`, so that tests can hand in a process table made of real-format file contents.
// One pass over /proc reads only each process's working folder (one readlink per process); command lines and start
// times are read afterwards for the few processes whose working folder is an experiment someone asked about. The
// pass is kept for `cacheMs` and shared by every run and experiment that asks meanwhile.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { RunInfo } from './types';

/** The three reads made under /proc; paths are absolute, e.g. `/proc/4121/cmdline`. */
export interface ProcFs {
  readdir(dir: string): Promise<string[]>;
  readFile(file: string): Promise<string>;
  readlink(link: string): Promise<string>;
}

/** The real /proc on Linux; null on systems without one (macOS, Windows). */
export function systemProcFs(): ProcFs | null {
  if (process.platform !== 'linux') return null;
  return {
    readdir: (dir) => fs.readdir(dir),
    readFile: (file) => fs.readFile(file, 'utf8'),
    readlink: (link) => fs.readlink(link),
  };
}

export interface ProcessInfo {
  pid: number;
  /** The command line, split where /proc/<pid>/cmdline has NUL bytes. */
  argv: string[];
  /** When the process started (epoch ms), from /proc/<pid>/stat field 22 and the boot time in /proc/stat. */
  startedAtMs: number;
}

/** What became of the process a launcher record names. */
export type RecordedProcessState = 'alive' | 'gone' | 'reused';

/** The outcome of looking for the process that trains a run. */
export type ProcessSearch =
  | { kind: 'found'; process: ProcessInfo }
  | { kind: 'none' }
  /** The system cannot list processes (no /proc): only the log's age can hint that a run goes on. */
  | { kind: 'unavailable' };

/**
 * How far a process's start may lie from the time in its run folder's name, in seconds. The train script names the
 * folder with `datetime.now()` once it runs, so the process started before that second ended (+1 s), and the boot
 * time /proc gives is whole seconds (±1 s): +5 s is ample. Before it: interpreter start-up and the script's imports
 * (torch or jax can take tens of seconds on a cold cache), or `uv`/`pixi` preparing an environment when it is the
 * process that matches; 120 s covers these while keeping a second run of the same name in the same folder, started
 * minutes later, from being taken for the first.
 */
export const START_WINDOW_BEFORE_S = 120;
export const START_WINDOW_AFTER_S = 5;

/**
 * How far a recorded process's start may lie from the record's `startedAt` (taken just before the launch): a little
 * before for the whole-second boot time, up to a minute after for a slow task start. A process with that id started
 * later is another program that was given the id once the run's process was gone.
 */
export const RECORD_WINDOW_BEFORE_S = 5;
export const RECORD_WINDOW_AFTER_S = 60;

/**
 * A run is looked for among processes only if it could still be running without anyone noticing: started in the
 * last 7 days, or its log written in the last hour. Older runs cost nothing; a week-long run that also logged
 * nothing for an hour reads as finished until it logs again.
 */
export const SEARCH_STARTED_WITHIN_MS = 7 * 24 * 3600_000;
export const SEARCH_LOG_WITHIN_MS = 3600_000;

export function mayStillRun(run: Pick<RunInfo, 'startedAt'>, logMtimeMs: number | undefined, now: number): boolean {
  if (now - run.startedAt.getTime() <= SEARCH_STARTED_WITHIN_MS) return true;
  return logMtimeMs !== undefined && now - logMtimeMs <= SEARCH_LOG_WITHIN_MS;
}

export interface ProcessTableOptions {
  /** How long one pass over /proc is reused, in ms. */
  cacheMs?: number;
  /** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on Linux for x86 and ARM). */
  ticksPerSecond?: number;
  now?: () => number;
  /** Liveness check where there is no /proc. */
  isAlive?: (pid: number) => boolean;
  /** Real path of a folder, to compare with /proc/<pid>/cwd, which is always a real path. */
  realpath?: (dir: string) => Promise<string>;
}

interface Snapshot {
  at: number;
  /** Working folder of every process that could be read (other users' processes cannot). */
  cwds: Map<number, string>;
  bootTimeS: number;
  details: Map<number, Promise<ProcessInfo | undefined>>;
  /** Real paths of the folders asked about, once per pass. */
  realpaths: Map<string, Promise<string>>;
  /** The processes found in each folder asked about, once per pass: all runs of an experiment ask about the same folder. */
  byDir: Map<string, Promise<ProcessInfo[]>>;
}

export class ProcessTable {
  /** How many passes over /proc were made: tests check that a refresh makes one, not one per run. */
  scans = 0;
  private snapshot?: { at: number; value: Promise<Snapshot | undefined> };
  private bootTime?: { at: number; value: Promise<number | undefined> };
  private readonly cacheMs: number;
  private readonly hz: number;
  private readonly now: () => number;
  private readonly isAlive: (pid: number) => boolean;
  private readonly realpath: (dir: string) => Promise<string>;

  /** `procFs` null: a system without /proc, where only the existence of a process id can be checked. */
  constructor(
    private readonly procFs: ProcFs | null = systemProcFs(),
    opts: ProcessTableOptions = {},
  ) {
    this.cacheMs = opts.cacheMs ?? 2000;
    this.hz = opts.ticksPerSecond ?? 100;
    this.now = opts.now ?? Date.now;
    this.isAlive = opts.isAlive ?? isProcessAlive;
    this.realpath = opts.realpath ?? ((dir) => fs.realpath(dir));
  }

  /** Whether this system can list processes (has a /proc). */
  get canList(): boolean {
    return this.procFs !== null;
  }

  /**
   * The state of the process a launcher record names. With /proc its start time must match the record's
   * `startedAt`, so that an id given to another program after a reboot is not taken for the run; without /proc,
   * a process with that id existing is all that can be known.
   */
  async recordedProcess(pid: number, recordStartedAt: string): Promise<RecordedProcessState> {
    if (!this.procFs) return this.isAlive(pid) ? 'alive' : 'gone';
    const [stat, boot] = await Promise.all([this.read(`/proc/${pid}/stat`), this.bootTimeS()]);
    const parsed = stat === undefined ? undefined : parseProcStat(stat);
    if (!parsed || parsed.state === 'Z' || parsed.state === 'X') return 'gone';
    const recorded = Date.parse(recordStartedAt);
    if (boot === undefined || Number.isNaN(recorded)) return 'alive';
    const started = (boot + parsed.startTicks / this.hz) * 1000;
    const ok = started >= recorded - RECORD_WINDOW_BEFORE_S * 1000 && started <= recorded + RECORD_WINDOW_AFTER_S * 1000;
    return ok ? 'alive' : 'reused';
  }

  /** Live processes whose working folder is `dir`, from the shared pass over /proc; undefined without /proc. */
  async processesIn(dir: string): Promise<ProcessInfo[] | undefined> {
    const snap = await this.take();
    if (!snap) return undefined;
    let found = snap.byDir.get(dir);
    if (!found) {
      found = (async () => {
        let realpath = snap.realpaths.get(dir);
        if (!realpath) snap.realpaths.set(dir, (realpath = this.realpath(dir).catch(() => path.resolve(dir))));
        const real = await realpath;
        const pids = [...snap.cwds].filter(([, cwd]) => cwd === real).map(([pid]) => pid);
        const infos = await Promise.all(pids.map((pid) => this.detailsOf(snap, pid)));
        return infos.filter((p): p is ProcessInfo => p !== undefined);
      })();
      snap.byDir.set(dir, found);
    }
    return found;
  }

  /**
   * The live process that trains `run`: working folder = the experiment, command line with the train script and,
   * after it, the run's descriptive name, started just before the time in the run folder's name. When both
   * `uv run train.py x` and the python it started match, the earlier one (what the user typed) is given.
   */
  async findRunOwner(run: Pick<RunInfo, 'experimentDir' | 'name' | 'startedAt'>, trainScript = 'train.py'): Promise<ProcessSearch> {
    const procs = await this.processesIn(run.experimentDir);
    if (!procs) return { kind: 'unavailable' };
    const t = run.startedAt.getTime();
    const matches = procs.filter(
      (p) =>
        runsScript(p.argv, trainScript, run.name) &&
        p.startedAtMs >= t - START_WINDOW_BEFORE_S * 1000 &&
        p.startedAtMs <= t + START_WINDOW_AFTER_S * 1000,
    );
    matches.sort((a, b) => a.startedAtMs - b.startedAtMs || a.pid - b.pid);
    return matches.length > 0 ? { kind: 'found', process: matches[0] } : { kind: 'none' };
  }

  /** Forgets the pass over /proc, so that the next question makes a new one. */
  invalidate(): void {
    this.snapshot = undefined;
  }

  private take(): Promise<Snapshot | undefined> {
    const now = this.now();
    if (!this.snapshot || now - this.snapshot.at >= this.cacheMs) this.snapshot = { at: now, value: this.scan(now) };
    return this.snapshot.value;
  }

  private async scan(at: number): Promise<Snapshot | undefined> {
    const procFs = this.procFs;
    if (!procFs) return undefined;
    this.scans++;
    let names: string[];
    try {
      names = await procFs.readdir('/proc');
    } catch {
      return undefined;
    }
    const bootTimeS = await this.bootTimeS();
    if (bootTimeS === undefined) return undefined;
    const cwds = new Map<number, string>();
    await Promise.all(
      names
        .filter((n) => /^\d+$/.test(n))
        .map(async (n) => {
          try {
            cwds.set(Number(n), await procFs.readlink(`/proc/${n}/cwd`));
          } catch {
            // Gone meanwhile, a kernel thread, or another user's process: none of them trains our runs.
          }
        }),
    );
    return { at, cwds, bootTimeS, details: new Map(), realpaths: new Map(), byDir: new Map() };
  }

  private detailsOf(snap: Snapshot, pid: number): Promise<ProcessInfo | undefined> {
    let d = snap.details.get(pid);
    if (!d) {
      d = (async () => {
        const [cmdline, stat] = await Promise.all([this.read(`/proc/${pid}/cmdline`), this.read(`/proc/${pid}/stat`)]);
        const parsed = stat === undefined ? undefined : parseProcStat(stat);
        if (cmdline === undefined || !parsed || parsed.state === 'Z' || parsed.state === 'X') return undefined;
        const argv = parseCmdline(cmdline);
        if (argv.length === 0) return undefined;
        return { pid, argv, startedAtMs: (snap.bootTimeS + parsed.startTicks / this.hz) * 1000 };
      })();
      snap.details.set(pid, d);
    }
    return d;
  }

  private bootTimeS(): Promise<number | undefined> {
    const now = this.now();
    if (!this.bootTime || now - this.bootTime.at >= this.cacheMs) {
      this.bootTime = { at: now, value: this.read('/proc/stat').then((text) => (text === undefined ? undefined : parseBootTime(text))) };
    }
    return this.bootTime.value;
  }

  private async read(file: string): Promise<string | undefined> {
    try {
      return await this.procFs!.readFile(file);
    } catch {
      return undefined;
    }
  }
}

/** The table the index uses unless told otherwise: one per process, so that every caller shares its pass. */
export const systemProcesses = new ProcessTable();

/**
 * Fields of `/proc/<pid>/stat` the status needs: the state (field 3) and the start time in clock ticks after boot
 * (field 22). The command name (field 2) is in parentheses and may itself hold spaces and parentheses, so fields
 * are counted from the last ")".
 */
export function parseProcStat(text: string): { state: string; startTicks: number } | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  // fields[0] is field 3 (state), so field 22 is fields[19].
  const startTicks = Number(fields[19]);
  if (fields.length < 20 || !Number.isFinite(startTicks)) return undefined;
  return { state: fields[0], startTicks };
}

/** `btime` of /proc/stat: the boot time in seconds since the epoch. */
export function parseBootTime(text: string): number | undefined {
  const m = /^btime\s+(\d+)\s*$/m.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** `/proc/<pid>/cmdline`: arguments, each ended by a NUL byte. */
export function parseCmdline(text: string): string[] {
  const argv = text.split('\0');
  if (argv.length > 0 && argv[argv.length - 1] === '') argv.pop();
  return argv;
}

/**
 * Whether a command line runs the train script for the run named `name`: an argument that is the script (by file
 * name, any folder) and, after it, an argument equal to the name — `uv run train.py de-risk`,
 * `python /w/mnist/train.py --epochs 3 de-risk`, `pixi run python train.py de-risk`.
 */
export function runsScript(argv: readonly string[], trainScript: string, name: string): boolean {
  const script = path.basename(trainScript);
  const at = argv.findIndex((a) => path.basename(a) === script);
  return at >= 0 && argv.slice(at + 1).includes(name);
}

/** A command line as a person reads it: the program's file name and the arguments, cut at 80 characters. */
export function describeCommand(argv: readonly string[]): string {
  const text = [path.basename(argv[0] ?? ''), ...argv.slice(1)].join(' ');
  return text.length <= 80 ? text : text.slice(0, 79) + '…';
}

/** Whether a process with this id exists (EPERM means it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
