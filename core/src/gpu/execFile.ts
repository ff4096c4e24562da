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

export interface ExecOptions {
  timeoutMs: number;
  /** Output beyond this (each of stdout and stderr) ends the program with `ERR_CHILD_PROCESS_STDIO_MAXBUFFER`; 4 MiB by default. */
  maxOutputBytes?: number;
  /** The whole environment of the program; the caller's when absent. */
  env?: Readonly<Record<string, string>>;
  cwd?: string;
}

/** Runs `file` with `args` (never through a shell); resolves in every case, errors included. */
export type ExecFileFn = (file: string, args: readonly string[], options: ExecOptions) => Promise<ExecResult>;

const DEFAULT_MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

export const nodeExecFile: ExecFileFn = (file, args, { timeoutMs, maxOutputBytes, env, cwd }) =>
  new Promise((resolve) => {
    childProcess.execFile(
      file,
      [...args],
      {
        timeout: timeoutMs,
        shell: false,
        windowsHide: true,
        encoding: 'utf8',
        maxBuffer: maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
        ...(env ? { env: { ...env } } : {}),
        ...(cwd ? { cwd } : {}),
      },
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
