// Expands the paths given to `check` into script files: files as given, folders searched for `*.py`, skipping
// virtual environments, dependencies, run outputs and hidden folders.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describeFsError } from '#core/fsErrors';

const SKIPPED_DIRS = new Set(['.venv', 'node_modules', 'runs', '__pycache__']);

export interface ScriptTarget {
  /** The path as it will be printed (relative paths stay relative). */
  path: string;
}

export interface TargetProblem {
  path: string;
  message: string;
}

/** Files to check, in a stable order, and the paths that could not be read. */
export async function findScripts(paths: string[]): Promise<{ files: ScriptTarget[]; problems: TargetProblem[] }> {
  const files: ScriptTarget[] = [];
  const problems: TargetProblem[] = [];
  for (const p of paths) {
    let stat;
    try {
      stat = await fs.stat(p);
    } catch (e) {
      problems.push({ path: p, message: describeFsError(e, { missing: 'no such file or folder' }) });
      continue;
    }
    if (stat.isDirectory()) await walk(p, files, problems);
    else files.push({ path: p });
  }
  return { files, problems };
}

async function walk(dir: string, files: ScriptTarget[], problems: TargetProblem[]): Promise<void> {
  // An explicit stack rather than recursion: folder depth is not ours to bound.
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    let entries;
    try {
      entries = await fs.readdir(d, { withFileTypes: true });
    } catch (e) {
      problems.push({ path: d, message: describeFsError(e, { missing: 'no such file or folder' }) });
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !SKIPPED_DIRS.has(e.name)) subdirs.push(full);
      } else if (e.isFile() && e.name.endsWith('.py')) {
        files.push({ path: full });
      }
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
  }
}
