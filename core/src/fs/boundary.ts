// The folder a reader must not leave: an experiment (or the tree `check` walks). A symbolic link is followed only
// when its real path is inside the folder's real path, so a repository cannot make us read, write or delete
// through a link to `/`, `/etc` or another user's files. Links inside the folder (a run that is an alias of
// another, a `runs/` kept in a sub-folder) keep working.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { displayPath, FsPath, toBytes } from './fsPath';
import { describeFsError } from './fsErrors';

/** Where a symbolic link leads, judged against a boundary. */
export type LinkTarget =
  | { kind: 'inside'; real: FsPath }
  | { kind: 'outside'; real: FsPath }
  | { kind: 'loop' }
  | { kind: 'dangling' }
  | { kind: 'unreadable'; why: string };

export class Boundary {
  private real: string | null | undefined;

  /**
   * @param folder the folder as the caller names it
   * @param name how messages name it: `the experiment`, or a path
   */
  constructor(
    readonly folder: string,
    readonly name: string,
  ) {}

  /** The folder's real path, read once (undefined when the folder cannot be resolved). */
  realPath(): string | undefined {
    if (this.real === undefined) {
      try {
        this.real = fs.realpathSync.native(this.folder);
      } catch {
        this.real = null;
      }
    }
    return this.real ?? undefined;
  }

  /** True when `real` (a real path) is the boundary's folder or lies below it. */
  holds(real: FsPath): boolean {
    const root = this.realPath();
    return root !== undefined && isInside(real, root);
  }

  /** Resolves the link at `link` and says whether its real path stays inside. */
  follow(link: FsPath): LinkTarget {
    let real: FsPath;
    try {
      real = typeof link === 'string' ? fs.realpathSync.native(link) : fs.realpathSync.native(link, { encoding: 'buffer' });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') return { kind: 'loop' };
      if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'dangling' };
      return { kind: 'unreadable', why: describeFsError(err) };
    }
    return { kind: this.holds(real) ? 'inside' : 'outside', real };
  }

  /** A link that leads out, in words: `a symbolic link to /etc, outside the experiment`. */
  describeOutside(real: FsPath): string {
    return `a symbolic link to ${displayPath(real)}, outside ${this.name}`;
  }

  /** A path whose folder on the way is such a link: `reached through a symbolic link, at /etc/x, outside the experiment`. */
  describeReachedOutside(real: FsPath): string {
    return `reached through a symbolic link, at ${displayPath(real)}, outside ${this.name}`;
  }
}

/** True when `child` is `folder` or lies below it; both absolute, compared byte by byte (no `..` tricks: real paths). */
export function isInside(child: FsPath, folder: string): boolean {
  const c = toBytes(child);
  const f = toBytes(folder);
  if (c.equals(f)) return true;
  const prefix = f.length > 0 && f[f.length - 1] === path.sep.charCodeAt(0) ? f : Buffer.concat([f, Buffer.from(path.sep)]);
  return c.length > prefix.length && c.subarray(0, prefix.length).equals(prefix);
}

/** What a link that does not lead anywhere usable is, in words; undefined for `inside` and `outside`. */
export function describeBrokenLink(target: LinkTarget): string | undefined {
  switch (target.kind) {
    case 'loop':
      return 'a symbolic link that loops back on itself';
    case 'dangling':
      return 'a symbolic link to something that does not exist';
    case 'unreadable':
      return `a symbolic link whose target cannot be read (${target.why})`;
    default:
      return undefined;
  }
}
