// What the checks of a document need besides its text: the Python parser (loaded once, in the background, when the
// server starts), what lies beside the file on disk (modules it can import, the experiment's runs), and the CUDA
// version of the machine's driver (asked of nvidia-smi once, only when a quick fix needs it). Documents wait for
// the parser and their folder only when they open, so that their first diagnostics arrive once, complete.
import * as path from 'node:path';
import { loadPythonParser, PythonParserFiles } from '#core/python/treeSitter';
import { PythonCodeReader } from '#core/python/readCode';
import { ExperimentOf, readScriptFolder, ScriptFolder, WorkspaceFolderOf } from '#core/check/scriptFolder';
import { driverCudaVersion } from '#core/templates/driverCuda';
import { nodeExecFile } from '#core/gpu/execFile';
import { filePathOf } from './diskBom';

interface FolderEntry {
  value?: ScriptFolder;
  reading?: Promise<ScriptFolder>;
}

export class ScriptContexts {
  /** Set once the parser has loaded; until then (or if it cannot load) only headers are checked. */
  reader: PythonCodeReader | undefined;
  readonly parserReady: Promise<void>;
  /** Milliseconds the parser took to load (for the log and benchmarks). */
  parserLoadMs: number | undefined;
  private readonly folders = new Map<string, FolderEntry>();
  private cuda: Promise<string | undefined> | undefined;

  constructor(
    log: (message: string) => void,
    files: PythonParserFiles = {},
    /** The driver's CUDA version as the client reported it (`initializationOptions.driverCuda`). */
    readonly driverCudaGiven?: string,
    /** The experiment a file belongs to, by the server's run index (the train script setting, workspace folders). */
    private readonly experimentOf?: ExperimentOf,
    /** The workspace folder holding a folder: the search for a pixi manifest stops there, as the launcher's does. */
    private readonly workspaceFolderOf?: WorkspaceFolderOf,
  ) {
    const started = performance.now();
    this.parserReady = loadPythonParser(files).then(
      (parser) => {
        this.reader = new PythonCodeReader(parser);
        this.parserLoadMs = performance.now() - started;
      },
      (err: unknown) => log(`experiment-scripts: the Python parser could not be loaded, so imports are not checked: ${String(err)}`),
    );
  }

  /** The folder facts of a `file:` document as last read (undefined before the first read, and for other schemes). */
  folderOf(uri: string): ScriptFolder | undefined {
    const dir = folderKey(uri);
    return dir ? this.folders.get(dir)?.value : undefined;
  }

  /** Resolves once the parser is loaded and the document's folder has been read; undefined when both already are. */
  pending(uri: string): Promise<void> | undefined {
    const dir = folderKey(uri);
    const entry = dir ? this.folders.get(dir) : undefined;
    const waits: Promise<unknown>[] = [];
    if (!this.reader) waits.push(this.parserReady);
    if (entry?.reading) waits.push(entry.reading);
    return waits.length ? Promise.all(waits).then(() => undefined) : undefined;
  }

  /** Reads the document's folder if it has not been read yet. */
  open(uri: string): void {
    const file = filePathOf(uri);
    const dir = folderKey(uri);
    if (file && dir && !this.folders.has(dir)) void this.read(dir, file);
  }

  /**
   * A file changed on disk: folders whose facts it can change are read again. Resolves to those folders whose
   * facts did change (their documents need new diagnostics).
   */
  async fileChanged(filePath: string): Promise<string[]> {
    const resolved = path.resolve(filePath);
    const changed: string[] = [];
    await Promise.all(
      [...this.folders.entries()].map(async ([dir, entry]) => {
        const experiment = entry.value?.experimentDir;
        const affects =
          path.dirname(resolved) === dir ||
          (experiment !== undefined &&
            (resolved === path.join(experiment, 'runs') ||
              path.dirname(resolved) === path.join(experiment, 'runs') ||
              // A pixi manifest at or above the experiment decides which tool runs its scripts.
              (PIXI_MANIFEST_NAMES.includes(path.basename(resolved)) && isInside(experiment, path.dirname(resolved)))));
        if (!affects) return;
        const before = entry.value;
        const after = await this.read(dir, path.join(dir, path.basename(resolved)));
        if (!sameFolder(before, after)) changed.push(dir);
      }),
    );
    return changed;
  }

  /** Forgets every folder's facts (the rule for what an experiment is changed); documents read theirs again. */
  forgetFolders(): void {
    this.folders.clear();
  }

  /** True when `uri` is a document of folder `dir`. */
  inFolder(uri: string, dir: string): boolean {
    return folderKey(uri) === dir;
  }

  /** The newest CUDA version the driver runs: given by the client, else asked of nvidia-smi once. */
  driverCuda(): Promise<string | undefined> {
    if (this.driverCudaGiven) return Promise.resolve(this.driverCudaGiven);
    this.cuda ??= nodeExecFile('nvidia-smi', [], { timeoutMs: 3000 }).then((res) =>
      res.exitCode === 0 ? driverCudaVersion(res.stdout) : undefined,
    );
    return this.cuda;
  }

  /** Reads the facts of folder `dir`, given the path of a file in it. */
  private read(dir: string, fileInDir: string): Promise<ScriptFolder> {
    const entry = this.folders.get(dir) ?? {};
    this.folders.set(dir, entry);
    const reading = readScriptFolder(fileInDir, this.experimentOf, this.workspaceFolderOf).then((value) => {
      if (entry.reading === reading) {
        entry.value = value;
        entry.reading = undefined;
      }
      return value;
    });
    entry.reading = reading;
    return reading;
  }
}

/** The files whose change can make an experiment a pixi one, or stop it being one. */
export const PIXI_MANIFEST_NAMES: readonly string[] = ['pixi.toml', 'pyproject.toml'];

function isInside(dir: string, root: string): boolean {
  const rel = path.relative(root, dir);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function folderKey(uri: string): string | undefined {
  const file = filePathOf(uri);
  return file ? path.dirname(path.resolve(file)) : undefined;
}

function sameFolder(a: ScriptFolder | undefined, b: ScriptFolder): boolean {
  if (!a) return false;
  const sameSet = (x: ReadonlySet<string> | undefined, y: ReadonlySet<string> | undefined) =>
    x === y || (x !== undefined && y !== undefined && x.size === y.size && [...x].every((v) => y.has(v)));
  return (
    a.experimentDir === b.experimentDir &&
    a.pixiManifest === b.pixiManifest &&
    sameSet(a.localModules, b.localModules) &&
    sameSet(a.runs?.runDirNames, b.runs?.runDirNames)
  );
}
