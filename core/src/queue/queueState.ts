// The local run queue of a workspace, as it is kept on disk: the entries waiting, in order, and those taken from the
// queue and started (on which GPU, by which window). Every change is a pure function from one state to the next;
// queueStore.ts makes each change atomic across windows.
import type { LaunchKind } from '#core/launch/taskName';
import { isPlainObject } from '#core/isPlainObject';

export const QUEUE_STATE_VERSION = 1;

export interface QueueEntry {
  /** Unique within the queue (made by the window that added it). */
  id: string;
  kind: LaunchKind;
  /** Absolute path of the experiment folder. */
  experimentDir: string;
  /** train: the descriptive name; eval and plot: the run path `runs/<run folder>`. */
  target: string;
  /** `auto`: a free GPU by the launcher's rule (CPU where there is no GPU); `cpu`: the CPU, one run at a time. */
  device: 'auto' | 'cpu';
  /** ISO time it was queued. */
  addedAt: string;
}

export type QueueDevice = { kind: 'gpu'; index: number; uuid: string } | { kind: 'cpu' };

/** Which window took an entry: enough to tell, on the same machine, whether that window's process still lives. */
export interface QueueClaimant {
  host: string;
  pid: number;
  /** A name for people, such as the window's workspace. */
  label?: string;
}

export interface StartedEntry extends QueueEntry {
  /** ISO time it was taken from the queue. */
  startedAt: string;
  ranOn: QueueDevice;
  claimedBy: QueueClaimant;
  /** The launched process, once it runs. */
  runPid?: number;
}

export interface QueueState {
  version: typeof QUEUE_STATE_VERSION;
  waiting: QueueEntry[];
  started: StartedEntry[];
  /** Set when the window running the queue closed with entries still waiting, so that the next start says so. */
  stopped?: { at: string; waiting: number };
  /** True once the user was told that, without a GPU, the queue runs one run at a time on the CPU. */
  cpuNoticeShown?: boolean;
}

export const EMPTY_QUEUE: QueueState = { version: QUEUE_STATE_VERSION, waiting: [], started: [] };

export function addEntry(state: QueueState, entry: QueueEntry): QueueState {
  if (state.waiting.some((e) => e.id === entry.id) || state.started.some((e) => e.id === entry.id)) return state;
  return { ...state, waiting: [...state.waiting, entry] };
}

export function removeEntry(state: QueueState, id: string): QueueState {
  return { ...state, waiting: state.waiting.filter((e) => e.id !== id) };
}

/** Moves a waiting entry to `position` (0 = next to start), clamped to the queue. */
export function moveEntry(state: QueueState, id: string, position: number): QueueState {
  const from = state.waiting.findIndex((e) => e.id === id);
  if (from < 0) return state;
  const waiting = [...state.waiting];
  const [entry] = waiting.splice(from, 1);
  waiting.splice(Math.max(0, Math.min(waiting.length, Math.trunc(position))), 0, entry);
  return { ...state, waiting };
}

/** Takes a waiting entry out of the queue as started on `device` by `claimant`; undefined when it is no longer waiting. */
export function claimEntry(state: QueueState, id: string, device: QueueDevice, claimant: QueueClaimant, now: Date): QueueState | undefined {
  const entry = state.waiting.find((e) => e.id === id);
  if (!entry) return undefined;
  const started: StartedEntry = { ...entry, startedAt: now.toISOString(), ranOn: device, claimedBy: claimant };
  return { ...state, waiting: state.waiting.filter((e) => e.id !== id), started: [...state.started, started] };
}

export function setRunPid(state: QueueState, id: string, pid: number): QueueState {
  return { ...state, started: state.started.map((e) => (e.id === id ? { ...e, runPid: pid } : e)) };
}

/** The started entry's run has ended (or never launched): its GPU is free for the queue again. */
export function endStarted(state: QueueState, id: string): QueueState {
  return { ...state, started: state.started.filter((e) => e.id !== id) };
}

/**
 * Drops started entries whose run can no longer be running: the claiming window's process is gone and so is the run's
 * (or it never got one). `isAlive(host, pid)` answers for processes of this machine and says `undefined` for others,
 * whose entries are kept.
 */
