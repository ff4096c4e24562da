// The files and folders inside a run, as the Run Explorer lists them: folders first, then files, by name; hidden
// files left out; at most MAX_FOLDER_ENTRIES entries. Unreadable folders, symbolic link loops and vanished folders
// become visible messages instead of errors.
import { promises as fs, Dirent } from 'node:fs';
import * as path from 'node:path';
import { describeFsError } from '#core/fsErrors';
import type { RunExplorerNode, RunFileNode } from './nodes';

/** Entries listed per folder inside a run; a data/ folder with a million shards must not freeze the tree. */
const MAX_FOLDER_ENTRIES = 500;

export async function listFolder(dir: string, keep: (name: string) => boolean = () => true): Promise<RunExplorerNode[]> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (err) {
    return [
      { kind: 'message', id: `unreadable:${dir}`, text: `This folder could not be read (${describeFsError(err)}).`, severity: 'warning' },
    ];
  }
  const shown = entries.filter((e) => !e.name.startsWith('.') && keep(e.name));
  shown.sort((a, b) => a.name.localeCompare(b.name));
  const limited = shown.slice(0, MAX_FOLDER_ENTRIES);
  const nodes = await Promise.all(limited.map((e) => fileNode(path.join(dir, e.name), e)));
  nodes.sort((a, b) => Number(b.isDirectory) - Number(a.isDirectory) || a.path.localeCompare(b.path));
  const result: RunExplorerNode[] = nodes;
  if (shown.length > limited.length) {
    result.push({
      kind: 'message',
      id: `truncated:${dir}`,
      text: `${shown.length - limited.length} more entries not shown`,
      severity: 'info',
    });
  }
  if (result.length === 0) result.push({ kind: 'message', id: `empty:${dir}`, text: 'empty', severity: 'info' });
  return result;
}

async function fileNode(full: string, entry: Dirent): Promise<RunFileNode> {
  try {
    const st = await fs.stat(full); // follows symbolic links; a loop or a dangling link throws
    return { kind: 'file', path: full, isDirectory: st.isDirectory(), size: st.isFile() ? st.size : undefined };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const problem =
      code === 'ELOOP' ? 'symbolic link loop' : code === 'ENOENT' && entry.isSymbolicLink() ? 'broken symbolic link' : describeFsError(err);
    return { kind: 'file', path: full, isDirectory: entry.isDirectory(), problem };
  }
}
