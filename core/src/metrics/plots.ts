// The images in each run's plots/ folder, matched by file name across runs, so that the same plot of two runs sits
// side by side. A plots/ folder may hold thousands of files, links out of the experiment, or files that only claim
// to be images: the listing stops after a fixed number of entries, and each image shown is first opened like any
// other file of a run (openInside) and its first bytes checked against its extension.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describeFsError } from '#core/fs/fsErrors';
import { formatBytes } from './logFollower';
import { isInside, openInside, readAt } from './safeFile';

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
export async function listRunPlots(runDir: string, root: string): Promise<RunPlots> {
  const dir = path.join(runDir, 'plots');
  let real: string;
  try {
    real = await fs.realpath(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { names: [], cut: false, problem: code === 'ENOENT' ? undefined : `plots/ could not be read (${describeFsError(err)})` };
  }
  if (!isInside(real, root)) return { names: [], cut: false, problem: 'plots/ leads outside the experiment and is not read' };
  const names: string[] = [];
  let seen = 0;
  let cut = false;
  try {
    const handle = await fs.opendir(real, { bufferSize: 256 });
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
export async function checkImage(file: string, root: string): Promise<ImageCheck> {
  const opened = await openInside(file, root);
  if (!('handle' in opened)) return { ok: false, problem: opened.problem };
  const { handle, stat } = opened;
  try {
    if (stat.size > MAX_IMAGE_BYTES) return { ok: false, problem: `it is ${formatBytes(stat.size)}, too large to show here` };
    if (stat.size === 0) return { ok: false, problem: 'it is empty' };
    const head = Buffer.alloc(Math.min(512, stat.size));
    const n = await readAt(handle, head, head.length, 0);
    const kind = imageKind(head.subarray(0, n));
    const expected = path.extname(file).toLowerCase().replace('.jpeg', '.jpg');
    if (!kind) return { ok: false, problem: 'it is not an image (its content is not WebP, PNG, JPEG, GIF or SVG)' };
    if (kind !== expected) return { ok: false, problem: `it is named ${expected} but holds a ${kind.slice(1).toUpperCase()} image` };
    return { ok: true, size: stat.size };
  } catch (err) {
    return { ok: false, problem: `it could not be read (${describeFsError(err)})` };
  } finally {
    await handle.close().catch(() => undefined);
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
