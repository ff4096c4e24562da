// Lines as uv reads a script: terminated by `\n` or `\r\n` (Rust's `str::lines`); a lone `\r` does not end one.
// The block structure (which lines belong to a header) follows this reading, so that the checker agrees with uv.
// Positions shown to the user are a separate matter: editors also end a line at a lone `\r`, so every position is
// made from an offset through the script's LineIndex (core/src/text/lineIndex.ts).

/** One line of the script, as uv reads it. */
export interface TextLine {
  /** Offset of the line's first character. */
  start: number;
  /** Offset just past the line's last character, before `\r\n` or `\n`. */
  end: number;
  /** Offset of the next line, or -1 when this line ends the text without a terminator. */
  next: number;
  text: string;
}

/** Reads the line that starts at `start`. */
export function readLineAt(text: string, start: number): TextLine {
  const nl = text.indexOf('\n', start);
  if (nl < 0) return { start, end: text.length, next: -1, text: text.slice(start) };
  const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
  return { start, end, next: nl + 1, text: text.slice(start, end) };
}

/** Offset where the line (as uv reads lines) containing `offset` starts. */
export function lineStartOf(text: string, offset: number): number {
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}
