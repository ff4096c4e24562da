// "Did you mean …?" for keys and names: the closest candidate within a small edit distance.

/** Levenshtein distance, giving up (returning `limit + 1`) once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = 3): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (cur[j] < best) best = cur[j];
    }
    if (best > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** The candidate closest to `word` (ignoring case and `_`/`-`), if within `limit` edits. */
export function closestWord(word: string, candidates: readonly string[], limit = 2): string | undefined {
  const w = word.toLowerCase().replace(/_/g, '-');
  let best: string | undefined;
  let bestD = limit + 1;
  for (const c of candidates) {
    const d = w === c ? 0 : editDistance(w, c, limit);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}
