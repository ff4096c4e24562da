// Maps positions in a PEP 723 TOML payload (the comment block with `# ` / `#` stripped) to positions in the script
// and back. Payload line i is script line `lines[i].scriptLine`; its column c is script column `c + prefixLength`.
import type { Position, Range } from '#core/diagnostic';

/** One line of the payload and where it sits in the script. */
export interface PayloadLine {
  /** 0-based script line. */
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

/** Location as toml-eslint-parser reports it: 1-based lines, 0-based columns. */
export interface TomlSourceLocation {
  start: { line: number; column: number };
  end: { line: number; column: number };
}

export class PayloadPositionMap {
  /** Payload offset at which each payload line starts. */
  private readonly lineStarts: number[];

  /**
   * @param lines the payload lines in order
   * @param endLine script line that payload positions past the last line map to (the closing `# ///`)
   */
  constructor(
    readonly lines: readonly PayloadLine[],
    readonly endLine: number,
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
    const l = this.lines[line];
    if (!l) return { line: this.endLine, character: 0 };
    return { line: l.scriptLine, character: Math.min(Math.max(column, 0), l.text.length) + l.prefixLength };
  }

  /** Script range of a toml-eslint-parser `loc` (1-based lines). */
  locToScript(loc: TomlSourceLocation): Range {
    return { start: this.toScript(loc.start.line - 1, loc.start.column), end: this.toScript(loc.end.line - 1, loc.end.column) };
  }

  /** Script position of a payload offset (what toml-eslint-parser `range` and error `index` hold). */
  offsetToScript(offset: number): Position {
    const p = this.offsetToPayload(offset);
    return this.toScript(p.line, p.column);
  }

  /** Payload line/column of a payload offset. */
  offsetToPayload(offset: number): PayloadPosition {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    if (hi < 0 || offset < 0) return { line: 0, column: 0 };
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const column = offset - this.lineStarts[lo];
    if (column > this.lines[lo].text.length) return { line: lo + 1, column: 0 };
    return { line: lo, column };
  }

  /** Script range of a payload offset range `[start, end)`. */
  offsetRangeToScript(start: number, end: number): Range {
    return { start: this.offsetToScript(start), end: this.offsetToScript(end) };
  }

  /**
   * Payload position of a script position, or undefined when the script position is not on a payload line.
   * A position inside the `# ` prefix maps to column 0.
   */
  fromScript(pos: Position): PayloadPosition | undefined {
    const first = this.lines[0];
    if (!first) return undefined;
    const line = pos.line - first.scriptLine;
    const l = this.lines[line];
    if (!l || l.scriptLine !== pos.line) return undefined;
    return { line, column: Math.min(Math.max(pos.character - l.prefixLength, 0), l.text.length) };
  }

  /** Payload offset of a script position, or undefined when it is not on a payload line. */
  scriptToOffset(pos: Position): number | undefined {
    const p = this.fromScript(pos);
    return p ? this.lineStarts[p.line] + p.column : undefined;
  }
}
