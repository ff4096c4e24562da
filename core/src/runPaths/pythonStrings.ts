// Is a position inside a Python string literal? A small lexer that knows what decides it: comments, the four
// quote forms (', ", ''' and """; prefixes such as r, b, f change nothing here), backslash escapes and a backslash
// at the end of a line, which continues a one-line string. It reads the lines from the top of the file to the
// position, so callers first check the position's own line cheaply (see runPathText.ts).
import type { Position } from '#core/diagnostic';
import type { LineSource } from '#core/completion/headerAtCursor';

export interface StringAtPosition {
  /** The quote that opened the string: `'`, `"`, `'''` or `"""`. */
  quote: string;
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
        i += quote.length;
        open = { quote, contentStart: { line, character: i } };
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

function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

const BACKSLASH = 92;
const HASH = 35;
const SINGLE = 39;
const DOUBLE = 34;
