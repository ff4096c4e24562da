// A small, exact PEP 508 dependency-specifier parser: `name[extras] (specifiers | @ url) ; marker`.
// Version specifiers are checked with the PEP 440 code; markers by ./marker.ts. Problems carry offsets into the
// requirement text and, where one reading is obvious, a corrected requirement.
import { characterAt } from '#core/text/codePoints';
import { checkSpecifierSet } from '#core/pep440/specifier';
import { MarkerProblem, parseMarker } from './marker';

/** A span of the requirement text: `[start, end)` offsets and the text. */
export interface Span {
  text: string;
  start: number;
  end: number;
}

export interface Requirement {
  name: Span;
  extras: Span[];
  /** The version specifier set, without surrounding parentheses (absent when none). */
  specifier?: Span;
  url?: Span;
  marker?: Span;
}

export interface RequirementProblem {
  message: string;
  start: number;
  end: number;
  /** The whole requirement rewritten, when the repair is obvious. */
  suggestion?: string;
}

export type RequirementParse = { ok: true; requirement: Requirement } | { ok: false; problem: RequirementProblem };

const NAME = /[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/y;
const WS = /[ \t]*/y;

/** The normalized form of a distribution name (PEP 503): lowercase, runs of `-_.` become `-`. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** True when `name` is a valid distribution name. */
export function isValidName(name: string): boolean {
  NAME.lastIndex = 0;
  const m = NAME.exec(name);
  return !!m && m[0].length === name.length;
}

function skipWs(text: string, i: number): number {
  WS.lastIndex = i;
  WS.exec(text);
  return WS.lastIndex;
}

function fail(message: string, start: number, end: number, suggestion?: string): RequirementParse {
  return { ok: false, problem: { message, start, end: Math.max(end, start), suggestion } };
}

/** Parses one PEP 508 requirement, as uv reads the strings of `dependencies`. */
export function parseRequirement(text: string): RequirementParse {
  let i = skipWs(text, 0);
  if (i >= text.length) return fail('An empty dependency: write a package name such as `numpy`, or remove it.', 0, text.length);

  if (/^([A-Za-z][A-Za-z0-9+.-]*:\/\/|file:)/.test(text.slice(i))) return badStart(text, i);
  NAME.lastIndex = i;
  const nm = NAME.exec(text);
  if (!nm) return badStart(text, i);
  const name: Span = { text: nm[0], start: i, end: i + nm[0].length };
  i = skipWs(text, name.end);

  const extras: Span[] = [];
  if (text[i] === '[') {
    const close = text.indexOf(']', i);
    if (close < 0) return fail('The extras list is missing its closing `]`.', i, text.length, text + ']');
    let j = i + 1;
    const inner = text.slice(j, close);
    if (inner.trim() !== '') {
      for (const part of inner.split(',')) {
        const lead = part.length - part.trimStart().length;
        const t = part.trim();
        const s = j + lead;
        if (!isValidName(t)) {
          return fail(
            t === '' ? 'An empty extra between commas.' : `\`${t}\` is not a valid extra name (letters, digits, \`-\`, \`_\`, \`.\`).`,
            s,
            s + Math.max(t.length, 1),
          );
        }
        extras.push({ text: t, start: s, end: s + t.length });
        j += part.length + 1;
      }
    }
    i = skipWs(text, close + 1);
  }

  const req: Requirement = { name, extras };
  if (i >= text.length) return { ok: true, requirement: req };

  const c = text[i];
  if (c === ';') return finishMarker(text, i, req);

  if (c === '@') {
    const us = skipWs(text, i + 1);
    let ue = us;
    while (ue < text.length && !/\s/.test(text[ue])) ue++;
    let urlEnd = ue;
    // `name @ url; marker` with no space before `;`: read the `;` as the marker separator, like uv.
    const semi = text.slice(us, ue).indexOf(';');
    if (semi >= 0) urlEnd = us + semi;
    if (urlEnd === us) return fail('`@` must be followed by a URL, e.g. `name @ https://…/file.whl`.', i, i + 1);
    const url = text.slice(us, urlEnd);
    if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(url) && !/^(\.{1,2}[\\/]|[\\/]|~)/.test(url)) {
      return fail(`\`${url}\` is not a URL: write a full URL such as \`https://…\` or \`git+https://…\`.`, us, urlEnd);
    }
    req.url = { text: url, start: us, end: urlEnd };
    const k = skipWs(text, urlEnd);
    if (k >= text.length) return { ok: true, requirement: req };
    if (text[k] === ';') return finishMarker(text, k, req);
    return fail('Only a `; marker` may follow the URL.', k, text.length);
  }

  if (c === ',') {
    const rest = text.slice(i + 1).trim();
    return fail(`Each dependency is its own string: write \`"${name.text}", "${rest}"\` as separate items.`, i, text.length);
  }

  // A version specifier set, with or without parentheses, up to `;` or the end.
  let specStart = i;
  let specEnd: number;
  let after: number;
  if (c === '(') {
    const close = text.indexOf(')', i);
    if (close < 0) return fail('The version specifier is missing its closing `)`.', i, text.length);
    specStart = i + 1;
    specEnd = close;
    after = skipWs(text, close + 1);
  } else {
    const semi = text.indexOf(';', i);
    specEnd = semi < 0 ? text.length : semi;
    after = specEnd;
  }
  const raw = text.slice(specStart, specEnd);
  const lead = raw.length - raw.trimStart().length;
  const spec = raw.trim();
  const ss = specStart + lead;
  if (/^[A-Za-z_]/.test(spec) && !/^v?\d/.test(spec)) {
    return notASpecifier(text, name, spec, ss);
  }
  const bad = /[^A-Za-z0-9._*+!<>=~,\s^-]/u.exec(spec);
  if (bad && !spec.startsWith('===')) {
    return fail(`Unexpected \`${bad[0]}\` in the version specifier.`, ss + bad.index, ss + bad.index + bad[0].length);
  }
  const problem = checkSpecifierSet(spec, `\`${name.text}\``);
  if (problem) {
    const suggestion = problem.suggestion !== undefined ? text.slice(0, ss) + problem.suggestion + text.slice(ss + spec.length) : undefined;
    return fail(problem.message, ss + problem.start, ss + problem.end, suggestion);
  }
  if (spec !== '') req.specifier = { text: spec, start: ss, end: ss + spec.length };
  if (after >= text.length) return { ok: true, requirement: req };
  if (text[after] === ';') return finishMarker(text, after, req);
  return fail('Only a `; marker` may follow the version specifier.', after, text.length);
}

