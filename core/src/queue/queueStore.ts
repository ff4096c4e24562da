// Keeps the queue in a folder (the workspace's storage folder) so that it survives a window reload and so that two
// windows on one workspace never start the same entry twice. Each change writes a new numbered file,
// `queue-<revision>.json`, and claims that number with an exclusive hard link: of two windows that read revision 7,
// exactly one creates `queue-8.json`; the other's link fails with EEXIST, and it reads again and redoes its change
// on the new state (where the entry it wanted may be gone). A file appears complete or not at all (it is written
// under a temporary name first), so there is no lock to go stale when a window dies mid-change.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { readRegularFile } from '#core/fs/regularFile';
import { EMPTY_QUEUE, parseQueueState, QueueState } from './queueState';

const FILE = /^queue-(\d{1,15})\.json$/;
const MAX_FILE_BYTES = 4 * 1024 * 1024;
/** Old revisions are deleted once this many newer ones exist and they are older than a minute. */
const KEEP_REVISIONS = 20;
const DELETE_AFTER_MS = 60_000;
const MAX_ATTEMPTS = 200;

export interface QueueSnapshot {
  state: QueueState;
  /** The revision read; 0 when none was saved. */
  revision: number;
  problems: string[];
}

export class QueueStore {
  constructor(readonly dir: string) {}

  /** The newest saved state that can be read; the empty queue when there is none. */
  async read(): Promise<QueueSnapshot> {
    const { snapshot } = await this.readWithNewest();
    return snapshot;
  }

  /**
   * Applies `change` to the newest state and saves the result as the next revision, atomically with respect to
   * every other window. `change` may run more than once (after losing a race it runs again on the newer state), so
   * it must be pure; it returns undefined to save nothing. Resolves with the saved state and what `change` returned.
   */
  async update<T>(change: (state: QueueState) => { state: QueueState; result: T } | undefined): Promise<{ state: QueueState; result?: T }> {
    await fs.mkdir(this.dir, { recursive: true });
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const { snapshot, newest } = await this.readWithNewest();
      const out = change(snapshot.state);
      if (!out) return { state: snapshot.state };
      const next = newest + 1;
      const temp = path.join(this.dir, `.queue-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
      await fs.writeFile(temp, JSON.stringify(out.state) + '\n', { flag: 'wx' });
      try {
        await fs.link(temp, this.fileOf(next));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
          // Another window saved revision `next` first: read it and try again, after a short random pause.
          await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 * attempt)));
          continue;
        }
        throw err;
      } finally {
        await fs.rm(temp, { force: true });
      }
      await this.deleteOld(next);
      return { state: out.state, result: out.result };
    }
    throw new Error(`The queue in ${this.dir} could not be saved: other windows kept changing it.`);
  }

  private fileOf(revision: number): string {
    return path.join(this.dir, `queue-${revision}.json`);
  }

  private async revisions(): Promise<number[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return names
      .map((n) => FILE.exec(n))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => b - a);
  }

  /** The newest readable state, and the newest revision number present (readable or not: the next write goes above it). */
  private async readWithNewest(): Promise<{ snapshot: QueueSnapshot; newest: number }> {
    const revisions = await this.revisions();
    const problems: string[] = [];
    for (const revision of revisions) {
      const text = readSmallFile(this.fileOf(revision));
      if (text === undefined) continue; // deleted meanwhile, or not a regular file
      const parsed = parseQueueState(text);
      if (!parsed.readable) {
        problems.push(`revision ${revision}: ${parsed.problems.join('; ')}`);
        continue;
      }
      return { snapshot: { state: parsed.state, revision, problems: [...problems, ...parsed.problems] }, newest: revisions[0] };
    }
    return { snapshot: { state: EMPTY_QUEUE, revision: 0, problems }, newest: revisions[0] ?? 0 };
  }

  private async deleteOld(saved: number): Promise<void> {
    const old = (await this.revisions()).filter((r) => r <= saved - KEEP_REVISIONS);
    const now = Date.now();
    for (const r of old) {
      const file = this.fileOf(r);
      try {
        const st = await fs.lstat(file);
        if (now - st.mtimeMs > DELETE_AFTER_MS) await fs.rm(file, { force: true });
      } catch {
        // Another window deleted it first.
      }
    }
  }
}

/** A revision's text under core/src/fs's rules: a regular file of its own (never a link), capped, never blocking. */
function readSmallFile(file: string): string | undefined {
  const read = readRegularFile(file, { maxBytes: MAX_FILE_BYTES, links: 'refuse' });
  return read.ok ? read.bytes.toString('utf8') : undefined;
}

/** Whether process `pid` of machine `host` runs: undefined for another machine, whose processes cannot be seen. */
export function processAlive(host: string, pid: number): boolean | undefined {
  if (host !== os.hostname()) return undefined;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
