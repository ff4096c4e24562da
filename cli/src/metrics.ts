// `experiment-scripts metrics [--format csv|json] RUN_DIR...`: the metric lines of runs' train and eval logs, parsed
// as the metrics panel parses them, one row per line (`run,file,line,time,<keys>`), for notebooks and CI.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from './args';
import { CliIo } from './io';
import { Boundary } from '#core/fs/boundary';
import { describeFsError } from '#core/fs/fsErrors';
import { LogFollower } from '#core/metrics/logFollower';
import { readLogs } from '#core/metrics/parallelLogReader';
import { csvLines, jsonRows, type LogRows } from '#core/metrics/metricRows';
import { RUNS_DIR } from '#core/runs/experimentFolder';
import { escapeControlCharacters as shown } from '#core/text/controlCharacters';

const USAGE = 'usage: experiment-scripts metrics [--format csv|json] RUN_DIR...\n';
const LOGS = ['train', 'eval'] as const;

export async function metricsCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs('metrics', USAGE, args, io, { formats: ['csv', 'json'] });
  if ('exitCode' in parsed) return parsed.exitCode;
  const { format, positional } = parsed;
  if (positional.length === 0) {
    io.err('experiment-scripts metrics: expected at least one RUN_DIR\n' + USAGE);
    return 2;
  }
  const logs: LogRows[] = [];
  let failed = false;
  // First every run's logs are read (in parallel where there are several large ones), then reported in order.
  const runs: ({ error: string } | { runDir: string; followers: LogFollower[] })[] = [];
  for (const dir of positional) {
    const runDir = path.resolve(dir);
    try {
      if (!(await fs.stat(runDir)).isDirectory()) {
        runs.push({ error: `experiment-scripts metrics: ${shown(dir)}: not a folder\n` });
        continue;
      }
    } catch (err) {
      runs.push({ error: `experiment-scripts metrics: ${shown(dir)}: ${describeFsError(err, { missing: 'no such folder' })}\n` });
      continue;
    }
    // Files are read only inside the experiment (the folder holding runs/), or the run folder itself when it is not in one.
    const parent = path.dirname(runDir);
    const inExperiment = path.basename(parent) === RUNS_DIR;
    const boundary = new Boundary(inExperiment ? path.dirname(parent) : runDir, inExperiment ? 'the experiment' : 'the run folder');
    runs.push({
      runDir,
      followers: LOGS.map((log) => new LogFollower(path.join(runDir, 'logs', `${log}.log`), boundary, `logs/${log}.log`)),
    });
  }
  await readLogs(runs.flatMap((r) => ('followers' in r ? r.followers : [])));
  for (const entry of runs) {
    if ('error' in entry) {
      io.err(entry.error);
      failed = true;
      continue;
    }
    // Names are printed for a terminal with their control characters escaped; the CSV and JSON keep them exact.
    const run = path.basename(entry.runDir);
    const name = shown(run);
    let any = false;
    for (const [i, log] of LOGS.entries()) {
      const follower = entry.followers[i];
      follower.finish();
      const t = follower.table;
      if (follower.seen) any = true;
      // A run without an eval log is normal; without any log it is said once, below.
      else if (follower.problem && !follower.missing)
        io.err(`experiment-scripts metrics: ${name}: logs/${log}.log: ${shown(follower.problem)}\n`);
      for (const note of follower.notes) io.err(`experiment-scripts metrics: ${name}: ${shown(note)}\n`);
      if (t.invalidLines > 0)
        io.err(
          `experiment-scripts metrics: ${name}: logs/${log}.log: ${t.invalidLines} metric line(s) are not a JSON object (first at line ${t.firstInvalidLine})\n`,
        );
      if (t.longLines > 0)
        io.err(`experiment-scripts metrics: ${name}: logs/${log}.log: ${t.longLines} line(s) longer than 1 MiB skipped\n`);
      if (t.droppedKeys > 0)
        io.err(`experiment-scripts metrics: ${name}: logs/${log}.log: ${t.droppedKeys} key(s) beyond the first ${t.keyCount} left out\n`);
      if (t.rowCount > 0) logs.push({ run, file: `logs/${log}.log`, table: t });
    }
    if (!any) io.err(`experiment-scripts metrics: ${name}: no logs/train.log or logs/eval.log to read\n`);
  }
  if (format === 'json') io.out(JSON.stringify(jsonRows(logs), null, 1) + '\n');
  else for (const chunk of csvLines(logs)) io.out(chunk);
  return failed ? 2 : 0;
}
