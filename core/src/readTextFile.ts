// Reading a small text file the way a repository we do not trust allows: a regular file only (a named pipe would
// block, a device never ends), at most `maxBytes` of it, and, where asked, never through a symbolic link.
import * as fs from 'node:fs';

export interface ReadTextOptions {
  /** Follow a symbolic link at the path itself (default: true). */
  followLinks?: boolean;
}

/** The file's text (its first `maxBytes`), or undefined when it is not a readable regular file. */
export function readRegularTextFile(file: string, maxBytes: number, options: ReadTextOptions = {}): string | undefined {
  const flags =
    fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (options.followLinks === false ? (fs.constants.O_NOFOLLOW ?? 0) : 0);
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, flags);
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return undefined;
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes));
    const read = fs.readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, read).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
