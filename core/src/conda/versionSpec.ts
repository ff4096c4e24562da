// Conda version specs (`>=2.1,<3`, `12.*`, `1.2.*|>=2`, `*`) as pixi reads them in `[tool.pixi.dependencies]`,
// `version = …`, `[tool.pixi.constraints]` and `requires-pixi`. The grammar is rattler's (rattler_conda_types 0.50.0,
// `version_spec/parse.rs`), ported rule for rule; pixi 0.77.0 parses strictly and, only when the sole problem is an
// ambiguous bare version (`1.2`), parses again leniently and warns (`pixi_spec::parse_version_string`).
import { parseVersionPrefix } from './version';

export type Strictness = 'strict' | 'lenient';

/** A problem at `[start, end)` of the spec text. */
export interface SpecProblem {
  message: string;
  start: number;
  end: number;
}

/** Thrown inside the parser to unwind to the alternative that handles it (nom's Error vs Failure). */
class SpecError extends Error {
  constructor(
    readonly fatal: boolean,
    readonly problem: SpecProblem,
    /** Set for a bare version in strict mode: pixi then reads the spec again leniently. */
    readonly ambiguous?: string,
  ) {
    super(problem.message);
  }
}

const OPERATORS = new Set(['==', '!=', '<=', '>=', '<', '>', '=', '~=']);
const OPERATOR_CHARS = /^[=!<>~]+/;
/** rattler takes these characters as the version after an operator (`char::is_alphanumeric` is Unicode-aware). */
const VERSION_CHARS = /^[\p{Alphabetic}\p{N}!\-_.*+]+/u;
const SPACE = /^[ \t\r\n]*/;
/** Guards against hostile input: parentheses nest this deep at most (a real spec has one or two levels). */
const MAX_DEPTH = 64;

class Parser {
  constructor(
    private readonly text: string,
    private readonly strictness: Strictness,
  ) {}

  /** Offset in the whole text of a remaining-input suffix. */
  private at(rest: string): number {
    return this.text.length - rest.length;
  }

  private error(fatal: boolean, rest: string, length: number, message: string, ambiguous?: string): SpecError {
    const start = this.at(rest);
    return new SpecError(fatal, { message, start, end: Math.min(this.text.length, start + Math.max(length, 1)) }, ambiguous);
  }

  /** The last problem that ended a list early: a better explanation of leftover text than "unexpected". */
  private softError: SpecError | undefined;

  parse(): SpecError | undefined {
    try {
      const rest = this.orGroup(this.text, 0);
      if (rest === '') return undefined;
      if (this.softError && this.softError.problem.start >= this.at(rest)) return this.softError;
      return this.error(false, rest, rest.length, `unexpected \`${rest}\``);
    } catch (e) {
      if (e instanceof SpecError) return e;
      throw e;
    }
  }

  /** Terms separated by `|`; nom's separated_list1: a failed item after a separator ends the list before it. */
  private orGroup(input: string, depth: number): string {
    return this.list(input, '|', (i) => this.andGroup(i, depth));
  }

  private andGroup(input: string, depth: number): string {
    return this.list(input, ',', (i) => this.term(i, depth));
  }

  private list(input: string, separator: string, item: (input: string) => string): string {
    let rest = item(input);
    for (;;) {
      const afterSpace = rest.slice(SPACE.exec(rest)![0].length);
      if (!afterSpace.startsWith(separator)) return rest;
      const next = afterSpace.slice(1);
      const itemStart = next.slice(SPACE.exec(next)![0].length);
      try {
        rest = item(itemStart);
      } catch (e) {
        if (!(e instanceof SpecError) || e.fatal) throw e;
        this.softError = e;
        return rest;
      }
    }
  }

  /** `( … )`, `*` (also `*.*`), or one constraint. */
  private term(input: string, depth: number): string {
    if (input.startsWith('(')) {
      if (depth >= MAX_DEPTH) throw this.error(true, input, 1, 'parentheses nested too deeply');
      const inner = input.slice(1);
      const rest = this.orGroup(inner.slice(SPACE.exec(inner)![0].length), depth + 1);
      const closing = rest.slice(SPACE.exec(rest)![0].length);
      if (closing.startsWith(')')) return closing.slice(1);
      throw this.error(false, closing, closing.length, 'expected `)`');
    }
    if (input.startsWith('*')) return input.startsWith('*.*') ? input.slice(3) : input.slice(1);
    return this.constraint(input);
  }

