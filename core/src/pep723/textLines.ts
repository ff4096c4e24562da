// Cheap line access for scanning a script without splitting it: a header is found by searching, and only the lines
// around it are read. Line terminators are `\n` and `\r\n` (what uv's line reader accepts).

/** One line of the script. */
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

/** Offset where the line containing `offset` starts. */
export function lineStartOf(text: string, offset: number): number {
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * Turns offsets into 0-based line numbers, counting newlines only once when asked for increasing offsets
 * (the scanners ask in order); a smaller offset restarts the count.
 */
export class LineCounter {
  private offset = 0;
  private line = 0;

  constructor(private readonly text: string) {}

  lineAt(offset: number): number {
    if (offset < this.offset) {
      this.offset = 0;
      this.line = 0;
    }
    let i = this.text.indexOf('\n', this.offset);
    while (i >= 0 && i < offset) {
      this.line++;
      i = this.text.indexOf('\n', i + 1);
    }
    this.offset = offset;
    return this.line;
  }
}
