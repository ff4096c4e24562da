// Turns a TOML syntax error in the payload into a diagnostic at the right place in the script, reworded to say
// what to change.
import type { CoreDiagnostic, Range } from '#core/diagnostic';
import type { TomlSyntaxError } from '#core/toml/parser';
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
  if (error.limit) {
    const at = error.limit === 'long' ? block.map.toScript(error.line, 0) : { line: block.openLine, character: block.openColumn };
    return {
      range: { start: at, end: { line: at.line, character: at.character + (error.limit === 'long' ? 1 : 12) } },
      severity: 'warning',
      code: 'pep723/unreadable-toml',
      message:
        error.limit === 'long'
          ? 'This line holds a value of more than 50,000 characters, too long for the checker to read; the header was not checked.'
          : 'The metadata nests arrays or tables thousands of levels deep, too deep for the checker to read; the header was not checked. Flatten it.',
    };
  }
  const payload = block.payload;
  const atEnd = error.offset >= payload.length - 1 && error.line >= block.map.lines.length;
  let range: Range;
  let token = '';
  if (atEnd || !block.map.lines[error.line]) {
    range = { start: { line: block.closeLine, character: 0 }, end: { line: block.closeLine, character: 5 } };
  } else {
    const lineText = block.map.lines[error.line].text;
    token = tokenAt(lineText, error.column);
    const start = block.map.toScript(error.line, error.column);
    const lineEnd = block.map.lines[error.line].prefixLength + lineText.length;
    const end = Math.min(start.character + Math.max(token.length, 1), lineEnd);
    // At the end of the line, mark its last character instead of running past it.
    range =
      end > start.character
        ? { start, end: { line: start.line, character: end } }
        : { start: { line: start.line, character: Math.max(0, lineEnd - 1) }, end: { line: start.line, character: lineEnd } };
  }
  if (atEnd) {
    const open = unclosedBracket(payload);
    const message =
      open === '['
        ? 'An array is never closed: add `]` before the closing `# ///`.'
        : open === '{'
          ? 'An inline table is never closed: add `}` before the closing `# ///`.'
          : 'The TOML ends in the middle of a value: finish it before the closing `# ///`.';
    return { range, severity: 'error', code, message };
  }
  for (const [re, say] of REWORDS) {
    if (re.test(error.message)) return { range, severity: 'error', code, message: say(token.replace(/^\[+|\]+$/g, '') || 'This key') };
  }
  return { range, severity: 'error', code, message: `Invalid TOML, so uv refuses the script: ${error.message}.` };
}

/** The key or token starting at `column`: a quoted string, or a run of non-separator characters. */
function tokenAt(line: string, column: number): string {
  const rest = line.slice(column);
  const quoted = /^("(?:[^"\\]|\\.)*"|'[^']*')/.exec(rest);
  if (quoted) return quoted[1];
  const m = /^[^\s,=\]}[{]+/.exec(rest);
  return m ? m[0] : rest.slice(0, 1);
}

/** The innermost bracket left open at the end of the payload, skipping strings and comments (roughly). */
function unclosedBracket(payload: string): string | undefined {
  const stack: string[] = [];
  let quote = '';
  for (let i = 0; i < payload.length; i++) {
    const c = payload[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote || c === '\n') quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#') {
      const nl = payload.indexOf('\n', i);
      i = nl < 0 ? payload.length : nl;
    } else if (c === '[' || c === '{') stack.push(c);
    else if (c === ']' || c === '}') stack.pop();
  }
  return stack[stack.length - 1];
}
