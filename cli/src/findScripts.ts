// Expands the paths given to `check` into script files: files as given, folders searched for `*.py`, skipping
// virtual environments, dependencies, run outputs and hidden folders.
//
// A folder is walked as it really is first; symbolic links found on the way are followed afterwards, once each:
// a link to a file or folder already checked adds nothing (and says so), a link into a part of the tree not walked
// yet (a hidden folder, say) is checked, a link out of the tree is not followed (and says so). A loop therefore
// ends at the folder it loops back to. Nothing named `*.py` is skipped without a word on stderr.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Boundary, describeBrokenLink } from '#core/fs/boundary';
import { DirectoryEntry, entryPath, readDirectorySync } from '#core/fs/directory';
import { describeFileType, describeFsError as describeError } from '#core/fs/fsErrors';
import { displayPath, FsPath } from '#core/fs/fsPath';

/** A path given on the command line, or found under one, that is missing has "no such file or folder". */
const describeFsError = (e: unknown) => describeError(e, { missing: 'no such file or folder' });

const SKIPPED_DIRS = new Set(['.venv', 'node_modules', 'runs', '__pycache__']);

export interface ScriptTarget {
  /** The path as it will be printed (relative paths stay relative; bytes that are not UTF-8 shown as U+FFFD). */
  path: string;
  /** The path to read: the printed one, its bytes, or the real path a link leads to. */
  fsPath: FsPath;
}

/** A path that could not be checked: the exit status says the check is not whole. */
export interface TargetProblem {
  path: string;
  message: string;
  /** A path that could not be listed or looked at at all (said as "cannot read PATH: …"). */
  cannotRead?: boolean;
}

export interface FoundScripts {
  files: ScriptTarget[];
  problems: TargetProblem[];
  /** Links followed once or not at all, said for the record; nothing was left unchecked because of them. */
  notes: TargetProblem[];
}

/** Files to check, in a stable order, the paths that could not be read, and what the walk noted about links. */
export async function findScripts(paths: string[]): Promise<FoundScripts> {
  const found: FoundScripts = { files: [], problems: [], notes: [] };
  for (const p of paths) {
    let stat;
    try {
      stat = await fs.promises.stat(p);
    } catch (e) {
      found.problems.push({ path: p, message: describeFsError(e), cannotRead: true });
      continue;
    }
    if (stat.isDirectory()) new TreeWalk(p, found).run();
    else found.files.push({ path: p, fsPath: p });
  }
  return found;
}

interface Folder {
  /** How it is printed. */
  shown: string;
  /** How it is read. */
  fsPath: FsPath;
  /** Its real path (the root's real path plus the names walked: no link on the way). */
  real: string;
}

class TreeWalk {
  private readonly boundary: Boundary;
  private readonly folders = new Map<string, string>();
  private readonly scripts = new Map<string, string>();
  private readonly links: { shown: string; fsPath: FsPath; name: string }[] = [];

  constructor(
    private readonly root: string,
    private readonly found: FoundScripts,
  ) {
    this.boundary = new Boundary(root, root);
  }

  run(): void {
    const real = this.boundary.realPath();
    if (real === undefined) {
      this.found.problems.push({ path: this.root, message: 'cannot be resolved' });
      return;
    }
    this.walk({ shown: this.root, fsPath: this.root, real });
    // Links last, in the order met (links inside linked folders join the queue): the real tree is all known by then.
    for (let i = 0; i < this.links.length; i++) this.followLink(this.links[i]);
  }

  private walk(top: Folder): void {
    this.folders.set(top.real, top.shown);
    // An explicit stack rather than recursion: folder depth is not ours to bound.
    const stack = [top];
    while (stack.length) {
      const d = stack.pop()!;
      let entries: DirectoryEntry[];
      try {
        entries = readDirectorySync(d.fsPath);
      } catch (e) {
        this.found.problems.push({ path: d.shown, message: describeFsError(e), cannotRead: true });
        continue;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const subdirs: Folder[] = [];
      for (const e of entries) {
        const shown = path.join(d.shown, e.name);
        const fsPath = entryPath(d.fsPath, e);
        const real = path.join(d.real, e.name);
        if (e.name.startsWith('.')) continue;
        if (e.kind === 'folder') {
          if (SKIPPED_DIRS.has(e.name)) continue;
          subdirs.push({ shown, fsPath, real });
          this.folders.set(real, shown);
        } else if (e.kind === 'link') {
          this.links.push({ shown, fsPath, name: e.name });
        } else if (e.name.endsWith('.py')) {
          if (e.kind === 'file') this.addScript(shown, fsPath, real);
          else this.found.problems.push({ path: shown, message: `${otherKind(fsPath)}; not checked` });
        }
      }
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
    }
  }

  private followLink(link: { shown: string; fsPath: FsPath; name: string }): void {
    const isScript = link.name.endsWith('.py');
    const to = this.boundary.follow(link.fsPath);
    if (to.kind === 'outside') {
      const real = displayPath(to.real);
      if (isScript) this.found.problems.push({ path: link.shown, message: `${this.boundary.describeOutside(to.real)}; not checked` });
      else if (isDirectory(to.real))
        this.found.notes.push({ path: link.shown, message: `a symbolic link to ${real}, outside ${this.root}; not followed` });
      return;
    }
    if (to.kind !== 'inside') {
      if (isScript) this.found.problems.push({ path: link.shown, message: `${describeBrokenLink(to)}; not checked` });
      return;
    }
    const real = displayPath(to.real);
    let st: fs.Stats;
    try {
      st = fs.statSync(to.real);
    } catch (e) {
      if (isScript) this.found.problems.push({ path: link.shown, message: describeFsError(e) });
      return;
    }
    if (st.isDirectory()) {
      const seen = this.folders.get(real);
      if (seen !== undefined) this.found.notes.push({ path: link.shown, message: `the same folder as ${seen}, checked once` });
      else this.walk({ shown: link.shown, fsPath: to.real, real });
      return;
    }
    if (!isScript) return;
    if (!st.isFile()) {
      this.found.problems.push({ path: link.shown, message: `not a regular file (${describeFileType(st)}); not checked` });
      return;
    }
    const seen = this.scripts.get(real);
    if (seen !== undefined) this.found.notes.push({ path: link.shown, message: `the same file as ${seen}, checked once` });
    else this.addScript(link.shown, to.real, real);
  }

  private addScript(shown: string, fsPath: FsPath, real: string): void {
    this.scripts.set(real, shown);
    this.found.files.push({ path: shown, fsPath });
  }
}

function isDirectory(p: FsPath): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function otherKind(p: FsPath): string {
  try {
    return `not a regular file (${describeFileType(fs.lstatSync(p))})`;
  } catch (e) {
    return describeFsError(e);
  }
}
