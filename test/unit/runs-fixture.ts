// Helpers shared by the run-index tests: real experiment folders copied into a temporary directory, with file times
// set in the past so that the "log written in the last minute means running" rule only applies where a test wants it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.join(__dirname, '..', '..', '..');
export const EXPERIMENT_FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'experiments');

/** A fresh temporary folder, removed when the process exits. */
export function tempDir(prefix = 'runs-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Copies `test/fixtures/experiments/<name>` into a temporary folder; every file and folder gets `mtime`. */
export function copyExperimentFixture(name: string, mtime = new Date(Date.now() - 24 * 3600 * 1000)): string {
  const dest = path.join(tempDir(), name);
  fs.cpSync(path.join(EXPERIMENT_FIXTURES, name), dest, { recursive: true });
  // .gitkeep files only exist so that git keeps the folders.
  const walk = (p: string) => {
    for (const e of fs.readdirSync(p, { withFileTypes: true })) {
      const full = path.join(p, e.name);
      if (e.name === '.gitkeep') fs.rmSync(full);
      else {
        if (e.isDirectory()) walk(full);
        fs.utimesSync(full, mtime, mtime);
      }
    }
  };
  walk(dest);
  return dest;
}

export function writeFile(file: string, text: string, mtime?: Date): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  if (mtime) fs.utimesSync(file, mtime, mtime);
}
