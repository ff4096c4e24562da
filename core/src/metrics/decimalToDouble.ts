// Decimal numbers with 16 to 19 significant digits, turned into the double JSON.parse would give, without building a
// string. Python writes floats with the shortest digits that read back exactly, and about half of all float values
// need 17 of them: more than a double holds as an integer, so the exact one-step rule (an integer below 2^53 times or
// over a power of ten) does not apply. Here the quotient is worked out to about twice a double's precision
// (Dekker's exact products); when it lies so close to halfway between two doubles that this precision cannot decide
// (a handful in a million), the caller falls back to the string parser.

/** 2^27 + 1: splits a double into two halves whose products are exact (Dekker). */
const SPLITTER = 134217729;
/** Exact powers of ten, 10^0 … 10^22. */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
/** The margin, in units in the last place, below which the rounding is left to the string parser. */
const UNDECIDED = 2 ** -40;

const word = new Float64Array(1);
const halves = new Uint32Array(word.buffer);
const HIGH = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * The double nearest to `(hi · 10^loDigits + lo) / 10^p` (ties to even), or undefined when it cannot be decided
 * here. Requires hi < 2^53, 0 ≤ lo < 10^loDigits, loDigits ≤ 6 and 0 ≤ p ≤ 22.
 */
export function decimalToDouble(hi: number, lo: number, loDigits: number, p: number): number | undefined {
  // m = hi·K + lo, held exactly as mh + ml (to the rounding of one tiny sum).
  const K = POW10[loDigits];
  const h1 = hi * K;
  const l1 = productError(hi, K, h1);
  const mh = h1 + lo;
  const t = lo - (mh - h1); // exact remainder of h1 + lo (Fast2Sum: |h1| ≥ |lo|)
  const ml = t + l1;
  const P = POW10[p];
  const q = mh / P;
  const ph = q * P;
  const pl = productError(q, P, ph);
  // What is left of m after q·P: mh − ph is exact (the two are within one unit of each other).
  const r = mh - ph - pl + ml;
  const delta = r / P;
  const result = q + delta;
  // How far the exact quotient lies from `result`, against half a unit in the last place of `result`.
  const off = Math.abs(q - result + delta);
  const half = ulp(result) / 2;
  if (Math.abs(off - half) <= half * UNDECIDED) return undefined;
  return result;
}

/** a·b − fl(a·b), exactly (Dekker's TwoProduct without a fused multiply-add). */
function productError(a: number, b: number, product: number): number {
  let c = SPLITTER * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLITTER * b;
  const bh = c - (c - b);
  const bl = b - bh;
  return al * bl - (product - ah * bh - al * bh - ah * bl);
}

/** The gap between a double of each binary exponent and the next double. */
const ULP_OF_EXPONENT = Float64Array.from({ length: 2048 }, (_, e) => 2 ** (Math.max(e, 1) - 1075));

/** The gap between x (positive, finite) and the next double. */
function ulp(x: number): number {
  word[0] = x;
  return ULP_OF_EXPONENT[(halves[HIGH] >>> 20) & 0x7ff];
}
