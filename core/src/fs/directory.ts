// Folder listings that keep every entry: a name that is not valid UTF-8 (a file copied from an old system, an
// archive made elsewhere) comes back with its bytes, so that it can still be opened, instead of a string full of
// U+FFFD that names nothing on disk.
import * as fs from 'node:fs';
import { childPath, decodeName, FsPath } from './fsPath';

export type EntryKind = 'file' | 'folder' | 'link' | 'other';

export interface DirectoryEntry {
  /** The name as text (with U+FFFD for bytes that are not UTF-8, when `exactName` is false). */
  name: string;
  /** The name as the file system has it: the string itself, or its bytes when it is not UTF-8. */
  fsName: FsPath;
  /** False when the name is not valid UTF-8. */
  exactName: boolean;
  /** What the entry itself is (a link is not followed). */
  kind: EntryKind;
}

/** The entries of `dir`; throws the file system's error when it cannot be listed. */
export async function readDirectory(dir: FsPath): Promise<DirectoryEntry[]> {
  const entries = await fs.promises.readdir(dir, { withFileTypes: true });
  if (!entries.some((e) => e.name.includes('\ufffd'))) return entries.map(textEntry);
  // Some name has a U+FFFD: read the bytes once more to tell real U+FFFD characters from undecodable bytes.
  const raw = await fs.promises.readdir(dir, { withFileTypes: true, encoding: 'buffer' });
  return raw.map(bytesEntry);
}

/** The same, synchronously. */
export function readDirectorySync(dir: FsPath): DirectoryEntry[] {
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  if (!entries.some((e) => e.name.includes('\ufffd'))) return entries.map(textEntry);
  return fs.readdirSync(dir, { withFileTypes: true, encoding: 'buffer' }).map(bytesEntry);
}

/** The path of an entry of `dir`. */
export function entryPath(dir: FsPath, entry: DirectoryEntry): FsPath {
  return childPath(dir, entry.fsName);
}

function kindOf(e: fs.Dirent | fs.Dirent<Buffer>): EntryKind {
  return e.isDirectory() ? 'folder' : e.isSymbolicLink() ? 'link' : e.isFile() ? 'file' : 'other';
}

function textEntry(e: fs.Dirent): DirectoryEntry {
  return { name: e.name, fsName: e.name, exactName: true, kind: kindOf(e) };
}

function bytesEntry(e: fs.Dirent<Buffer>): DirectoryEntry {
  const { text, exact } = decodeName(e.name);
  return { name: text, fsName: exact ? text : e.name, exactName: exact, kind: kindOf(e) };
}
