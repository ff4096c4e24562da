// The files and folders inside a run, as the Run Explorer lists them: folders first, then files, by name; hidden
// files left out; at most MAX_FOLDER_ENTRIES entries. Unreadable folders, symbolic link loops and vanished folders
// become visible messages instead of errors. What each entry is, and whether it may be opened, is the core's
// judgement (core/src/runs/runFolderEntry.ts): links out of the experiment, pipes and devices are not opened.
import { promises as fs, Dirent } from 'node:fs';
import * as path from 'node:path';
import { describeFsError } from '#core/fs/fsErrors';
import { inspectRunFolderEntry } from '#core/runs/runFolderEntry';
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
  const nodes = limited.map((e) => fileNode(path.join(dir, e.name)));
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

function fileNode(full: string): RunFileNode {
  return { kind: 'file', path: full, ...inspectRunFolderEntry(full) };
}
