// What the checks need from the disk around a script: the modules it can import from its own folder (Python puts
// the script's folder first on `sys.path`), whether that folder is part of an experiment, the experiment's run
// folders, and the pixi manifest that applies to it. Names only, except the manifest: a `pyproject.toml` is read
// (a regular file, capped, never through a link) to see whether it has `[tool.pixi]`. Folders are listed through
// core/src/fs, and `runs/` only when it lies inside the experiment, as the run index reads it.
import * as path from 'node:path';
import { Boundary } from '#core/fs/boundary';
import { readDirectory } from '#core/fs/directory';
import { findPixiManifest } from '#core/launch/pixiManifest';
import { findExperimentFolder, RUNS_DIR } from '#core/runs/experimentFolder';
import { isRunDirName } from '#core/runs/runName';
import type { RunListing } from '#core/conventions/codeConventions';

export interface ScriptFolder {
  localModules: Set<string>;
  /** The experiment folder the script belongs to, if any. */
  experimentDir?: string;
  /** The experiment's run folders (absent without an experiment, or when `runs/` cannot be listed). */
  runs?: RunListing;
  /** The pixi manifest at or above the experiment (up to its workspace folder, when known), if any. */
  pixiManifest?: string;
}

/** At most this many entries of a folder are looked at. */
const MAX_ENTRIES = 20_000;

export interface FolderEntry {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
}

/** `utils.py` → `utils`, a `data/` folder → `data`, `fast.cpython-311-x86_64-linux-gnu.so` → `fast`. */
export function localModulesOf(entries: readonly FolderEntry[]): Set<string> {
  const out = new Set<string>();
  for (const e of entries) {
    if (e.isDirectory) {
      if (/^[A-Za-z_]\w*$/.test(e.name)) out.add(e.name);
      continue;
    }
    if (!e.isFile) continue;
    const m = /^([A-Za-z_]\w*)(?:\.py|\.pyc|\.pyi|\..*\.(?:so|pyd)|\.(?:so|pyd))$/.exec(e.name);
    if (m) out.add(m[1]);
  }
  return out;
}

/** Finds the experiment a file belongs to; the default is the one rule with the default train script. */
export type ExperimentOf = (filePath: string) => Promise<string | undefined>;

/** The workspace folder holding a folder, where the search for a pixi manifest stops; undefined: no bound. */
export type WorkspaceFolderOf = (dir: string) => string | undefined;

export async function readScriptFolder(
  filePath: string,
  experimentOf: ExperimentOf = (file) => findExperimentFolder(file, undefined),
  workspaceFolderOf: WorkspaceFolderOf = () => undefined,
): Promise<ScriptFolder> {
  const dir = path.dirname(path.resolve(filePath));
  const localModules = localModulesOf(await listFolder(dir));
  const experimentDir = await experimentOf(filePath);
  if (!experimentDir) return { localModules };
  const runsDir = path.join(experimentDir, RUNS_DIR);
  const runsInside = new Boundary(experimentDir, 'the experiment').follow(runsDir).kind === 'inside';
  const runEntries = runsInside ? await listFolder(runsDir, true) : undefined;
  const runs = runEntries
    ? { runDirNames: new Set(runEntries.filter((e) => e.isDirectory && isRunDirName(e.name)).map((e) => e.name)) }
    : undefined;
  const pixiManifest = findPixiManifest(experimentDir, workspaceFolderOf(experimentDir));
  return { localModules, experimentDir, runs, ...(pixiManifest !== undefined ? { pixiManifest } : {}) };
}

async function listFolder(dir: string): Promise<FolderEntry[]>;
async function listFolder(dir: string, orUndefined: true): Promise<FolderEntry[] | undefined>;
async function listFolder(dir: string, orUndefined = false): Promise<FolderEntry[] | undefined> {
  try {
    const entries = await readDirectory(dir);
    return entries.slice(0, MAX_ENTRIES).map((e) => ({ name: e.name, isFile: e.kind === 'file', isDirectory: e.kind === 'folder' }));
  } catch {
    return orUndefined ? undefined : [];
  }
}
