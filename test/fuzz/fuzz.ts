// Runs a fast-check property inside a node:test test, bounded in time for CI, with a seed printed before it starts
// (so that even a run killed for hanging can be replayed) and, on failure, the seed, the shrunk counterexample and
// its path. Replay one: FUZZ_SEED=<seed> FUZZ_PATH=<path> npm run test:fuzz. Run longer: FUZZ_RUNS=<n> and
// FUZZ_TIME_MS=<ms> (per property).
import * as fc from 'fast-check';

export interface FuzzOptions {
  /** Cases tried (FUZZ_RUNS overrides it). */
  numRuns: number;
  /** Stop trying new cases after this long; the cases tried so far count. */
  timeLimitMs: number;
}

export async function fuzz(
  name: string,
  property: fc.IProperty<unknown> | fc.IAsyncProperty<unknown>,
  options: FuzzOptions,
): Promise<number> {
  const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const path = process.env.FUZZ_PATH;
  const numRuns = process.env.FUZZ_RUNS !== undefined ? Number(process.env.FUZZ_RUNS) : options.numRuns;
  const timeLimitMs = process.env.FUZZ_TIME_MS !== undefined ? Number(process.env.FUZZ_TIME_MS) : options.timeLimitMs;
  console.log(`fuzz "${name}": seed ${seed}${path ? `, path ${path}` : ''}, up to ${numRuns} cases in ${timeLimitMs} ms`);
  const details = await fc.check(property as fc.IAsyncProperty<unknown>, {
    seed,
    path,
    numRuns,
    interruptAfterTimeLimit: timeLimitMs,
    markInterruptAsFailure: false,
  });
  if (details.failed) {
    const error =
      details.errorInstance instanceof Error
        ? (details.errorInstance.stack ?? details.errorInstance.message)
        : String(details.errorInstance);
    const replay = `FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath ?? ''}`;
    console.log(`fuzz "${name}" FAILED — replay with: ${replay} npm run test:fuzz`);
    throw new Error(`fuzz "${name}" failed (replay with ${replay})\ncounterexample: ${fc.stringify(details.counterexample)}\n${error}`);
  }
  console.log(`fuzz "${name}": ${details.numRuns} cases passed${details.interrupted ? ' (time limit reached)' : ''}`);
  return details.numRuns;
}
