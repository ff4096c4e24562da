// The images in each run's plots/ folder, matched by file name across runs, so that the same plot of two runs sits
// side by side. A plots/ folder may hold thousands of files, links out of the experiment, or files that only claim
// to be images: the listing stops after a fixed number of entries, and each image shown is first opened like any
// other file of a run, under core/src/fs's rules (openRegularFileInside), and its first bytes checked against its
// extension.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Boundary } from '#core/fs/boundary';
import { describeFsError, formatBytes } from '#core/fs/fsErrors';
import { openRegularFileInside, readAt } from '#core/fs/regularFile';

export const IMAGE_EXTENSIONS = ['.webp', '.png', '.jpg', '.jpeg', '.gif', '.svg'];
/** Entries of a plots/ folder looked at; the rest is counted as not listed. */
export const MAX_PLOT_ENTRIES = 5000;
/** Plot names (rows of the grid) shown. */
export const MAX_PLOT_NAMES = 60;
/** Larger images are not shown in the panel (they can still be opened in the editor). */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

export interface RunPlots {
  /** Image file names found, sorted. */
  names: string[];
  /** Whether the folder had more entries than were looked at. */
  cut: boolean;
  problem?: string;
}

/** Lists the image files of `<runDir>/plots`. Never throws. */
export async function listRunPlots(runDir: string, boundary: Boundary): Promise<RunPlots> {
  const to = boundary.follow(path.join(runDir, 'plots'));
  if (to.kind === 'dangling') return { names: [], cut: false };
  if (to.kind === 'loop') return { names: [], cut: false, problem: 'plots/ is a symbolic link that loops back on itself' };
  if (to.kind === 'unreadable') return { names: [], cut: false, problem: `plots/ could not be read (${to.why})` };
  if (to.kind === 'outside') return { names: [], cut: false, problem: `plots/ is ${boundary.describeOutside(to.real)}; it is not read` };
  const real = to.real;
  const names: string[] = [];
  let seen = 0;
  let cut = false;
  try {
    const handle = await fs.promises.opendir(real, { bufferSize: 256 });
    try {
      for await (const entry of handle) {
        if (++seen > MAX_PLOT_ENTRIES) {
          cut = true;
          break;
        }
        if (entry.name.startsWith('.') || !(entry.isFile() || entry.isSymbolicLink())) continue;
        if (IMAGE_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) names.push(entry.name);
      }
    } finally {
      // A for-await loop left with break closes the folder itself; closing twice only throws, which is ignored.
      await handle.close().catch(() => undefined);
    }
  } catch (err) {
    return { names: [], cut: false, problem: `plots/ could not be read (${describeFsError(err)})` };
  }
  names.sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  return { names, cut };
}

export type ImageCheck = { ok: true; size: number } | { ok: false; problem: string };

/** Opens an image of a run as any file of a run is opened, and checks that its first bytes are what its name says. */
export function checkImage(file: string, boundary: Boundary): Promise<ImageCheck> {
  // A few small synchronous calls (open, fstat, a read of 512 bytes), none of which can block: see regularFile.ts.
  return Promise.resolve(checkImageNow(file, boundary));
}

function checkImageNow(file: string, boundary: Boundary): ImageCheck {
  const opened = openRegularFileInside(file, boundary);
  if (!opened.ok) {
    if (opened.kind === 'missing') return { ok: false, problem: 'it does not exist' };
    return {
      ok: false,
      problem: opened.kind === 'skipped' ? `it is ${opened.what}; it is not read` : `it cannot be read (${opened.what})`,
    };
  }
  const { fd, size } = opened;
  try {
    if (size > MAX_IMAGE_BYTES) return { ok: false, problem: `it is ${formatBytes(size)}, too large to show here` };
    if (size === 0) return { ok: false, problem: 'it is empty' };
    const kind = imageKind(readAt(fd, 0, Math.min(512, size)));
    const expected = path.extname(file).toLowerCase().replace('.jpeg', '.jpg');
    if (!kind) return { ok: false, problem: 'it is not an image (its content is not WebP, PNG, JPEG, GIF or SVG)' };
    if (kind !== expected) return { ok: false, problem: `it is named ${expected} but holds a ${kind.slice(1).toUpperCase()} image` };
    return { ok: true, size };
  } catch (err) {
    return { ok: false, problem: `it could not be read (${describeFsError(err)})` };
  } finally {
    fs.closeSync(fd);
  }
}

/** The image format of a file's first bytes, as an extension, or undefined. */
export function imageKind(head: Buffer): string | undefined {
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return '.png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return '.jpg';
  if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') return '.webp';
  if (head.length >= 6 && /^GIF8[79]a$/.test(head.toString('latin1', 0, 6))) return '.gif';
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (text.startsWith('<') && /<svg[\s>]/i.test(text)) return '.svg';
  return undefined;
}

export interface PlotGrid {
  /** Plot file names, one row each, sorted; at most MAX_PLOT_NAMES. */
  names: string[];
  /** Names found but not shown. */
  hidden: number;
}

/** The rows of the side-by-side grid: every name any run has, in order. */
export function plotGrid(runs: readonly RunPlots[], maxNames = MAX_PLOT_NAMES): PlotGrid {
  const all = [...new Set(runs.flatMap((r) => r.names))].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  return { names: all.slice(0, maxNames), hidden: Math.max(0, all.length - maxNames) };
}
