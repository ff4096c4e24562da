// Run folder names: `YYYY-MM-DDTHH-MM-SS-<descriptive>` (local time, hyphens instead of colons so the name is
// safe on every filesystem). Parsing is lenient about the descriptive part, because a run created by hand or by an
// older script is still a run; validation of names we create ourselves is strict, because they reach a command line.

const RUN_DIR_NAME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})-(.+)$/s;
const DATE_PREFIX = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})/;

export const MAX_DESCRIPTIVE_NAME_LENGTH = 100;

/** Splits a run folder name into its start time (local) and descriptive name; undefined when it is not a run name. */
export function parseRunDirName(dirName: string): { startedAt: Date; name: string } | undefined {
  const m = RUN_DIR_NAME.exec(dirName);
  if (!m) return undefined;
  const startedAt = localDate(m);
  if (!startedAt) return undefined;
  const name = m[7];
  if (name.trim() === '' || name.includes('/') || name.includes('\\') || name.includes('\0')) return undefined;
  return { startedAt, name };
}

export function isRunDirName(dirName: string): boolean {
  return parseRunDirName(dirName) !== undefined;
}

/** The folder name the train script would create for `name` started at `date` (local time, to the second). */
export function formatRunDirName(date: Date, name: string): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${p(date.getFullYear(), 4)}-${p(date.getMonth() + 1)}-${p(date.getDate())}` +
    `T${p(date.getHours())}-${p(date.getMinutes())}-${p(date.getSeconds())}-${name}`
  );
}

/**
 * Checks a descriptive name typed by a user before it becomes part of a folder name and a command line.
 * Returns an error message, or undefined when the name is acceptable.
 */
export function validateDescriptiveName(name: string): string | undefined {
  if (name.length === 0) return 'Enter a descriptive name, e.g. de-risk or full.';
  if (name.length > MAX_DESCRIPTIVE_NAME_LENGTH) {
    return `The name is ${name.length} characters long; use at most ${MAX_DESCRIPTIVE_NAME_LENGTH}.`;
  }
  if (name.includes('..')) return 'The name must not contain "..".';
  if (!/^[A-Za-z0-9]/.test(name)) return 'The name must start with a letter or a digit.';
  const bad = /[^A-Za-z0-9._-]/.exec(name);
  if (bad) {
    const ch = bad[0];
    const shown = ch === ' ' ? 'a space' : /\s/.test(ch) ? 'a whitespace character' : `"${ch}"`;
    return `The name contains ${shown}; use only letters, digits, ".", "_" and "-".`;
  }
  return undefined;
}

/** Why `dirName` is not a run folder name, in words a user understands; undefined when it is one. */
export function explainNotARunName(dirName: string): string | undefined {
  if (isRunDirName(dirName)) return undefined;
  const m = DATE_PREFIX.exec(dirName);
  if (!m) return 'name does not start with a date and time like 2025-02-02T14-30-00';
  if (!localDate(m)) return `"${m[0]}" is not a valid date and time`;
  const rest = dirName.slice(m[0].length);
  if (rest === '' || rest === '-') return 'no descriptive name after the date and time';
  if (!rest.startsWith('-')) return 'the date and time must be followed by "-" and a descriptive name';
  return 'the descriptive name is empty or contains a path separator';
}

function localDate(m: RegExpExecArray): Date | undefined {
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const date = new Date(y, mo - 1, d, h, mi, s);
  // Rejects 2025-02-30 and friends, which Date would silently roll over into March.
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return undefined;
  return date;
}
