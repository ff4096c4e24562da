// File system errors in words for people: the same few causes come up when reading runs, scripts and folders.
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
    default:
      return code ?? errorMessage(err);
  }
}
