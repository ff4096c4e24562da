// File system errors and file types in words a user understands: the same few causes come up when reading runs,
// scripts, metrics and folders.
import type { Stats } from 'node:fs';
import { errorMessage } from '#core/errorMessage';

export interface FsErrorWords {
  /** What a missing path is called: a path seen a moment ago "no longer exists"; one the user typed has "no such file". */
  missing?: string;
}

export function describeFsError(err: unknown, words: FsErrorWords = {}): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return words.missing ?? 'it no longer exists';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'a symbolic link loops back on itself';
    case 'ENOTDIR':
      return 'not a folder';
    case 'EISDIR':
      return 'a folder, not a file';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    case 'EAGAIN':
      return 'nothing to read yet';
    default:
      return code ?? errorMessage(err);
  }
}

/** What kind of thing a stat describes: `a named pipe`, `a character device`, `a folder`, … */
export function describeFileType(st: Stats): string {
  if (st.isFile()) return 'a file';
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a file';
}

/** `1 MiB`, `64 KiB`, `3.5 GiB`: sizes in the caps' own units, to one decimal. */
export function formatBytes(n: number): string {
  const tenths = (x: number) => Math.round(x * 10) / 10;
  if (n >= 1024 ** 3) return `${tenths(n / 1024 ** 3)} GiB`;
  if (n >= 1024 ** 2) return `${tenths(n / 1024 ** 2)} MiB`;
  if (n >= 1024) return `${tenths(n / 1024)} KiB`;
  return `${n} bytes`;
}
