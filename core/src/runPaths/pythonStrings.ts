// Is a position inside a Python string literal? A small lexer that knows what decides it: comments, the four
// quote forms (', ", ''' and """; prefixes such as r, b, f do not change where a string ends, but are kept: they
// decide how completed text must be escaped), backslash escapes and a backslash
// at the end of a line, which continues a one-line string. It reads the lines from the top of the file to the
// position, so callers first check the position's own line cheaply (see runPathText.ts).
import type { Position } from '#core/diagnostic';
import type { LineSource } from '#core/completion/headerAtCursor';

export interface StringAtPosition {
  /** The quote that opened the string: `'`, `"`, `'''` or `"""`. */
  quote: string;
  /** Its prefix letters, lower case (`''`, `r`, `b`, `f`, `rb`, `fr`, `u`, `t`, …): they decide how text is escaped in it. */
  prefix: string;
  /** Where the string's content starts (just after the opening quote). */
  contentStart: Position;
}

/** The string literal that holds `position` (strictly after its opening quote, up to its closing one), if any. */
export function stringAt(lines: LineSource, position: Position): StringAtPosition | undefined {
  if (position.line < 0 || position.line >= lines.lineCount) return undefined;
  let open: StringAtPosition | undefined;
  for (let line = 0; line <= position.line; line++) {
    const text = lines.lineAt(line);
    const end = line === position.line ? Math.min(position.character, text.length) : text.length;
    let continued = false;
    let i = 0;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (open) {
        if (c === BACKSLASH) {
          continued = i === text.length - 1;
          i += 2;
          continue;
        }
        if (text.startsWith(open.quote, i)) {
          i += open.quote.length;
          open = undefined;
          continue;
        }
        i++;
      } else if (c === HASH) {
        break;
      } else if (c === SINGLE || c === DOUBLE) {
        const q = text[i];
        const quote = text.startsWith(q + q + q, i) ? q + q + q : q;
        const prefix = prefixBefore(text, i);
        i += quote.length;
        open = { quote, prefix, contentStart: { line, character: i } };
      } else {
        i++;
      }
    }
    // A one-line string ends with its line unless a backslash continues it (else it is a syntax error: start over).
    if (line < position.line && open && open.quote.length === 1 && !continued) open = undefined;
  }
  // The cursor inside an opening `"""` (between its quotes) is not in the string yet.
  if (open && comparePositions(open.contentStart, position) > 0) return undefined;
  return open;
}

/** String prefixes Python accepts (any case, letters in any order); anything else before a quote is not one. */
const PREFIXES = new Set(['r', 'u', 'b', 'br', 'rb', 'f', 'fr', 'rf', 't', 'tr', 'rt']);

/** The prefix letters just before the quote at `at`, lower case; '' when there are none (or they are a name's end). */
function prefixBefore(text: string, at: number): string {
  let start = at;
  while (start > 0 && at - start < 2 && /[A-Za-z]/.test(text[start - 1])) start--;
  if (start > 0 && /[\w]/.test(text[start - 1])) return '';
  const letters = text.slice(start, at).toLowerCase();
  return PREFIXES.has(letters) ? letters : '';
}

function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

const BACKSLASH = 92;
const HASH = 35;
const SINGLE = 39;
const DOUBLE = 34;
