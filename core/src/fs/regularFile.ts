// The one way this project opens a file it did not write: only regular files, never blocking, never more than a
// cap. A repository can put a named pipe where a log should be (an open() of it waits forever for a writer and holds
// one of Node's four I/O threads), or a link to /dev/zero (endless, so reading "the whole file" never ends), or a
// link out of the experiment. So: lstat first; follow a link only as the policy allows; refuse anything but a
// regular file before opening it; open with O_NONBLOCK and O_NOFOLLOW, so that a file swapped in between for a pipe
// cannot block (a read then finds nothing, or fails) and one swapped for a link is not followed (the open fails);
// read at most the cap. A device cannot be swapped in: making one takes privileges. Where a link was followed, the
// opened file is fstat'ed too, since its target is checked by path.
//
// The calls are synchronous on purpose: each is one small system call on a local file, and a reader of 10,000 runs
// makes 50,000 of them, which the promise API would send one by one through the I/O thread pool (2 s instead of
// 0.2 s, measured by `npm run bench`). Nothing here can block: pipes and devices are refused before any read.
import * as fs from 'node:fs';
import { Boundary, describeBrokenLink } from './boundary';
import { describeFileType, describeFsError, formatBytes } from './fsErrors';
import type { FsPath } from './fsPath';

/**
 * How a symbolic link as the file's last path component is treated: followed anywhere, only inside a boundary, or
 * never (`refuse`: the link is not read, wherever it leads).
 */
export type LinkPolicy = 'follow' | 'refuse' | Boundary;

/** Why a file was not read: it does not exist, it was skipped on purpose (`what` completes "<name> is …"), or an error. */
export type FileRefusal =
  { ok: false; kind: 'missing' } | { ok: false; kind: 'skipped'; what: string } | { ok: false; kind: 'error'; what: string; code?: string };

export interface OpenFile {
  ok: true;
  fd: number;
  size: number;
  mtimeMs: number;
}

export interface ReadFile {
  ok: true;
  bytes: Buffer;
  size: number;
  mtimeMs: number;
}

const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0);

/**
 * Opens `file` for reading if it is a regular file (after the link policy). The caller closes the descriptor.
 * Folders above the last component are not checked here: callers that walk a tree check each level as they go.
 */
export function openRegularFile(file: FsPath, links: LinkPolicy): OpenFile | FileRefusal {
  let target = file;
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(file, { throwIfNoEntry: false });
    if (!st) return { ok: false, kind: 'missing' };
    if (st.isSymbolicLink()) {
      if (links === 'refuse') return { ok: false, kind: 'skipped', what: 'a symbolic link' };
      const boundary = links === 'follow' ? new Boundary('/', '/') : links;
      const to = boundary.follow(file);
      if (to.kind === 'outside' && links !== 'follow') return { ok: false, kind: 'skipped', what: links.describeOutside(to.real) };
      if (to.kind !== 'inside' && to.kind !== 'outside') return { ok: false, kind: 'skipped', what: describeBrokenLink(to)! };
      target = to.real;
      st = fs.statSync(target);
    }
  } catch (err) {
    return fsRefusal(err);
  }
  if (!st.isFile()) return notRegular(st);
  let fd: number;
  try {
    fd = fs.openSync(target, OPEN_FLAGS);
  } catch (err) {
    return fsRefusal(err);
  }
  if (target === file) return { ok: true, fd, size: st.size, mtimeMs: st.mtimeMs };
  try {
    const opened = fs.fstatSync(fd);
    if (!opened.isFile()) {
      fs.closeSync(fd);
      return notRegular(opened);
    }
    return { ok: true, fd, size: opened.size, mtimeMs: opened.mtimeMs };
  } catch (err) {
    fs.closeSync(fd);
    return fsRefusal(err);
  }
}

/**
 * Opens `file` if the whole path leads to a regular file inside `boundary`: every symbolic link on the way is
 * resolved, not only one at the last component, so a run whose `logs/` links to `/etc` does not get `/etc/…` read.
 * For readers handed a path below the experiment (a run's log, a plot) rather than walking to it level by level.
 */
export function openRegularFileInside(file: FsPath, boundary: Boundary): OpenFile | FileRefusal {
  const to = boundary.follow(file);
  if (to.kind === 'dangling') return { ok: false, kind: 'missing' };
  if (to.kind === 'loop') return { ok: false, kind: 'skipped', what: 'a symbolic link that loops back on itself' };
  if (to.kind === 'unreadable') return { ok: false, kind: 'error', what: to.why };
  if (to.kind === 'outside') {
    const isLink = fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
    return { ok: false, kind: 'skipped', what: isLink ? boundary.describeOutside(to.real) : boundary.describeReachedOutside(to.real) };
  }
  // The real path holds no link; one swapped in since is judged again by the boundary.
  return openRegularFile(to.real, boundary);
}

export interface ReadOptions {
  maxBytes: number;
  links: LinkPolicy;
  /**
   * What a file larger than `maxBytes` gives: refused unread (the default), or its first `maxBytes` (for files
   * whose start is all a reader needs: a script's header, whether a manifest exists and declares pixi).
   */
  overCap?: 'refuse' | 'readStart';
}

/** Reads a whole regular file of at most `maxBytes`; a larger one is refused unread (or, if asked, its start read). */
export function readRegularFile(file: FsPath, options: ReadOptions): ReadFile | FileRefusal {
  const opened = openRegularFile(file, options.links);
  if (!opened.ok) return opened;
  try {
    if (opened.size > options.maxBytes && options.overCap !== 'readStart') {
      return { ok: false, kind: 'skipped', what: `larger than ${formatBytes(options.maxBytes)} (${formatBytes(opened.size)})` };
    }
    const bytes = readAt(opened.fd, 0, Math.min(opened.size, options.maxBytes));
    return { ok: true, bytes, size: opened.size, mtimeMs: opened.mtimeMs };
  } catch (err) {
    return fsRefusal(err);
  } finally {
    fs.closeSync(opened.fd);
  }
}

/** Up to `length` bytes from `position`; fewer when the file ends sooner (it may shrink while read). */
export function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = fs.readSync(fd, buf, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got === length ? buf : buf.subarray(0, got);
}

/**
 * The same, without waiting on the calling thread: for readers of many megabytes in a process that must stay
 * responsive (the metrics view reads up to 128 MiB of a log in 1 MiB steps).
 */
export function readAtAsync(fd: number, buffer: Buffer, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let got = 0;
    const step = () =>
      fs.read(fd, buffer, got, length - got, position + got, (err, n) => {
        if (err) return reject(err);
        got += n;
        if (n === 0 || got >= length) resolve(got);
        else step();
      });
    if (length <= 0) resolve(0);
    else step();
  });
}

/** `logs/train.log is not a regular file (a named pipe)` / `logs/train.log could not be read (permission denied)`. */
export function describeRefusal(name: string, refusal: Exclude<FileRefusal, { kind: 'missing' }>): string {
  return refusal.kind === 'skipped' ? `${name} is ${refusal.what}` : `${name} could not be read (${refusal.what})`;
}

function notRegular(st: fs.Stats): FileRefusal {
  return { ok: false, kind: 'skipped', what: st.isDirectory() ? 'a folder, not a file' : `not a regular file (${describeFileType(st)})` };
}

function fsRefusal(err: unknown): FileRefusal {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, kind: 'missing' };
  if (code === 'ELOOP') return { ok: false, kind: 'skipped', what: 'a symbolic link that loops back on itself' };
  return { ok: false, kind: 'error', what: describeFsError(err), code };
}
