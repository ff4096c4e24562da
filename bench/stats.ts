// Shared helpers for benchmark sections: summaries (median, p95) and one printed row per measurement.

export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) return { n: 0, median: NaN, p95: NaN, min: NaN, max: NaN };
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { n: sorted.length, median: at(0.5), p95: at(0.95), min: sorted[0], max: sorted[sorted.length - 1] };
}

/** Times `n` awaited calls of `fn` in milliseconds, after `warmup` calls that are not timed. */
export async function timeAsync(n: number, fn: () => Promise<unknown>, warmup = 0): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return samples;
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));

/**
 * Prints `label  median  p95  (n)` and, with a target, `p95/target` and whether it is met.
 * `target.on` picks which figure the target applies to (p95 by default).
 */
export function printTiming(label: string, samples: readonly number[], target?: { ms: number; on?: 'median' | 'p95' }): Summary {
  const s = summarize(samples);
  let line = `  ${label.padEnd(70)} median ${fmt(s.median).padStart(7)} ms   p95 ${fmt(s.p95).padStart(7)} ms   (n=${s.n})`;
  if (target) {
    const on = target.on ?? 'p95';
    const ratio = s[on] / target.ms;
    line += `   ${on}/target ${ratio.toFixed(2)} (target < ${target.ms} ms) ${ratio < 1 ? 'ok' : 'OVER'}`;
  }
  console.log(line);
  return s;
}

/** Prints a ratio against a target ratio, e.g. cold start vs bare node. */
export function printRatio(label: string, ratio: number, target: number): void {
  console.log(`  ${label.padEnd(70)} ratio ${ratio.toFixed(2)}   (target < ${target}) ${ratio < target ? 'ok' : 'OVER'}`);
}

export function heading(title: string): void {
  console.log(`\n${title}`);
}
