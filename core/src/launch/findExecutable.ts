// Looks a program up the way execvp does, so a missing `uv` or `pixi` is reported in words before launching
// instead of as a terminal that fails to start.
import * as fs from 'node:fs';
import * as path from 'node:path';

export type IsExecutable = (file: string) => boolean;

export const nodeIsExecutable: IsExecutable = (file) => {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (process.platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The full path `command` resolves to in `envPath`, or undefined. A command with a separator is checked as-is (relative to `cwd`). */
export function findExecutable(
  command: string,
  envPath: string | undefined,
  cwd: string,
  isExecutable: IsExecutable = nodeIsExecutable,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  if (command === '') return undefined;
  const p = platform === 'win32' ? path.win32 : path.posix;
  const exts = platform === 'win32' ? ['', '.exe', '.cmd', '.bat'] : [''];
  if (command.includes('/') || (platform === 'win32' && command.includes('\\'))) {
    const full = p.resolve(cwd, command);
    return exts.map((e) => full + e).find(isExecutable);
  }
  for (const dir of (envPath ?? '').split(platform === 'win32' ? ';' : ':')) {
    if (dir === '') continue;
    for (const e of exts) {
      const full = p.join(dir, command + e);
      if (isExecutable(full)) return full;
    }
  }
  return undefined;
}
