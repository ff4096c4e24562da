// Opening a file of a run the way a hostile repository requires: only a regular file (a named pipe would block the
// reader for ever, a device could be endless), never through a link that leads out of the experiment, and never
// with an open that can block. The metrics view reads logs and images this way; it never writes.
import { constants, promises as fs, type Stats } from 'node:fs';
import * as path from 'node:path';
import { describeFsError } from '#core/fs/fsErrors';

export interface OpenedFile {
  handle: fs.FileHandle;
  stat: Stats;
}

/** Why a file was not opened, in words for the panel; `missing` when it does not exist (often not worth a word). */
export interface NotOpened {
  problem: string;
  missing: boolean;
}

/**
 * Opens `file` for reading if it is a regular file whose real path lies inside `root` (itself a real path, see
 * realRoot). Symbolic links are followed only when they stay inside `root`.
 */
export async function openInside(file: string, root: string): Promise<OpenedFile | NotOpened> {
  let real: string;
  try {
    real = await fs.realpath(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' ? 'it does not exist' : `it cannot be read (${describeFsError(err)})`, missing: code === 'ENOENT' };
  }
  if (!isInside(real, root))
    return { problem: 'it is a symbolic link to a place outside the experiment, which is not read', missing: false };
  let handle: fs.FileHandle;
  try {
    // O_NONBLOCK: should a named pipe take the file's place after the check below, the open still returns at once.
    handle = await fs.open(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { problem: `it cannot be read (${describeFsError(err)})`, missing: code === 'ENOENT' };
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      await handle.close();
      return { problem: 'it is not a regular file, so it is not read', missing: false };
    }
    return { handle, stat };
  } catch (err) {
    await handle.close().catch(() => undefined);
    return { problem: `it cannot be read (${describeFsError(err)})`, missing: false };
  }
}

/** The real path of an experiment folder, against which openInside checks; the path itself when it cannot be resolved. */
export async function realRoot(dir: string): Promise<string> {
  return fs.realpath(dir).catch(() => path.resolve(dir));
}

export function isInside(file: string, root: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..' + path.sep) && rel !== '..' && !path.isAbsolute(rel);
}

/** Reads up to `length` bytes at `position` (fewer at the end of the file). */
export async function readAt(handle: fs.FileHandle, buffer: Buffer, length: number, position: number): Promise<number> {
  let got = 0;
  while (got < length) {
    const { bytesRead } = await handle.read(buffer, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}