  /** rattler's constraint_parser: regex (refused), any, or an operator and a version. */
  private constraint(input: string): string {
    // A regular expression (`^1.2.*$`): rattler looks for `^` here and a `$` anywhere after it.
    const caret = input.startsWith('^');
    const dollar = input.indexOf('$');
    if (caret || dollar >= 0) {
      if (caret && dollar >= 0) throw this.error(true, input, dollar + 1, 'regular expressions are not supported in version specs');
      throw this.error(true, input, caret ? 1 : dollar + 1, 'an unterminated regular expression (`^…$`) is not a version spec');
    }
    let rest = input;
    let op: string | undefined;
    const opMatch = OPERATOR_CHARS.exec(rest);
    if (opMatch) {
      op = opMatch[0];
      if (!OPERATORS.has(op)) throw this.error(true, rest, op.length, `\`${op}\` is not a version operator`);
      rest = rest.slice(op.length);
    }
    const versionMatch = VERSION_CHARS.exec(rest);
    if (!versionMatch) {
      throw this.error(false, rest, 1, op ? `expected a version after \`${op}\`` : 'expected a version spec such as `>=1.2` or `1.2.*`');
    }
    const versionText = versionMatch[0];
    const versionAt = rest;
    const after = rest.slice(versionText.length);
    const strict = this.strictness === 'strict';
    if (versionText === '*') {
      // `>=*` and the like: only lenient parsing accepts the harmless ones.
      const harmless = op === '>=' || op === '<=' || op === '~=' || op === '=' || op === '==';
      if (strict || !harmless) throw this.error(true, versionAt, 1, `\`*\` cannot follow \`${op}\`; write \`*\` alone for any version`);
      return after;
    }
    const version = parseVersionPrefix(versionText);
    if (!version.ok)
      throw this.error(version.failure.fatal, versionAt, versionText.length, `\`${versionText}\`: ${version.failure.message}`);
    const remainder = version.rest;
    const globbed = isStarOrStarDotStar(remainder);
    if (remainder === '') {
      if (op === undefined && strict) {
        throw this.error(
          true,
          versionAt,
          versionText.length,
          `\`${versionText}\` has no operator: \`==${versionText}\` or \`${versionText}.*\`?`,
          versionText,
        );
      }
      return after;
    }
    if (!strict && (op === '>=' || op === '>') && globbed) return after;
    if ((remainder === '*' || remainder === '.*') && op === '!=') return after;
    if (!strict && op !== undefined && globbed) return after;
    if ((remainder === '*' || remainder === '.*') && op !== undefined) {
      throw this.error(
        true,
        versionAt,
        versionText.length,
        `\`${op}\` cannot be combined with a \`*\` pattern: write \`${versionText.replace(/\.?\*$/, '.*')}\` for the series, or drop the \`*\``,
      );
    }
    if ((remainder === '*' || remainder === '.*') && op === undefined) return after;
    if (!strict && op === undefined && looksLikeInfiniteStartsWith(remainder)) return after;
    if (versionText.includes('*') || remainder.endsWith('$')) {
      throw this.error(true, versionAt, versionText.length, `\`${versionText}\`: \`*\` may only end a version (\`1.2.*\`)`);
    }
    throw this.error(true, versionAt, versionText.length, `\`${versionText}\` is not a valid version: unexpected \`${remainder}\``);
  }
}

function isStarOrStarDotStar(s: string): boolean {
  if (s === '*') return true;
  let rest = s;
  while (rest.endsWith('.*')) rest = rest.slice(0, -2);
  return rest === '';
}

function looksLikeInfiniteStartsWith(s: string): boolean {
  let rest = s.endsWith('.') ? s.slice(0, -1) : s;
  while (rest !== '') {
    if (!rest.endsWith('.*')) return false;
    rest = rest.slice(0, -2);
    if (rest === '') return true;
  }
  return false;
}

/** rattler's `VersionSpec::from_str(text, strictness)`: undefined when it parses, else the first problem. */
export function versionSpecProblem(text: string, strictness: Strictness): SpecProblem | undefined {
  return new Parser(text, strictness).parse()?.problem;
}

export type PixiVersionSpecCheck =
  | { kind: 'ok' }
  /** pixi accepts it as `==<version>` and prints a warning that the bare version is ambiguous. */
  | { kind: 'ambiguous'; version: string; start: number; end: number }
  | { kind: 'invalid'; problem: SpecProblem; hint?: string };

/** A version spec string the way pixi reads it (`parse_version_string`): strict, then lenient for a bare version. */
export function checkPixiVersionSpec(text: string): PixiVersionSpecCheck {
  const strict = new Parser(text, 'strict').parse();
  if (!strict) return { kind: 'ok' };
  if (strict.ambiguous !== undefined && !new Parser(text, 'lenient').parse()) {
    return { kind: 'ambiguous', version: strict.ambiguous, start: strict.problem.start, end: strict.problem.end };
  }
  return { kind: 'invalid', problem: strict.problem, hint: misplacedSpecHint(text) };
}

/** pixi's own hints for a string that is not a version spec but something that belongs in a table. */
function misplacedSpecHint(text: string): string | undefined {
  if (/^(\/|\.|\\|~\/)/.test(text)) return `a path dependency is written as a table: \`{ path = ${JSON.stringify(text)} }\``;
  if (text.includes('git')) return `a git dependency is written as a table: \`{ git = ${JSON.stringify(text)} }\``;
  if (text.includes('://')) return `a URL dependency is written as a table: \`{ url = ${JSON.stringify(text)} }\``;
  const parts = text.trim().split(/\s+/);
  if (parts.length === 2 && !versionSpecProblem(parts[0], 'lenient')) {
    return `a version and a build are written as a table: \`{ version = ${JSON.stringify(parts[0])}, build = ${JSON.stringify(parts[1])} }\``;
  }
  return undefined;
}
