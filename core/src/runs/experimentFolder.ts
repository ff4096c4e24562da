// What makes a folder an experiment, decided here for the whole product (the Run Explorer and its file watchers,
// the commands and their experiment picker, the language server's run paths, the CLI): a folder that holds the
// train script (setting `experimentScripts.trainScript`, `train.py` by default) or a `runs/` folder, and that does
// not lie inside a folder no experiment is looked for in (hidden folders, environments, tool caches, runs/).
import { promises as fs, Dirent } from 'node:fs';
import * as path from 'node:path';
import { isDirectory, isFile } from '#core/fileKinds';
import { SCRIPT_SETTINGS } from '#core/launch/scriptSettings';
import { mapLimit } from '#core/mapLimit';

export const RUNS_DIR = 'runs';

/** Folder names never searched for experiments or scripts: version control, environments and tool caches. */
const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['.git', 'node_modules', '.venv', 'venv', '.pixi', '__pycache__', 'site-packages']);

/** Whether a folder of this name is passed over when searching for scripts: hidden, an environment or a tool cache. */
export function isSkippedFolderName(name: string): boolean {
  return (name.startsWith('.') && name !== '.' && name !== '..') || SKIPPED_FOLDERS.has(name);
}

/**
 * Whether a folder at `relativeDir` (below the folder searched from) lies in a folder no experiment is looked for
 * in: a skipped folder, or a `runs/` folder (a train script there is a copy kept with a run, not an experiment).
 * Judged below the searched folder only, so a workspace that itself lives under a hidden folder still works.
 */
export function isInSkippedFolder(relativeDir: string): boolean {
  if (relativeDir === '') return false;
  return relativeDir.split(/[\\/]/).some((name) => isSkippedFolderName(name) || name === RUNS_DIR);
}

/**
 * The train script as a path inside an experiment folder; the default when the setting names something outside
 * it (absolute, or climbing with `..`), which no experiment can hold.
 */
export function trainScriptPath(trainScript: string | undefined): string {
  const value = (trainScript ?? '').trim();
  const fallback = SCRIPT_SETTINGS.train.fallback;
  if (value === '' || path.isAbsolute(value) || value.split(/[\\/]/).includes('..')) return fallback;
  return value;
}

/**
 * Whether `dir` is an experiment folder. `root` is the folder the search started from (a workspace folder): a
 * folder inside a hidden, environment or `runs/` folder below it is not an experiment, whatever it holds.
 */
export async function isExperimentFolder(dir: string, trainScript: string | undefined, root?: string): Promise<boolean> {
  if (root !== undefined) {
    const inside = path.relative(root, dir);
    if (inside.startsWith('..') || path.isAbsolute(inside) || isInSkippedFolder(inside)) return false;
  }
  const [script, runs] = await Promise.all([isFile(path.join(dir, trainScriptPath(trainScript))), isDirectory(path.join(dir, RUNS_DIR))]);
  return script || runs;
}

/** How many parent folders above a file's own folder are searched when no root bounds the search. */
export const EXPERIMENT_SEARCH_LEVELS = 6;

/**
 * The experiment a file belongs to: the nearest experiment folder at or above it, searched up to `root` (the
 * file's workspace folder) or, without one, a bounded number of levels, so that a file far from any experiment
 * costs a few checks, not a walk to the root of the disk.
 */
export async function findExperimentFolder(filePath: string, trainScript: string | undefined, root?: string): Promise<string | undefined> {
  let dir = path.dirname(path.resolve(filePath));
  const top = root === undefined ? undefined : path.resolve(root);
  const inside = top !== undefined && !path.relative(top, dir).startsWith('..') && !path.isAbsolute(path.relative(top, dir));
  for (let level = 0; inside || level <= EXPERIMENT_SEARCH_LEVELS; level++) {
    if (await isExperimentFolder(dir, trainScript, inside ? top : undefined)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir || (inside && dir === top)) return undefined;
    dir = parent;
  }
  return undefined;
}

export interface FindExperimentsOptions {
  /** The train script setting (`train.py` when unset). */
  trainScript?: string;
  /** How many folder levels below the root are searched (the root is level 0). */
  maxDepth?: number;
  /** Stop after visiting this many folders, so that a huge workspace cannot stall the search. */
  maxFolders?: number;
}

/**
 * Experiment folders at or below `root`, sorted. Breadth-first to a bounded depth, without following symbolic
 * links to folders (no loops), and never into the folders isInSkippedFolder passes over.
 */
export async function findExperiments(root: string, opts: FindExperimentsOptions = {}): Promise<string[]> {
  const maxDepth = opts.maxDepth ?? 4;
  const maxFolders = opts.maxFolders ?? 5000;
  const found: string[] = [];
  let level = [path.resolve(root)];
  let visited = 0;
  // Only a folder listing the train script's first path segment or runs/ can be one: the rule is asked of those only.
  const firstSegment = trainScriptPath(opts.trainScript).split(/[\\/]/)[0];
  for (let depth = 0; depth <= maxDepth && level.length > 0; depth++) {
    const next: string[] = [];
    const budget = level.slice(0, Math.max(0, maxFolders - visited));
    visited += budget.length;
    const listed = await mapLimit(budget, 16, async (dir) => {
      const entries = await fs.readdir(dir, { withFileTypes: true }).catch((): Dirent[] => []);
      const candidate = entries.some((e) => e.name === firstSegment || e.name === RUNS_DIR);
      return { dir, entries, experiment: candidate && (await isExperimentFolder(dir, opts.trainScript)) };
    });
    for (const { dir, entries, experiment } of listed) {
      if (experiment) found.push(dir);
      for (const e of entries) {
        if (e.isDirectory() && !isSkippedFolderName(e.name) && e.name !== RUNS_DIR) next.push(path.join(dir, e.name));
      }
    }
    if (budget.length < level.length) break;
    level = next;
  }
  return found.sort();
}

/** File watcher glob for what can make or unmake an experiment below a folder: the train script (see markerDir). */
export function trainScriptGlob(trainScript: string | undefined): string {
  // Characters with a meaning in a glob match any character instead: a wider match is checked again anyway.
  return `**/${trainScriptPath(trainScript)
    .replace(/\\/g, '/')
    .replace(/[*?[\]{},!]/g, '?')}`;
}

/** File watcher glob for the other thing that makes an experiment: a `runs/` folder. */
export const RUNS_FOLDER_GLOB = `**/${RUNS_DIR}`;

/** The folder a created or deleted train script or `runs/` folder may make or unmake an experiment; undefined for anything else. */
export function markerDir(changedPath: string, trainScript: string | undefined): string | undefined {
  const resolved = path.resolve(changedPath);
  if (path.basename(resolved) === RUNS_DIR) return path.dirname(resolved);
  const script = path.normalize(trainScriptPath(trainScript));
  if (resolved.endsWith(path.sep + script)) return resolved.slice(0, -(script.length + 1));
  return undefined;
}
