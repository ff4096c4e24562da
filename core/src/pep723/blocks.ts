// Finds PEP 723 comment blocks the way the specification's reference regular expression reads them:
//
//   (?m)^# /// (?P<type>[a-zA-Z0-9-]+)$\s(?P<content>(^#(| .*)$\s)+)^# ///$
//
// An opening `# /// TYPE` line, then a run of lines that are `#` or start with `# `; the block closes at the LAST
// `# ///` line of that run (the regex is greedy). Lines end with `\n` or `\r\n`, as uv reads them. Deliberate
// agreements with uv where the regex alone would differ: CRLF files are read, an empty block (`# /// script`
// directly followed by `# ///`) is accepted, and an opening line may follow a lone `\r` (uv's search for the tag
// accepts a `\r` or `\n` before it). Line numbers and columns are the editor's (a LineIndex over the text).
import { PayloadLine, PayloadPositionMap } from '#core/toml/positionMap';
import { LineIndex } from '#core/text/lineIndex';
import { TextLine, readLineAt } from './textLines';

const OPENING = /^# \/\/\/ ([a-zA-Z0-9-]+)$/;
const CLOSING = '# ///';

/** A closed `# /// TYPE` … `# ///` block. */
export interface MetadataBlock {
  type: string;
  /** 0-based script line of `# /// TYPE`. */
  openLine: number;
  /** 0-based script line of the closing `# ///`. */
  closeLine: number;
  /** Script offset of the opening `#`. */
  start: number;
  /** Script offset just past the closing `# ///` (before its line terminator). */
  end: number;
  /** Column of the opening `#`: 1 when a byte-order mark precedes it on the first line, else 0. */
  openColumn: number;
  /** The TOML text: content lines without their `# ` / `#`, joined with `\n`, ending with `\n`. */
  payload: string;
  /** Maps payload positions to script positions and back. */
  map: PayloadPositionMap;
}

/** Why the comment run after an opening line stopped. */
export type BlockBreakReason = 'end-of-file' | 'not-a-comment' | 'no-space-after-hash' | 'tab-after-hash';

/** A script line with its 0-based number. */
export interface NumberedLine extends TextLine {
  line: number;
}

/** An opening `# /// TYPE` line with no closing `# ///` in the comment run that follows it. */
export interface UnclosedBlock {
  type: string;
  openLine: number;
  start: number;
  /** Offset just past the opening tag text. */
  openEnd: number;
  openColumn: number;
  /** The `#` / `# …` lines that follow the opening line. */
  commentLines: PayloadLine[];
  /** Why the run stopped. */
  reason: BlockBreakReason;
  /** The line that stopped the run (absent at end of file). */
  breakLine?: NumberedLine;
  /** Lines of the run that read `# ///` plus trailing whitespace: almost certainly meant as the closing line. */
  nearClosings: NumberedLine[];
}

export interface BlockScan {
  blocks: MetadataBlock[];
  unclosed: UnclosedBlock[];
  /** True when the text starts with a UTF-8 byte-order mark (U+FEFF). */
  hasBom: boolean;
  /** The script's line index: every position is made through it. */
  lines: LineIndex;
}

/**
 * Every metadata block of the script, of any type, in order, and every opening line left unclosed.
 * Work is proportional to the blocks: the rest of the file is only searched for `# ///`.
 */
export function findMetadataBlocks(text: string, lines: LineIndex = new LineIndex(text)): BlockScan {
  const hasBom = text.charCodeAt(0) === 0xfeff;
  const blocks: MetadataBlock[] = [];
  const unclosed: UnclosedBlock[] = [];
  let from = 0;
  for (;;) {
    const hit = text.indexOf(CLOSING, from);
    if (hit < 0) break;
    const before = text.charCodeAt(hit - 1);
    const atLineStart = hit === 0 || before === 10 || before === 13 || (hit === 1 && hasBom);
    if (!atLineStart) {
      from = hit + 1;
      continue;
    }
    const opening = readLineAt(text, hit);
    const m = OPENING.exec(opening.text);
    if (!m) {
      from = opening.next < 0 ? text.length : opening.next;
      continue;
    }
    const found = readBlock(text, opening, lines, m[1]);
    if ('payload' in found) {
      blocks.push(found);
      from = found.end;
    } else {
      unclosed.push(found);
      from = opening.next < 0 ? text.length : opening.next;
    }
  }
  return { blocks, unclosed, hasBom, lines };
}

function readBlock(text: string, opening: TextLine, index: LineIndex, type: string): MetadataBlock | UnclosedBlock {
  const { line: openLine, character: openColumn } = index.positionAt(opening.start);
  const lines: PayloadLine[] = [];
  const nearClosings: NumberedLine[] = [];
  let lastClosing = -1;
  let lastClosingLine: TextLine | undefined;
  let reason: BlockBreakReason = 'end-of-file';
  let breakLine: NumberedLine | undefined;
  let next = opening.next;
  while (next >= 0) {
    const l = readLineAt(text, next);
    const lineNo = index.positionAt(l.start).line;
    const t = l.text;
    if (t === '#' || t.startsWith('# ')) {
      if (t === CLOSING) {
        lastClosing = lines.length;
        lastClosingLine = l;
      } else if (t.startsWith(CLOSING) && t.slice(CLOSING.length).trim() === '') {
        nearClosings.push({ ...l, line: lineNo });
      }
      lines.push({ scriptLine: lineNo, scriptOffset: l.start, prefixLength: t.length === 1 ? 1 : 2, text: t.slice(2) });
      next = l.next;
      continue;
    }
    // A last line that is empty because the text ends with a newline is the end of the file, not a break.
    if (l.next < 0 && t === '') break;
    reason = t.startsWith('#\t') ? 'tab-after-hash' : t.startsWith('#') ? 'no-space-after-hash' : 'not-a-comment';
    breakLine = { ...l, line: lineNo };
    break;
  }
  if (lastClosing < 0 || !lastClosingLine) {
    return {
      type,
      openLine,
      start: opening.start,
      openEnd: opening.end,
      openColumn,
      commentLines: lines,
      reason,
      breakLine,
      nearClosings,
    };
  }
  const content = lines.slice(0, lastClosing);
  const closeLine = index.positionAt(lastClosingLine.start).line;
  let payload = '';
  for (const c of content) payload += c.text + '\n';
  if (content.length === 0) payload = '\n';
  return {
    type,
    openLine,
    closeLine,
    start: opening.start,
    end: lastClosingLine.end,
    openColumn,
    payload,
    map: new PayloadPositionMap(content, lastClosingLine.start, index),
  };
}