function badStart(text: string, i: number): RequirementParse {
  const rest = text.slice(i);
  if (/^([A-Za-z][A-Za-z0-9+.-]*:\/\/|file:)/.test(rest) || /^[.~\\/]/.test(rest)) {
    return fail('A URL or path needs a package name in front: `name @ ' + rest.trim() + '`.', i, text.length);
  }
  if (/^["']/.test(rest)) return fail('Quotes inside the dependency string: remove them.', i, i + 1, text.replace(/["']/g, ''));
  const first = characterAt(rest, 0);
  return fail(`A dependency must start with a package name (letters and digits), not \`${first}\`.`, i, i + first.length);
}

const MARKER_WORD =
  /^(python_version|python_full_version|sys_platform|platform_system|platform_machine|os_name|implementation_name|platform_release|platform_version|platform_python_implementation|implementation_version|extra)\b/;

function notASpecifier(text: string, name: Span, spec: string, at: number): RequirementParse {
  if (MARKER_WORD.test(spec)) {
    return fail(
      'An environment marker must follow a `;`: write `' + name.text + '; ' + spec + '`.',
      at,
      at + spec.length,
      text.slice(0, name.end) + '; ' + spec,
    );
  }
  const words = spec.split(/\s+/);
  if (words.every((w) => isValidName(w))) {
    return fail(
      `Each dependency is its own string: write ${[name.text, ...words].map((w) => `"${w}"`).join(', ')} as separate items.`,
      at,
      at + spec.length,
    );
  }
  return fail(`\`${spec}\` is not a version specifier: start it with an operator such as \`>=\` or \`==\`.`, at, at + spec.length);
}

function finishMarker(text: string, semi: number, req: Requirement): RequirementParse {
  const ms = skipWs(text, semi + 1);
  const body = text.slice(ms);
  const trimmed = body.trimEnd();
  if (trimmed === '') return fail('`;` must be followed by an environment marker, e.g. `; sys_platform == "linux"`.', semi, semi + 1);
  const problem: MarkerProblem | undefined = parseMarker(trimmed);
  if (problem) {
    const suggestion = problem.suggestion !== undefined ? text.slice(0, ms) + problem.suggestion + body.slice(trimmed.length) : undefined;
    return fail(problem.message, ms + problem.start, ms + problem.end, suggestion);
  }
  req.marker = { text: trimmed, start: ms, end: ms + trimmed.length };
  return { ok: true, requirement: req };
}
