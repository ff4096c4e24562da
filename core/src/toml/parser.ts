// The one place that loads toml-eslint-parser. The package ships only as an ES module; Node 20.19+ and esbuild
// both let CommonJS code load it (TypeScript's `module: node20` knows this and emits a plain require()).
import * as tomlParser from 'toml-eslint-parser';
import type { AST, ParseError as TomlParseError } from 'toml-eslint-parser';
import { scanToml } from './lexicalScan';

export type { AST };

/** A TOML syntax error in payload coordinates (0-based line, UTF-16 column, payload offset). */
export interface TomlSyntaxError {
  message: string;
  line: number;
  column: number;
  offset: number;
  /**
   * Set when the parser ran out of stack rather than finding an error: `deep` for absurd nesting (it recurses per
   * level), `long` for a string of more than about 100,000 characters, on one line or several (it builds strings
   * with one call argument per character; `offset` is then the string's opening quote). The TOML may well be valid.
   */
  limit?: 'deep' | 'long';
}

export type TomlParseResult = { ok: true; ast: AST.TOMLProgram } | { ok: false; error: TomlSyntaxError };

/**
 * Parses TOML 1.1, the version uv reads (newlines and trailing commas in inline tables, `\e`, `\xHH`).
 * Never throws: syntax errors and stack exhaustion on absurdly nested input come back as `error`.
 */
export function parseToml(payload: string): TomlParseResult {
  try {
    return { ok: true, ast: tomlParser.parseTOML(payload, { tomlVersion: '1.1.0' }) };
  } catch (e) {
    if (isParseError(e)) {
      return { ok: false, error: { message: e.message, line: e.lineNumber - 1, column: e.column, offset: e.index } };
    }
    if (e instanceof RangeError) return { ok: false, error: limitError(payload) };
    throw e;
  }
}

function isParseError(e: unknown): e is TomlParseError {
  return (
    e instanceof SyntaxError &&
    typeof (e as Partial<TomlParseError>).lineNumber === 'number' &&
    typeof (e as Partial<TomlParseError>).column === 'number' &&
    typeof (e as Partial<TomlParseError>).index === 'number'
  );
}

/** Strings longer than this explain a stack overflow better than nesting does. */
const LONG_STRING = 50_000;

/** More open brackets than this at once explains a stack overflow as nesting. */
const DEEP = 500;

/** Why the parser ran out of stack: absurd nesting, or the longest string (single- or multi-line). */
function limitError(payload: string): TomlSyntaxError {
  let depth = 0;
  let deepest = 0;
  let longest = { start: 0, length: 0 };
  scanToml(payload, {
    bracket(c) {
      if (c === '[' || c === '{') deepest = Math.max(deepest, ++depth);
      else if (depth > 0) depth--;
    },
    string(start, end) {
      if (end - start > longest.length) longest = { start, length: end - start };
    },
  });
  if (deepest <= DEEP && longest.length > LONG_STRING) {
    const line = payload.slice(0, longest.start).split('\n').length - 1;
    return { message: 'a string is too long for the checker to read', line, column: 0, offset: longest.start, limit: 'long' };
  }
  return { message: 'the TOML nests too deeply for the checker to read', line: 0, column: 0, offset: 0, limit: 'deep' };
}
