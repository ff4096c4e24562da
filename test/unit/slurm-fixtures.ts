// The captures of test/fixtures/slurm/ (see its README): raw files, command answers replayed as ExecResults, and the
// job id of each scenario.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ExecResult } from '#core/gpu/execFile';

export const SLURM_FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'slurm');

export function slurmFixture(name: string): string {
  return fs.readFileSync(path.join(SLURM_FIXTURES, name), 'utf8');
}

interface CapturedCommand {
  command: string[];
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** A captured command answer (`<name>.json`) as the ExecFileFn would have returned it. */
export function capturedAnswer(name: string): ExecResult & { command: string[] } {
  const c = JSON.parse(slurmFixture(`${name}.json`)) as CapturedCommand;
  return { command: c.command, exitCode: c.exitCode, stdout: c.stdout, stderr: c.stderr };
}

/** Scenario name → job id, as the capture recorded it. */
export const SCENARIO_JOBS: Readonly<Record<string, string>> = (JSON.parse(slurmFixture('jobs.json')) as { jobs: Record<string, string> })
  .jobs;
