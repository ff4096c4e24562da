// Conda version literals (`1.2.3`, `1!2.0`, `2.0a1`, `1.0+cuda`, `1_2_3`) as rattler reads them. pixi parses every
// version in a script header with rattler (rattler_conda_types 0.50.0 in pixi 0.77.0); this is the same grammar,
// rule for rule, so that the checker accepts exactly what pixi accepts. See docs/pixi.md for the sources.

/** Why a version did not parse, and whether the grammar may still try something else (`fatal: false`). */
export interface VersionFailure {
  fatal: boolean;
  message: string;
}

export type VersionParse = { ok: true; rest: string } | { ok: false; failure: VersionFailure };

const U64_MAX = 18446744073709551615n;
const DIGITS = /^[0-9]+/;
const LETTERS = /^[A-Za-z]+/;

const fail = (fatal: boolean, message: string): { ok: false; failure: VersionFailure } => ({ ok: false, failure: { fatal, message } });

/** One component: a number that fits in 64 bits, or a run of ASCII letters. */
function component(input: string): { ok: true; rest: string } | { ok: false; failure: VersionFailure } | undefined {
  const digits = DIGITS.exec(input);
  if (digits) {
    if (BigInt(digits[0]) > U64_MAX) return fail(true, `\`${digits[0]}\` is too large for a version number`);
    return { ok: true, rest: input.slice(digits[0].length) };
  }
  const letters = LETTERS.exec(input);
  if (letters) return { ok: true, rest: input.slice(letters[0].length) };
  return undefined;
}

/** A segment: one or more components without separators (`2a1`). */
function segment(input: string): VersionParse {
  const first = component(input);
  if (!first) return fail(false, 'expected a version component such as `2` or `rc`');
  if (!first.ok) return first;
  let rest = first.rest;
  for (;;) {
    const next = component(rest);
    if (!next) return { ok: true, rest };
    if (!next.ok) return next;
    rest = next.rest;
  }
}

type Separator = '-' | '_' | undefined;

const MIXED = 'a version may not use both `-` and `_` between its parts';

/** Segments separated by `.`, `-` or `_`, with rattler's treatment of a trailing separator. */
function versionPart(
  input: string,
  dashOrUnderscore: Separator,
): { ok: true; rest: string; sep: Separator } | { ok: false; failure: VersionFailure } {
  const first = segment(input);
  if (!first.ok) return first;
  let rest = first.rest;
  let sep = dashOrUnderscore;
  for (;;) {
    const s = rest[0];
    if (s !== '.' && s !== '-' && s !== '_') return { ok: true, rest, sep };
    if (s !== '.') {
      if (sep === undefined) sep = s;
      else if (sep !== s) return fail(true, MIXED);
    }
    const afterSep = rest.slice(1);
    const next = segment(afterSep);
    if (next.ok) {
      rest = next.rest;
      continue;
    }
    if (next.failure.fatal) return next;
    // No segment after the separator: a trailing `-` or `_` still belongs to the version (`1.0_`, `1.0.-`).
    const t = afterSep[0];
    if (t === '-' || t === '_') {
      if (sep !== undefined && sep !== t) return fail(false, MIXED);
      return { ok: true, rest: afterSep.slice(1), sep: sep ?? t };
    }
    if (s === '-' || s === '_') return { ok: true, rest: afterSep, sep };
    return { ok: true, rest, sep };
  }
}

/** Parses a version at the start of `input`; `rest` is what follows it (rattler's `version_parser`). */
export function parseVersionPrefix(input: string): VersionParse {
  if (input === '') return fail(false, 'the version is empty');
  let rest = input;
  const epoch = /^([0-9]+)!/.exec(rest);
  if (epoch) {
    if (BigInt(epoch[1]) > U64_MAX) return fail(true, `the epoch \`${epoch[1]}\` is too large`);
    rest = rest.slice(epoch[0].length);
  }
  const common = versionPart(rest, undefined);
  if (!common.ok) return common;
  rest = common.rest;
  if (rest.startsWith('+')) {
    const local = versionPart(rest.slice(1), common.sep);
    if (!local.ok) return local;
    rest = local.rest;
  }
  return { ok: true, rest };
}

/** Why `text` is not a conda version (as pixi reads `cuda = "12.0"`), or undefined when it is one. */
export function condaVersionProblem(text: string): string | undefined {
  const parsed = parseVersionPrefix(text);
  if (!parsed.ok) return parsed.failure.message;
  if (parsed.rest !== '') return `unexpected \`${parsed.rest}\` after the version`;
  return undefined;
}
