// Offsets to LSP positions and back. LSP (and every editor) ends a line at `\r\n`, `\n` or a lone `\r`; a checker
// that counts only `\n` puts every finding below an old-Mac line end (or a pasted `\r`) one line off. The index is
// built lazily, as far as the furthest offset asked about: the header is at the top of a script, and a keystroke
// must not cost a pass over a 20,000-line file.
import type { Position } from '#core/diagnostic';
import { lastAtOrBefore } from './lastAtOrBefore';

export class LineIndex {
  /** Offsets where lines start, known up to `scanned`. */
  private readonly starts: number[] = [0];
  private scanned = 0;

  constructor(readonly text: string) {}

  /** The LSP position of `offset` (clamped to the text). */
  positionAt(offset: number): Position {
    let at = Math.max(0, Math.min(offset, this.text.length));
    // No position lies between the `\r` and `\n` of a line break: such an offset is the end of its line.
    if (at > 0 && this.text.charCodeAt(at - 1) === CR && this.text.charCodeAt(at) === LF) at--;
    this.scanTo(at);
    const line = lastAtOrBefore(this.starts.length, (i) => this.starts[i], at);
    return { line, character: at - this.starts[line] };
  }

  /** The offset of an LSP position; a character past the line's end stops at the end (before its line break). */
  offsetAt(position: Position): number {
    this.scanToLine(position.line + 1);
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[Math.max(0, position.line)];
    return Math.min(start + Math.max(0, position.character), this.lineEnd(Math.max(0, position.line)));
  }

  /** Offset where `line` starts (the text's end for lines past the last). */
  lineStart(line: number): number {
    this.scanToLine(line);
    return line < this.starts.length ? this.starts[line] : this.text.length;
  }

  /** Offset just past the last character of `line`, before its line break. */
  lineEnd(line: number): number {
    this.scanToLine(line + 1);
    if (line + 1 >= this.starts.length) return this.text.length;
    const next = this.starts[line + 1];
    const crlf = this.text.charCodeAt(next - 1) === LF && this.text.charCodeAt(next - 2) === CR && next - 2 >= this.starts[line];
    return next - (crlf ? 2 : 1);
  }

  private scanTo(offset: number): void {
    while (this.scanned < offset && this.scanned < this.text.length) this.step();
  }

  private scanToLine(line: number): void {
    while (this.starts.length <= line && this.scanned < this.text.length) this.step();
  }

  /** Finds the next line break (a native search, not a loop per character) and records the line after it. */
  private step(): void {
    LINE_BREAK.lastIndex = this.scanned;
    const m = LINE_BREAK.exec(this.text);
    if (!m) {
      this.scanned = this.text.length;
      return;
    }
    this.scanned = m.index + m[0].length;
    this.starts.push(this.scanned);
  }
}

const LINE_BREAK = /\r\n?|\n/g;

/** Number of line breaks in `text` before `end`, as LSP counts them (edits and positions arrive in those lines). */
export function countLineBreaks(text: string, end = text.length): number {
  let n = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) n++;
  }
  return n;
}

const CR = 13;
const LF = 10;