export function reapStarted(state: QueueState, isAlive: (host: string, pid: number) => boolean | undefined): QueueState {
  const keep = state.started.filter((e) => {
    const run = e.runPid === undefined ? false : isAlive(e.claimedBy.host, e.runPid);
    if (run !== false) return true;
    return isAlive(e.claimedBy.host, e.claimedBy.pid) !== false;
  });
  return keep.length === state.started.length ? state : { ...state, started: keep };
}

export function markStopped(state: QueueState, now: Date): QueueState {
  if (state.waiting.length === 0) return state.stopped ? { ...state, stopped: undefined } : state;
  return { ...state, stopped: { at: now.toISOString(), waiting: state.waiting.length } };
}

export function clearStopped(state: QueueState): QueueState {
  if (!state.stopped) return state;
  const next = { ...state };
  delete next.stopped;
  return next;
}

/**
 * Reads a saved state; anything malformed is left out and said in `problems`, never thrown. `readable` is false
 * when nothing of it could be read (not JSON, or another format).
 */
export function parseQueueState(text: string): { state: QueueState; problems: string[]; readable: boolean } {
  const problems: string[] = [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { state: EMPTY_QUEUE, problems: ['the saved queue is not valid JSON'], readable: false };
  }
  if (!isPlainObject(data) || data.version !== QUEUE_STATE_VERSION) {
    return { state: EMPTY_QUEUE, problems: ['the saved queue has an unknown format'], readable: false };
  }
  const state: QueueState = { version: QUEUE_STATE_VERSION, waiting: [], started: [] };
  for (const raw of Array.isArray(data.waiting) ? data.waiting : []) {
    const e = toEntry(raw);
    if (e) state.waiting.push(e);
    else problems.push('a waiting entry of the saved queue is malformed and was dropped');
  }
  for (const raw of Array.isArray(data.started) ? data.started : []) {
    const e = toStarted(raw);
    if (e) state.started.push(e);
    else problems.push('a started entry of the saved queue is malformed and was dropped');
  }
  if (isPlainObject(data.stopped) && typeof data.stopped.at === 'string' && typeof data.stopped.waiting === 'number') {
    state.stopped = { at: data.stopped.at, waiting: data.stopped.waiting };
  }
  if (data.cpuNoticeShown === true) state.cpuNoticeShown = true;
  return { state, problems, readable: true };
}

function toEntry(v: unknown): QueueEntry | undefined {
  if (!isPlainObject(v)) return undefined;
  const { id, kind, experimentDir, target, device, addedAt } = v;
  if (typeof id !== 'string' || id === '' || (kind !== 'train' && kind !== 'eval' && kind !== 'plot')) return undefined;
  if (typeof experimentDir !== 'string' || typeof target !== 'string' || typeof addedAt !== 'string') return undefined;
  if (device !== 'auto' && device !== 'cpu') return undefined;
  return { id, kind, experimentDir, target, device, addedAt };
}

function toStarted(v: unknown): StartedEntry | undefined {
  const entry = toEntry(v);
  if (!entry || !isPlainObject(v)) return undefined;
  const { startedAt, ranOn, claimedBy, runPid } = v;
  if (typeof startedAt !== 'string' || !isPlainObject(claimedBy) || typeof claimedBy.host !== 'string' || !isPid(claimedBy.pid))
    return undefined;
  let device: QueueDevice;
  if (isPlainObject(ranOn) && ranOn.kind === 'cpu') device = { kind: 'cpu' };
  else if (isPlainObject(ranOn) && ranOn.kind === 'gpu' && Number.isInteger(ranOn.index) && typeof ranOn.uuid === 'string') {
    device = { kind: 'gpu', index: ranOn.index as number, uuid: ranOn.uuid };
  } else return undefined;
  const claimant: QueueClaimant = { host: claimedBy.host, pid: claimedBy.pid };
  if (typeof claimedBy.label === 'string') claimant.label = claimedBy.label;
  const started: StartedEntry = { ...entry, startedAt, ranOn: device, claimedBy: claimant };
  if (runPid !== undefined) {
    if (!isPid(runPid)) return undefined;
    started.runPid = runPid;
  }
  return started;
}

function isPid(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}
