// The one place that loads toml-eslint-parser. The package ships only as an ES module; Node 20.19+ and esbuild
// both let CommonJS code require() it, so it is required here and its types are imported as ES-module types.
import type { AST, ParseError as TomlParseError } from 'toml-eslint-parser' with { 'resolution-mode': 'import' };

type TomlParserModule = typeof import('toml-eslint-parser', { with: { 'resolution-mode': 'import' } });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tomlParser: TomlParserModule = require('toml-eslint-parser');

export type { AST };
export type TomlNode = AST.TOMLNode;
export type TomlContentNode = AST.TOMLContentNode;

/** A TOML syntax error in payload coordinates (0-based line, UTF-16 column, payload offset). */
export interface TomlSyntaxError {
  message: string;
  line: number;
  column: number;
  offset: number;
  /** True when the parser gave up because the document nests too deeply (it recurses per level). */
  tooDeep?: boolean;
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
    if (e instanceof RangeError) {
      return {
        ok: false,
        error: { message: 'the TOML nests too deeply to be read', line: 0, column: 0, offset: 0, tooDeep: true },
      };
    }
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
