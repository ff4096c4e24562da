// AssemblyScript (compiled to WebAssembly by `asc` in esbuild.mjs), not TypeScript: the metric-line reader's inner
// loop for lines of the learnt shape (metricLineParser.ts). Given a window of a log's bytes in this module's memory
// and the shape's literal pieces, it reads line after line while each one has the shape and the same minute as the
// last timestamp, writing each line's numbers and time as doubles; it stops at the first line it cannot read exactly
// and says where, and the JavaScript reader takes that line. Numbers are read the way jsonNumberReader.ts reads them
// (exact or not at all): Clinger's fast path when the digits fit 2^53 and the power of ten is at most 22, and
// decimalToDouble's double-double quotient for 16 to 19 digits; anything else is left to the JavaScript reader.

/** Exact powers of ten, 10^0 … 10^22. */
const POW10: StaticArray<f64> = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];
const POW10_INT: StaticArray<u64> = [1, 10, 100, 1000, 10000];
/** 2^53: integers up to it are exact doubles. */
const EXACT_MANTISSA: u64 = 0x20000000000000;
/** Significant digits a u64 holds whatever they are. */
const MAX_DIGITS: i32 = 19;
/** Digits of the first part handed to decimalToDouble (as in jsonNumberReader.ts). */
const HEAD_DIGITS: i32 = 15;

// The shape: `pieceCount` pairs of (address, length) at `shapeTable`; the bytes before each value, then the suffix.
let shapeTable: usize = 0;
let pieceCount: i32 = 0;
let timeLength: usize = 0;
// The first 16 bytes of the last timestamp (date, hour and minute) and that minute's time in ms.
let minuteHead: u64 = 0;
let minuteTail: u64 = 0;
let minuteTime: f64 = 0;
let stoppedAtAddress: usize = 0;
// The number being read.
let value: f64 = 0;
let mantissa: u64 = 0;
let digitCount: i32 = 0;

/** Makes room for `bytes` after the static data; returns its address (16-aligned), or 0 when memory cannot grow. */
export function reserve(bytes: i32): usize {
  const base = (__heap_base + 15) & ~(<usize>15);
  const need = base + <usize>bytes;
  const have = (<usize>memory.size()) << 16;
  if (need > have && memory.grow(<i32>((need - have + 0xffff) >> 16)) < 0) return 0;
  return base;
}

export function setShape(table: usize, pieces: i32, timestampLength: i32): void {
  shapeTable = table;
  pieceCount = pieces;
  timeLength = <usize>timestampLength;
}

/** The minute the next timestamps must share: its 16 bytes at `head`, its time in ms. */
export function setMinute(head: usize, time: f64): void {
  minuteHead = load<u64>(head);
  minuteTail = load<u64>(head + 8);
  minuteTime = time;
}

/** Where the last read stopped: the start of the first line not read. */
export function stoppedAt(): usize {
  return stoppedAtAddress;
}

function isDigit(c: u32): bool {
  return c - 0x30 < 10;
}

/** Whether the n bytes at p are at i, ending at or before e. */
function matches(i: usize, e: usize, p: usize, n: usize): bool {
  if (i + n > e) return false;
  if (n >= 8) {
    for (let k: usize = 0; k + 8 < n; k += 8) if (load<u64>(i + k) != load<u64>(p + k)) return false;
    return load<u64>(i + n - 8) == load<u64>(p + n - 8);
  }
  if (n >= 4) return load<u32>(i) == load<u32>(p) && load<u32>(i + n - 4) == load<u32>(p + n - 4);
  for (let k: usize = 0; k < n; k++) if (load<u8>(i + k) != load<u8>(p + k)) return false;
  return true;
}

/** Digits in v (1 to 8). */
function digitsOf(v: u64): i32 {
  if (v >= 10000) return v >= 1000000 ? (v >= 10000000 ? 8 : 7) : v >= 100000 ? 6 : 5;
  return v >= 100 ? (v >= 1000 ? 4 : 3) : v >= 10 ? 2 : 1;
}

