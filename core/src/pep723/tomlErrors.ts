// Turns a TOML syntax error in the payload into a diagnostic at the right place in the script, reworded to say
// what to change. Everything is placed by payload offsets (the parser's own line numbers count a lone `\r` as a line
// break where uv does not), and ranges and quoted tokens take whole characters, never half a surrogate pair.
import type { CoreDiagnostic, Range } from '#core/diagnostic';
import type { TomlSyntaxError } from '#core/toml/parser';
import { unclosedBracket } from '#core/toml/lexicalScan';
import { nextCharacterEnd, snapToCharacters } from '#core/text/codePoints';
import type { MetadataBlock } from './blocks';

const REWORDS: [RegExp, (token: string) => string][] = [
  [/multiple times/, (t) => `\`${t}\` is defined twice: TOML allows each key once. Merge the two definitions.`],
  [/Expected comma/, () => 'Missing comma: separate array items and inline-table entries with `,`.'],
  [/Unterminated string/, () => 'This string is not closed: add the closing quote on the same line.'],
  [/Unspecified values/, () => 'A key needs a value after `=`.'],
  [/Expected equal/, () => 'Expected `=` between the key and its value (keys with spaces or dots must be quoted).'],
  [/Must be a newline/, () => 'Only one `key = value` per line: start a new line here.'],
  [/Unterminated array/, () => 'This array is never closed: add `]` before the closing `# ///`.'],
  [/Unterminated inline table/, () => 'This inline table is never closed: add `}` before the closing `# ///`.'],
  [/Unterminated table-key/, () => 'This table header is not closed: add `]`.'],
];

export function describeTomlError(error: TomlSyntaxError, block: MetadataBlock): CoreDiagnostic {
  const code = 'pep723/invalid-toml';
  const map = block.map;
  const payload = block.payload;
  if (error.limit) {
    const range =
      error.limit === 'long'
        ? map.offsetRangeToScript(error.offset, error.offset + 1)
        : map.scriptRange(block.start, block.start + '# /// script'.length);
    return {
      range,
      severity: 'warning',
      code: 'pep723/unreadable-toml',
      message:
        error.limit === 'long'
          ? 'A string of more than 50,000 characters starts here, too long for the checker to read; the header was not checked.'
          : 'The metadata nests arrays or tables thousands of levels deep, too deep for the checker to read; the header was not checked. Flatten it.',
    };
  }
  if (error.offset >= payload.length - 1 && payload.slice(error.offset).trim() === '') {
    // The parser reached the end of the payload inside a value: point at what was left open, not at `# ///`.
    const open = unclosedBracket(payload);
    if (open) {
      const message =
        open.c === '['
          ? 'This array is never closed: add `]` before the closing `# ///`.'
          : 'This inline table is never closed: add `}` before the closing `# ///`.';
      return { range: map.offsetRangeToScript(open.offset, open.offset + 1), severity: 'error', code, message };
    }
    return {
      range: map.scriptRange(map.endOffset, map.endOffset + 5),
      severity: 'error',
      code,
      message: 'The TOML ends in the middle of a value: finish it before the closing `# ///`.',
    };
  }
  const token = tokenAt(payload, error.offset);
  const range = tokenRange(payload, error.offset, token, block);
  for (const [re, say] of REWORDS) {
    if (re.test(error.message)) return { range, severity: 'error', code, message: say(token.replace(/^\[+|\]+$/g, '') || 'This key') };
  }
  return { range, severity: 'error', code, message: `Invalid TOML, so uv refuses the script: ${error.message}.` };
}

/** The token's range; at the end of a line, the line's last character instead of running past it. */
function tokenRange(payload: string, offset: number, token: string, block: MetadataBlock): Range {
  const nl = payload.indexOf('\n', offset);
  const lineEnd = nl < 0 ? payload.length : nl;
  const lineStart = payload.lastIndexOf('\n', offset - 1) + 1;
  let [start, end] = snapToCharacters(payload, offset, Math.min(offset + Math.max(token.length, 1), lineEnd));
  if (end <= start) {
    if (lineEnd === lineStart) return block.map.offsetRangeToScript(lineStart, lineStart);
    [start, end] = snapToCharacters(payload, lineEnd - 1, lineEnd);
  }
  return block.map.offsetRangeToScript(start, end);
}

/** The key or token starting at `offset`: a quoted string, or a run of non-separator characters, or one character. */
function tokenAt(payload: string, offset: number): string {
  const nl = payload.indexOf('\n', offset);
  const rest = payload.slice(offset, nl < 0 ? payload.length : nl);
  const quoted = /^("(?:[^"\\]|\\.)*"|'[^']*')/.exec(rest);
  if (quoted) return quoted[1];
  const m = /^[^\s,=\]}[{]+/.exec(rest);
  return m ? m[0] : rest.slice(0, nextCharacterEnd(rest, 0));
}
