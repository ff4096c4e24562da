// What an entry inside a run folder is, for the Run Explorer's file list: a folder to expand, a file to open, or
// something to explain and leave alone. A link is followed only when it stays inside the experiment (the folder
// above the nearest `runs/`), so a run whose `logs` links to `/etc` does not list `/etc`; named pipes and devices
// are shown but not opened (opening a pipe waits for a writer).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Boundary } from '#core/fs/boundary';
import { describeFileType, describeFsError } from '#core/fs/fsErrors';
import { describeRefusal, openRegularFileInside } from '#core/fs/regularFile';
import { RUNS_DIR } from './experimentFolder';

export interface RunFolderEntry {
  isDirectory: boolean;
  /** Size in bytes, for regular files. */
  size?: number;
  /** Why the entry is neither listed nor opened. */
  problem?: string;
}

export function inspectRunFolderEntry(full: string): RunFolderEntry {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(full);
    if (st.isSymbolicLink()) {
      const boundary = new Boundary(experimentAbove(full), 'the experiment');
      const to = boundary.follow(full);
      if (to.kind === 'loop') return { isDirectory: false, problem: 'symbolic link loop' };
      if (to.kind === 'dangling') return { isDirectory: false, problem: 'broken symbolic link' };
      if (to.kind === 'unreadable') return { isDirectory: false, problem: to.why };
      if (to.kind === 'outside') return { isDirectory: false, problem: `${boundary.describeOutside(to.real)}: not followed` };
      st = fs.statSync(to.real);
    }
  } catch (err) {
    return { isDirectory: false, problem: describeFsError(err) };
  }
  if (st.isDirectory()) return { isDirectory: true };
  if (st.isFile()) return { isDirectory: false, size: st.size };
  return { isDirectory: false, problem: `${describeFileType(st)}, not opened` };
}

/** The experiment a path inside one of its runs belongs to: the folder holding the nearest `runs/` above it. */
function experimentAbove(full: string): string {
  let dir = path.dirname(path.resolve(full));
  for (;;) {
    if (path.basename(dir) === RUNS_DIR) return path.dirname(dir);
    const parent = path.dirname(dir);
    if (parent === dir) return path.dirname(path.resolve(full));
    dir = parent;
  }
}

export type OpenableRunFile = { ok: true } | { ok: false; missing: boolean; message: string };

/**
 * Whether a file of a run (its train log, say) may be opened in the editor: a regular file reached without leaving
 * the experiment, through whatever links lie on the way. `shown` names it in the message.
 */
export function checkOpenableRunFile(file: string, experimentDir: string, shown: string): OpenableRunFile {
  const opened = openRegularFileInside(file, new Boundary(experimentDir, 'the experiment'));
  if (opened.ok) {
    fs.closeSync(opened.fd);
    return { ok: true };
  }
  if (opened.kind === 'missing') return { ok: false, missing: true, message: `${shown} does not exist.` };
  return {
    ok: false,
    missing: false,
    message: `${describeRefusal(shown, opened)}${opened.kind === 'skipped' ? '; it is not opened' : ''}.`,
  };
}
