// Benchmark section "SLURM": reading the scheduler's answer for 1,000 tracked jobs. The input is built from the
// real `squeue --json` capture (test/fixtures/slurm/squeue-all-states.json): its eleven jobs repeated with new
// ids, so each job has every field Slurm 22.05 writes (about 3.6 KB each, 3.6 MB in all).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readScontrolShowJob } from '#core/slurm/scontrolShowJob';
import { readSqueueJson } from '#core/slurm/squeueJson';
import { slurmVerdict } from '#core/slurm/jobVerdict';
import { JobFollower } from '#core/slurm/jobFollower';
import { heading, printRatio, printTiming, timeAsync } from './stats';

const FIXTURES = path.join(__dirname, '..', '..', 'test', 'fixtures', 'slurm');
const JOBS = 1_000;

export async function run(): Promise<void> {
  heading('SLURM');
  const capture = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'squeue-all-states.json'), 'utf8')) as { jobs: Record<string, unknown>[] };
  const jobs = Array.from({ length: JOBS }, (_, i) => ({ ...capture.jobs[i % capture.jobs.length], job_id: 100_000 + i }));
  const text = JSON.stringify({ ...capture, jobs }, null, 2);
  const tracked = new Set(jobs.map((j) => String(j.job_id)));

  const check = readSqueueJson(text, tracked);
  if (check.kind !== 'ok' || check.jobs.size !== JOBS) throw new Error('the 1,000-job answer did not read back');
  console.log(`  squeue --json for ${JOBS} jobs: ${(text.length / 1e6).toFixed(1)} MB`);
  // The floor: V8's own JSON.parse of the same text (a hand-written scanner that skips unwanted fields measured
  // about three times slower than this here, so the reader parses everything and keeps what it needs).
  const floor = printTiming(`JSON.parse alone, same text`, await timeAsync(30, () => Promise.resolve(JSON.parse(text) as unknown), 5));
  const full = printTiming(
    `readSqueueJson, ${JOBS} tracked jobs (parse + verdicts)`,
    await timeAsync(
      30,
      () => {
        const read = readSqueueJson(text, tracked);
        if (read.kind === 'ok') for (const job of read.jobs.values()) slurmVerdict(job);
        return Promise.resolve();
      },
      5,
    ),
    { ms: 20, on: 'median' },
  );
  printRatio('readSqueueJson / JSON.parse alone (medians)', full.median / floor.median, 1.5);
  const fewTracked = new Set([...tracked].slice(0, 10));
  printTiming(
    `readSqueueJson, ${JOBS} jobs listed, 10 of them tracked`,
    await timeAsync(30, () => Promise.resolve(readSqueueJson(text, fewTracked)), 5),
    { ms: 20, on: 'median' },
  );

  // One poll as the window and `--wait` make it: a JobFollower tracking 1,000 jobs asks once (the answer replayed,
  // so this is the reading and deciding, not slurmctld) and reports every job's verdict.
  let calls = 0;
  const poll = printTiming(
    `JobFollower, one poll for ${JOBS} tracked jobs (replayed answer)`,
    await timeAsync(
      30,
      () =>
        new Promise<void>((resolve) => {
          const follower = new JobFollower(
            () => {
              calls++;
              return Promise.resolve({ exitCode: 0, stdout: text, stderr: '' });
            },
            (update) => {
              if (update.news.size !== JOBS) throw new Error(`the poll reported ${update.news.size} jobs`);
              follower.dispose();
              resolve();
            },
          );
          for (const id of tracked) follower.track(id, 'running');
        }),
      5,
    ),
    { ms: 20, on: 'median' },
  );
  console.log(`  scheduler calls per poll for ${JOBS} jobs: ${calls / 35} (median poll ${poll.median.toFixed(1)} ms)`);

  const scontrol = fs.readFileSync(path.join(FIXTURES, 'scontrol-show-job-all.txt'), 'utf8');
  const blocks = scontrol.trim().split(/\n\s*\n/);
  const many = Array.from({ length: JOBS }, (_, i) => blocks[i % blocks.length].replace(/^JobId=\d+/, `JobId=${100_000 + i}`)).join('\n\n');
  printTiming(
    `readScontrolShowJob, ${JOBS} jobs (the fallback without squeue --json)`,
    await timeAsync(30, () => Promise.resolve(readScontrolShowJob(many)), 5),
  );
}
