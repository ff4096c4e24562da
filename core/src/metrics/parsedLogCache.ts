// Logs already read, kept for the next panel that shows them in the same process: reopening the metrics view or
// choosing other runs then reads only what the logs gained since, not hundreds of megabytes again. A follower is
// taken out while a panel shows its log (a poll of one panel must not eat the appends another waits for) and kept
// again when the panel lets go of it. A kept follower is used again only while its file continues what it read
// (same device and inode, not shrunk, not rewritten in place: LogFollower.continuesInto); else the log is read anew.
// What is kept is bounded by the bytes of its columns, least recently kept dropped first.
import * as fs from 'node:fs';
import type { Boundary } from '#core/fs/boundary';
import { LogFollower, MAX_LOG_BYTES, type FollowerOptions } from './logFollower';

/** Bytes of parsed columns kept for later panels, at most. */
export const PARSED_LOG_CACHE_BYTES = 256 * 1024 * 1024;

interface Kept {
  follower: LogFollower;
  bytes: number;
}

export class ParsedLogCache {
  /** Followers not in use, least recently kept first (a Map iterates in insertion order). */
  private readonly kept = new Map<string, Kept>();
  private keptBytes = 0;

  constructor(readonly maxBytes = PARSED_LOG_CACHE_BYTES) {}

  /** Bytes of columns kept now. */
  get bytes(): number {
    return this.keptBytes;
  }

  get size(): number {
    return this.kept.size;
  }

  /** A follower of `file`: the one kept, when the file still continues what it read; else a new one, not yet read. */
  take(file: string, boundary: Boundary, name: string, opts: FollowerOptions = {}): LogFollower {
    const key = keyOf(file, boundary);
    const kept = this.kept.get(key);
    if (kept) {
      this.drop(key, kept);
      // Following a link here is harmless: nothing is read; the follower's next read opens the file under the rules.
      const st = statOrUndefined(file);
      if (st && kept.follower.continuesInto(st, opts)) {
        kept.follower.setMaxLogBytes(opts.maxLogBytes ?? MAX_LOG_BYTES);
        return kept.follower;
      }
    }
    return new LogFollower(file, boundary, name, opts);
  }

  /** Keeps a follower no panel uses any more, for a later take of its file. */
  keep(follower: LogFollower): void {
    const key = keyOf(follower.file, follower.boundary);
    const before = this.kept.get(key);
    if (before) this.drop(key, before);
    if (!follower.seen || follower.problem !== undefined) return;
    follower.releaseBuffer();
    const bytes = follower.table.byteSize;
    if (bytes > this.maxBytes) return;
    this.kept.set(key, { follower, bytes });
    this.keptBytes += bytes;
    for (const [oldest, entry] of this.kept) {
      if (this.keptBytes <= this.maxBytes) break;
      this.drop(oldest, entry);
    }
  }

  clear(): void {
    this.kept.clear();
    this.keptBytes = 0;
  }

  private drop(key: string, entry: Kept): void {
    this.kept.delete(key);
    this.keptBytes -= entry.bytes;
  }
}

/** The cache the metrics panels of this process share. */
export const sharedLogCache = new ParsedLogCache();

function keyOf(file: string, boundary: Boundary): string {
  return `${boundary.folder}\0${file}`;
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
