// A rough walk over TOML text that knows where strings and comments are, for explaining what the parser could not
// read: which bracket was never closed, which string is too long for it. Not a parser: it only skips strings
// (basic, literal and their multi-line forms) and comments, so that brackets and quotes inside them do not count.

export interface TomlScanVisitor {
  /** A string literal from its opening quote to just past its closing one (or to where it breaks off). */
  string?(start: number, end: number): void;
  /** A `[`, `]`, `{` or `}` outside strings and comments. */
  bracket?(c: string, offset: number): void;
}

export function scanToml(text: string, visit: TomlScanVisitor): void {
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === '"' || c === "'") {
      const end = stringEnd(text, i);
      visit.string?.(i, end);
      i = end;
    } else {
      if (c === '[' || c === ']' || c === '{' || c === '}') visit.bracket?.(c, i);
      i++;
    }
  }
}

/** Offset just past the string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  const q = text[start];
  const basic = q === '"';
  if (text.startsWith(q + q + q, start)) {
    let i = start + 3;
    while (i < text.length) {
      if (basic && text[i] === '\\') i += 2;
      else if (text.startsWith(q + q + q, i)) {
        // Up to two more quotes just before the closing ones belong to the string.
        let end = i + 3;
        while (end < text.length && end - i < 5 && text[end] === q) end++;
        return end;
      } else i++;
    }
    return text.length;
  }
  let i = start + 1;
  while (i < text.length && text[i] !== '\n') {
    if (basic && text[i] === '\\') i += 2;
    else if (text[i] === q) return i + 1;
    else i++;
  }
  return i;
}

/** The innermost bracket left open at the end of the text: `[` or `{` and its offset. */
export function unclosedBracket(text: string): { c: string; offset: number } | undefined {
  const stack: { c: string; offset: number }[] = [];
  scanToml(text, {
    bracket(c, offset) {
      if (c === '[' || c === '{') stack.push({ c, offset });
      else stack.pop();
    },
  });
  return stack[stack.length - 1];
}
