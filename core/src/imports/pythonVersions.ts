// Which Python versions a script may run on (what `requires-python` admits), and whether a module is in the
// standard library of each of them.
import { pep440 } from '#core/pep440/library';
import { STDLIB_CHANGED, STDLIB_EVERY_VERSION, STDLIB_FIRST_MINOR, STDLIB_LAST_MINOR } from '#core/data/stdlibModules';

const EVERY = new Set(STDLIB_EVERY_VERSION);
const CHANGED = new Map(STDLIB_CHANGED.map(([name, first, last]) => [name, { first, last }]));
/** Patch releases tried per minor version: enough for `>=3.11.4`, `==3.12.1`, `<3.13.0` and the like. */
const PATCHES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 20, 30, 99];
const admittedCache = new Map<string, number[]>();

/** Python 3 minor versions (8 … 14) that `requires-python` admits; all of them when there is none. */
export function admittedMinors(requiresPython: string | undefined): number[] {
  const all: number[] = [];
  for (let m = STDLIB_FIRST_MINOR; m <= STDLIB_LAST_MINOR; m++) all.push(m);
  if (requiresPython === undefined || requiresPython.trim() === '') return all;
  const cached = admittedCache.get(requiresPython);
  if (cached) return cached;
  let admitted: number[];
  try {
    admitted = all.filter((m) => PATCHES.some((p) => pep440.satisfies(`3.${m}.${p}`, requiresPython)));
  } catch {
    admitted = all;
  }
  // A range beyond what the lists know (`>=3.15`) is read as the newest version they know.
  const later = Array.from({ length: 20 }, (_, i) => `3.${STDLIB_LAST_MINOR + 1 + i}.0`);
  if (admitted.length === 0 && later.some((v) => safeSatisfies(v, requiresPython))) {
    admitted = [STDLIB_LAST_MINOR];
  }
  if (admittedCache.size > 100) admittedCache.clear();
  admittedCache.set(requiresPython, admitted);
  return admitted;
}

function safeSatisfies(version: string, spec: string): boolean {
  try {
    return pep440.satisfies(version, spec);
  } catch {
    return false;
  }
}

/** True when a top-level module name is in the standard library of some Python 3 version from 3.8 on. */
export function isStdlibSomewhere(topLevel: string): boolean {
  return EVERY.has(topLevel) || CHANGED.has(topLevel);
}

/** The admitted minor versions whose standard library lacks the module (empty when all have it). */
export function stdlibMissingIn(topLevel: string, minors: readonly number[], removedOnly = false): number[] {
  if (EVERY.has(topLevel)) return [];
  const span = CHANGED.get(topLevel);
  if (!span) return [...minors];
  return minors.filter((m) => (m < span.first && !removedOnly) || m > span.last);
}

/** When the module came or went, in words: `removed in Python 3.12`, `new in Python 3.11`. */
export function stdlibHistory(topLevel: string): string | undefined {
  const span = CHANGED.get(topLevel);
  if (!span) return undefined;
  const parts: string[] = [];
  if (span.first > STDLIB_FIRST_MINOR) parts.push(`new in Python 3.${span.first}`);
  if (span.last < STDLIB_LAST_MINOR) parts.push(`removed in Python 3.${span.last + 1}`);
  return parts.join(', ') || undefined;
}

/** `3.12` or `3.12 to 3.14`, for messages. */
export function describeMinors(minors: readonly number[]): string {
  if (minors.length === 0) return 'none';
  const first = minors[0];
  const last = minors[minors.length - 1];
  return first === last ? `3.${first}` : `3.${first} to 3.${last}`;
}