/** Reads the run of digits at i into the mantissa (leading zeros are not significant); the index after it. */
function readDigits(i: usize, e: usize): usize {
  // Eight digits at a time from one 64-bit load (first byte lowest) while the mantissa has room for them.
  while (i + 8 <= e && digitCount <= MAX_DIGITS - 8) {
    const x = load<u64>(i);
    if (((x & 0xf0f0f0f0f0f0f0f0) | (((x + 0x0606060606060606) & 0xf0f0f0f0f0f0f0f0) >> 4)) != 0x3333333333333333) break;
    let v = x - 0x3030303030303030;
    v = (v * 10 + (v >> 8)) & 0x00ff00ff00ff00ff;
    v = (v * 100 + (v >> 16)) & 0x0000ffff0000ffff;
    v = (v * 10000 + (v >> 32)) & 0xffffffff;
    if (digitCount > 0) {
      mantissa = mantissa * 100000000 + v;
      digitCount += 8;
    } else if (v != 0) {
      mantissa = v;
      digitCount = digitsOf(v);
    }
    i += 8;
  }
  while (i < e) {
    const c = <u32>load<u8>(i);
    if (!isDigit(c)) break;
    if (digitCount > 0) {
      if (digitCount == MAX_DIGITS) {
        digitCount = MAX_DIGITS + 1;
        return i;
      }
      mantissa = mantissa * 10 + (c - 0x30);
      digitCount++;
    } else if (c != 0x30) {
      mantissa = c - 0x30;
      digitCount = 1;
    }
    i++;
  }
  return i;
}

/** 2^27 + 1: splits a double into two halves whose products are exact (Dekker). */
const SPLITTER: f64 = 134217729;
/** 2^-40: the margin, in units in the last place, below which the rounding is left to the JavaScript reader. */
const UNDECIDED: f64 = 9.094947017729282e-13;

/** a·b − fl(a·b), exactly (Dekker's TwoProduct). */
function productError(a: f64, b: f64, product: f64): f64 {
  let c = SPLITTER * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLITTER * b;
  const bh = c - (c - b);
  const bl = b - bh;
  return al * bl - (product - ah * bh - al * bh - ah * bl);
}

/** 2^n for −1074 ≤ n ≤ 1023. */
function powerOfTwo(n: i32): f64 {
  if (n >= -1022) return reinterpret<f64>((<u64>(n + 1023)) << 52);
  const shift = <u64>(n + 1074);
  return reinterpret<f64>((<u64>1) << shift);
}

/** decimalToDouble.ts step for step: the double nearest (hi·10^loDigits + lo) / 10^p, or NaN when undecided. */
function decimalToDouble(hi: f64, lo: f64, loDigits: i32, p: i32): f64 {
  const K = unchecked(POW10[loDigits]);
  const h1 = hi * K;
  const l1 = productError(hi, K, h1);
  const mh = h1 + lo;
  const t = lo - (mh - h1);
  const ml = t + l1;
  const P = unchecked(POW10[p]);
  const q = mh / P;
  const ph = q * P;
  const pl = productError(q, P, ph);
  const r = mh - ph - pl + ml;
  const delta = r / P;
  const result = q + delta;
  const off = abs(q - result + delta);
  const exponent = <i32>((reinterpret<u64>(result) >> 52) & 0x7ff);
  const half = powerOfTwo(max(exponent, 1) - 1075) / 2;
  if (abs(off - half) <= half * UNDECIDED) return NaN;
  return result;
}

