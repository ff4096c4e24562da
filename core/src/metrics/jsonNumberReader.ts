// Reads a JSON number (and the NaN / Infinity that Python's json.dumps writes) straight from a log's bytes into the
// double JSON.parse would give, without building a string. Metric logs are mostly digits — a float32 loss printed by
// Python has 16 or 17 of them — so digits are taken four at a time from one 32-bit load (the SWAR technique: the
// four bytes are checked and combined with a few integer operations, not one by one).
//
// Exactness: up to 15 significant digits and a power of ten up to 22, one multiplication or division of two exact
// doubles rounds correctly (Clinger's fast path); 16 to 21 digits go to decimalToDouble; anything else (more digits,
// larger exponents, the rare quotient too close to halfway) to Number() of the text, which rounds as JSON.parse.
import { decimalToDouble } from './decimalToDouble';

const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
/** Exact powers of ten, 10^0 … 10^22. */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
/** Significant digits that a double holds exactly whatever they are (10^15 < 2^53). */
const EXACT_DIGITS = 15;
/** Significant digits decimalToDouble takes (15 and up to 6 more). */
const MAX_DIGITS = 21;

export class JsonNumberReader {
  /** The number the last read call read. */
  value = 0;
  // The significant digits read so far: the first 15 in `hi`, the ones after them in `lo`; `digits` counts both.
  private hi = 0;
  private lo = 0;
  private digits = 0;

  /**
   * Reads the number starting at i and ending at or before e; returns the index after it, or -1 when the bytes there
   * are not a JSON number (nor NaN, Infinity, -Infinity). `view` is a DataView over the same bytes as `buf`.
   */
  read(buf: Uint8Array, view: DataView, i: number, e: number): number {
    const start = i;
    let neg = false;
    if (buf[i] === MINUS) {
      neg = true;
      i++;
    }
    if (i >= e) return -1;
    let c = buf[i];
    if (c === 0x49 /* I */) {
      if (!matchesWord(buf, i, e, 'Infinity')) return -1;
      this.value = neg ? -Infinity : Infinity;
      return i + 8;
    }
    if (c === 0x4e /* N */) {
      if (neg || !matchesWord(buf, i, e, 'NaN')) return -1;
      this.value = NaN;
      return i + 3;
    }
    this.hi = 0;
    this.lo = 0;
    this.digits = 0;
    let exp10 = 0;
    if (c === ZERO) {
      i++;
      if (i < e && isDigit(buf[i])) return -1; // a leading zero: not JSON
    } else if (c > ZERO && c <= NINE) {
      i = this.readDigits(buf, view, i, e);
    } else {
      return -1;
    }
    c = i < e ? buf[i] : -1;
    if (c === DOT) {
      const from = ++i;
      if (i >= e || !isDigit(buf[i])) return -1;
      i = this.readDigits(buf, view, i, e);
      exp10 -= i - from;
      c = i < e ? buf[i] : -1;
    }
    if (c === 0x65 /* e */ || c === 0x45 /* E */) {
      i++;
      let expNeg = false;
      if (i < e && (buf[i] === MINUS || buf[i] === PLUS)) {
        expNeg = buf[i] === MINUS;
        i++;
      }
      if (i >= e || !isDigit(buf[i])) return -1;
      let exp = 0;
      while (i < e && isDigit(buf[i])) {
        if (exp < 100_000) exp = exp * 10 + (buf[i] - ZERO);
        i++;
      }
      exp10 += expNeg ? -exp : exp;
    }
    const digits = this.digits;
    let v: number | undefined;
    if (digits <= EXACT_DIGITS) {
      if (digits === 0) v = 0;
      else if (exp10 >= -22 && exp10 <= 22) v = exp10 < 0 ? this.hi / POW10[-exp10] : this.hi * POW10[exp10];
    } else if (digits <= MAX_DIGITS) {
      // The value is (hi · 10^(digits − 15) + lo) · 10^exp10.
      if (exp10 >= -22 && exp10 <= 0) v = decimalToDouble(this.hi, this.lo, digits - EXACT_DIGITS, -exp10);
    }
    if (v === undefined) this.value = Number(latin1(buf, start, i));
    else this.value = neg ? -v : v;
    return i;
  }

  /** Reads the run of digits at i (at least one), adding them to the significant digits; returns the index after it. */
  private readDigits(buf: Uint8Array, view: DataView, i: number, e: number): number {
    while (i + 4 <= e) {
      // The four bytes at i, first byte lowest; each digit becomes 0–9, anything else a value of 10 or more.
      const x = (view.getUint32(i, true) ^ 0x30303030) >>> 0;
      // The high bit of each byte that is not a digit: 0x76 + 0–9 stays below 0x80 (the low 7 bits only, so that no
      // byte carries into the next), and a byte of 0x80 or more is caught by `| x`.
      const notDigit = (((x & 0x7f7f7f7f) + 0x76767676) | x) & 0x80808080;
      if (notDigit === 0) {
        this.addDigits(4, fourDigits(x));
        i += 4;
        continue;
      }
      // How many digits lead: the lowest flagged byte.
      const count = (31 - Math.clz32(notDigit & -notDigit)) >>> 3;
      // Those digits moved to the high end of the word, zeros below them: the same four-digit reading applies.
      if (count > 0) this.addDigits(count, fourDigits((x << (8 * (4 - count))) >>> 0));
      return i + count;
    }
    while (i < e) {
      const c = buf[i];
      if (c < ZERO || c > NINE) break;
      this.addDigits(1, c - ZERO);
      i++;
    }
    return i;
  }

  /** Appends `count` (1–4) digits of value v to the significant digits; leading zeros are not significant. */
  private addDigits(count: number, v: number): void {
    const digits = this.digits;
    if (digits === 0) {
      // Zeros so far: only the digits of v from its first non-zero one count.
      if (v === 0) return;
      this.hi = v;
      this.digits = v >= 1000 ? 4 : v >= 100 ? 3 : v >= 10 ? 2 : 1;
    } else if (digits + count <= EXACT_DIGITS) {
      this.hi = this.hi * POW10[count] + v;
      this.digits = digits + count;
    } else if (digits >= EXACT_DIGITS) {
      // Past 21 digits `lo` is no longer used (the text is read instead); it only must not overflow.
      if (digits < MAX_DIGITS) this.lo = this.lo * POW10[count] + v;
      this.digits = digits + count;
    } else {
      // The digits cross from hi into lo.
      const intoHi = EXACT_DIGITS - digits;
      const scale = POW10[count - intoHi];
      const head = Math.floor(v / scale);
      this.hi = this.hi * POW10[intoHi] + head;
      this.lo = v - head * scale;
      this.digits = digits + count;
    }
  }
}

/** The value of four digits (0–9 each, the first in the lowest byte) as the number they write. */
function fourDigits(x: number): number {
  // Each byte times ten plus the next: bytes 0 and 2 then hold the two-digit numbers of the first and second pair.
  const pairs = x * 10 + (x >>> 8);
  return (pairs & 0xff) * 100 + ((pairs >>> 16) & 0xff);
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

function matchesWord(buf: Uint8Array, i: number, e: number, word: string): boolean {
  if (i + word.length > e) return false;
  for (let k = 0; k < word.length; k++) if (buf[i + k] !== word.charCodeAt(k)) return false;
  return true;
}

function latin1(buf: Uint8Array, s: number, e: number): string {
  return String.fromCharCode.apply(null, buf.subarray(s, e) as unknown as number[]);
}
