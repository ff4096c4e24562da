// Running a program without a shell, behind an interface that tests can replace.
import * as childProcess from 'node:child_process';

export interface ExecResult {
  /** Exit status; null when the program was killed (timeout) or never started. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Why the program did not run or finish: `ENOENT` (not found), `EACCES`, `ETIMEDOUT`, … */
  errorCode?: string;
}

/** Runs `file` with `args` (never through a shell); resolves in every case, errors included. */
export type ExecFileFn = (file: string, args: readonly string[], options: { timeoutMs: number }) => Promise<ExecResult>;

export const nodeExecFile: ExecFileFn = (file, args, { timeoutMs }) =>
  new Promise((resolve) => {
    childProcess.execFile(
      file,
      [...args],
      { timeout: timeoutMs, shell: false, windowsHide: true, encoding: 'utf8', maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve({ exitCode: 0, stdout, stderr });
        const e = error;
        const timedOut = e.killed === true && e.signal != null;
        resolve({
          exitCode: typeof e.code === 'number' ? e.code : null,
          stdout: stdout ?? '',
          stderr: stderr ?? '',
          errorCode: timedOut ? 'ETIMEDOUT' : typeof e.code === 'string' ? e.code : undefined,
        });
      },
    );
  });