/** Reads the JSON number (or NaN, Infinity, -Infinity) at i, before e, into `value`; the index after it, or 0. */
function readNumber(i: usize, e: usize): usize {
  let negative = false;
  if (load<u8>(i) == 0x2d) {
    negative = true;
    i++;
  }
  if (i >= e) return 0;
  let c = <u32>load<u8>(i);
  if (c == 0x49) {
    if (i + 8 > e || load<u64>(i) != 0x7974696e69666e49) return 0; // "Infinity"
    value = negative ? -Infinity : Infinity;
    return i + 8;
  }
  if (c == 0x4e) {
    if (negative || i + 3 > e || load<u8>(i + 1) != 0x61 || load<u8>(i + 2) != 0x4e) return 0; // "NaN"
    value = NaN;
    return i + 3;
  }
  mantissa = 0;
  digitCount = 0;
  let exp10: i32 = 0;
  if (c == 0x30) {
    i++;
    if (i < e && isDigit(load<u8>(i))) return 0; // a leading zero: not JSON
  } else if (c - 0x31 < 9) {
    i = readDigits(i, e);
  } else {
    return 0;
  }
  c = i < e ? load<u8>(i) : 0;
  if (c == 0x2e) {
    const from = ++i;
    if (i >= e || !isDigit(load<u8>(i))) return 0;
    i = readDigits(i, e);
    exp10 -= <i32>(i - from);
    c = i < e ? load<u8>(i) : 0;
  }
  if (c == 0x65 || c == 0x45) {
    i++;
    let expNegative = false;
    if (i < e && (load<u8>(i) == 0x2d || load<u8>(i) == 0x2b)) {
      expNegative = load<u8>(i) == 0x2d;
      i++;
    }
    if (i >= e || !isDigit(load<u8>(i))) return 0;
    let x: i32 = 0;
    while (i < e && isDigit(load<u8>(i))) {
      if (x < 100000) x = x * 10 + (<i32>load<u8>(i) - 0x30);
      i++;
    }
    exp10 += expNegative ? -x : x;
  }
  if (digitCount > MAX_DIGITS) return 0;
  let v: f64;
  if (digitCount == 0) v = 0;
  else if (mantissa <= EXACT_MANTISSA) {
    if (exp10 < -22 || exp10 > 22) return 0;
    v = exp10 < 0 ? <f64>mantissa / unchecked(POW10[-exp10]) : <f64>mantissa * unchecked(POW10[exp10]);
  } else {
    if (exp10 < -22 || exp10 > 0) return 0;
    const scale = unchecked(POW10_INT[digitCount - HEAD_DIGITS]);
    const hi = mantissa / scale;
    v = decimalToDouble(<f64>hi, <f64>(mantissa - hi * scale), digitCount - HEAD_DIGITS, -exp10);
    if (v != v) return 0;
  }
  value = negative ? -v : v;
  return i;
}

/**
 * Reads the lines from s (a line's start) up to end while they have the shape, at most maxRows of them and none
 * longer than maxLineBytes: each line's numbers (pieceCount − 1 doubles) at `values`, its time at `times`. Returns
 * the lines read; stoppedAt() is where the next one starts.
 */
export function read(s: usize, end: usize, values: usize, times: usize, maxRows: i32, maxLineBytes: i32): i32 {
  const n = pieceCount - 1;
  const tl = timeLength;
  let rows: i32 = 0;
  while (rows < maxRows) {
    let time: f64 = NaN;
    if (tl > 0) {
      if (s + tl + 1 > end) break;
      if (load<u64>(s) != minuteHead || load<u64>(s + 8) != minuteTail) break;
      if (load<u8>(s + 16) != 0x3a || !isDigit(load<u8>(s + 17)) || !isDigit(load<u8>(s + 18))) break;
      const c = <u32>load<u8>(s + 19);
      if (tl > 19) {
        if (c != 0x2e && c != 0x2c) break;
        let fraction = true;
        for (let j = s + 20; j < s + tl; j++) if (!isDigit(load<u8>(j))) fraction = false;
        if (!fraction || isDigit(load<u8>(s + tl))) break;
      } else if (isDigit(c) || c == 0x2e || c == 0x2c) {
        break;
      }
      time = minuteTime + <f64>((<i32>load<u8>(s + 17) - 0x30) * 10 + (<i32>load<u8>(s + 18) - 0x30)) * 1000;
      let scale: f64 = 100;
      for (let j = s + 20; j < s + tl && scale >= 1; j++, scale /= 10) time += <f64>(<i32>load<u8>(j) - 0x30) * scale;
      if (time != time) break; // no minute read yet
    }
    // The line's end is found by reading it: its suffix must be followed by LF or CRLF.
    let i = s + tl;
    let read = true;
    const row = values + ((<usize>rows * <usize>n) << 3);
    for (let k = 0; k < n; k++) {
      const piece = shapeTable + ((<usize>k) << 3);
      const length = <usize>load<u32>(piece + 4);
      if (!matches(i, end, <usize>load<u32>(piece), length)) {
        read = false;
        break;
      }
      i = readNumber(i + length, end);
      if (i == 0) {
        read = false;
        break;
      }
      store<f64>(row + ((<usize>k) << 3), value);
    }
    if (!read) break;
    const suffix = shapeTable + ((<usize>n) << 3);
    const suffixLength = <usize>load<u32>(suffix + 4);
    if (!matches(i, end, <usize>load<u32>(suffix), suffixLength)) break;
    let nl = i + suffixLength;
    if (nl < end && load<u8>(nl) == 0x0d) nl++;
    if (nl >= end || load<u8>(nl) != 0x0a || nl - s > <usize>maxLineBytes) break;
    store<f64>(times + ((<usize>rows) << 3), time);
    rows++;
    s = nl + 1;
  }
  stoppedAtAddress = s;
  return rows;
}
