// Maps positions in a PEP 723 TOML payload (the comment block with `# ` / `#` stripped) to positions in the script
// and back. Payload line i starts at script offset `lines[i].scriptOffset + prefixLength`; script offsets become LSP
// positions through the script's LineIndex, which counts line ends as editors do (so a lone `\r` inside a line uv
// reads as one still moves what follows to the next line the editor shows). Offsets, not line/column pairs, are the
// currency: the TOML parser's own line numbers count a lone `\r` as a line break where uv does not.
import type { Position, Range } from '#core/diagnostic';
import type { LineIndex } from '#core/text/lineIndex';
import { lastAtOrBefore } from '#core/text/lastAtOrBefore';

/** One line of the payload and where it sits in the script. */
export interface PayloadLine {
  /** 0-based script line (as editors count lines) of the line's start. */
  scriptLine: number;
  /** Script offset where the line starts (at its `#`). */
  scriptOffset: number;
  /** Characters stripped from the script line: 2 for `# `, 1 for a lone `#`. */
  prefixLength: 1 | 2;
  /** The payload text of the line (no prefix, no line terminator). */
  text: string;
}

/** A payload position: 0-based line, UTF-16 column. */
export interface PayloadPosition {
  line: number;
  column: number;
}

export class PayloadPositionMap {
  /** Payload offset at which each payload line starts. */
  private readonly lineStarts: number[];

  /**
   * @param lines the payload lines in order
   * @param endOffset script offset that payload positions past the last line map to (the closing `# ///`)
   * @param index the script's line index
   */
  constructor(
    readonly lines: readonly PayloadLine[],
    readonly endOffset: number,
    readonly index: LineIndex,
  ) {
    this.lineStarts = new Array<number>(lines.length);
    let offset = 0;
    for (let i = 0; i < lines.length; i++) {
      this.lineStarts[i] = offset;
      offset += lines[i].text.length + 1;
    }
  }

  /** Script position of a payload position (0-based line). Past the end: start of the closing line. */
  toScript(line: number, column: number): Position {
    return this.index.positionAt(this.scriptOffsetOf(line, column));
  }

  /** Script offset of a payload position. */
  scriptOffsetOf(line: number, column: number): number {
    const l = this.lines[line];
    if (!l) return this.endOffset;
    return l.scriptOffset + l.prefixLength + Math.min(Math.max(column, 0), l.text.length);
  }

  /** Script range of a TOML node (its payload offsets, `range`). */
  nodeToScript(node: { range: readonly [number, number] }): Range {
    return this.offsetRangeToScript(node.range[0], node.range[1]);
  }

  /** Script position of a payload offset (what toml-eslint-parser `range` and error `index` hold). */
  offsetToScript(offset: number): Position {
    const p = this.offsetToPayload(offset);
    return this.toScript(p.line, p.column);
  }

  /** Payload line/column of a payload offset. */
  offsetToPayload(offset: number): PayloadPosition {
    if (this.lineStarts.length === 0 || offset < 0) return { line: 0, column: 0 };
    const lo = lastAtOrBefore(this.lineStarts.length, (i) => this.lineStarts[i], offset);
    const column = offset - this.lineStarts[lo];
    if (column > this.lines[lo].text.length) return { line: lo + 1, column: 0 };
    return { line: lo, column };
  }

  /** Script range of a payload offset range `[start, end)`. */
  offsetRangeToScript(start: number, end: number): Range {
    return { start: this.offsetToScript(start), end: this.offsetToScript(end) };
  }

  /** Script range of script offsets `[start, end)`. */
  scriptRange(start: number, end: number): Range {
    return { start: this.index.positionAt(start), end: this.index.positionAt(end) };
  }

  /**
   * Payload position of a script position, or undefined when the script position is not on a payload line.
   * A position inside the `# ` prefix maps to column 0 with `inPrefix` set.
   */
  fromScript(pos: Position): (PayloadPosition & { inPrefix: boolean }) | undefined {
    if (this.lines.length === 0) return undefined;
    const offset = this.index.offsetAt(pos);
    const lo = lastAtOrBefore(this.lines.length, (i) => this.lines[i].scriptOffset, offset);
    const l = this.lines[lo];
    const column = offset - l.scriptOffset - l.prefixLength;
    if (offset < l.scriptOffset || column > l.text.length) return undefined;
    return { line: lo, column: Math.max(column, 0), inPrefix: column < 0 };
  }

  /** Payload offset of a script position, or undefined when it is not on a payload line. */
  scriptToOffset(pos: Position): number | undefined {
    const p = this.fromScript(pos);
    return p ? this.lineStarts[p.line] + p.column : undefined;
  }
}
