// Diagnostics about the `# /// script` block itself: unclosed blocks and what broke them, a second block, a
// byte-order mark, and tags that uv silently ignores (so the script would run without its dependencies).
import type { CoreDiagnostic, QuickFix, Range, TextEdit } from '#core/diagnostic';
import { BlockScan, MetadataBlock, NumberedLine, UnclosedBlock } from './blocks';
import { readLineAt } from './textLines';
import type { LineIndex } from '#core/text/lineIndex';
import { parseToml } from '#core/toml/parser';
import { BOM_DIAGNOSTIC_CODE, BOM_MESSAGE } from './byteOrderMark';

/** The `script` block uv reads: the first opening line, closed or not. */
export type PrimaryBlock = { closed: true; block: MetadataBlock } | { closed: false; block: UnclosedBlock };

export interface BlockFindings {
  primary?: PrimaryBlock;
  diagnostics: CoreDiagnostic[];
}

const SCRIPT_TAG = '# /// script';
/** Lines that were almost certainly meant as `# /// script`. */
const NEAR_MISS_LINE = /^[ \t]*#[ \t]*\/\/\/[ \t]*script[ \t]*\r?$/gim;
/** How far past a broken line we look for a closing `# ///` before proposing to insert one. */
const LOOKAHEAD_LINES = 60;
/** At most this many broken lines are repaired by one fix. */
const MAX_REPAIRED_LINES = 5;

/** The range of script offsets `[start, end)`, in the editor's lines and columns. */
function offsetRange(lines: LineIndex, start: number, end: number): Range {
  return { start: lines.positionAt(start), end: lines.positionAt(end) };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Finds the primary `script` block and reports every problem with the block structure. */
export function blockDiagnostics(text: string, scan: BlockScan): BlockFindings {
  const diagnostics: CoreDiagnostic[] = [];
  const lines = scan.lines;
  // uv reads the first `# /// script` opening line; whatever follows it is judged by uv's own rules below.
  const candidates: PrimaryBlock[] = [
    ...scan.blocks.filter((b) => b.type === 'script').map((block): PrimaryBlock => ({ closed: true, block })),
    ...scan.unclosed.filter((b) => b.type === 'script').map((block): PrimaryBlock => ({ closed: false, block })),
  ].sort((a, b) => a.block.start - b.block.start);
  const primary = candidates[0];
  const eol = detectEol(text);

  // A later block counts only when uv would count it: after a closed first block, a `# /// script` whose comment
  // run ends with `# ///` (an opening line that is never closed, e.g. in a string of a test, is not a block).
  if (primary?.closed) {
    for (const start of laterClosedScriptBlocks(text, primary.block.end)) {
      diagnostics.push({
        range: offsetRange(lines, start, start + SCRIPT_TAG.length),
        severity: 'error',
        code: 'pep723/multiple-blocks',
        message:
          'A second `# /// script` block: PEP 723 allows one per file, and since uv 0.11.17 `uv run` refuses such a ' +
          `script ("The script contains multiple PEP 723 metadata blocks"). Move these settings into the first block ` +
          `(line ${primary.block.openLine + 1}) and delete this one.`,
      });
    }
  }

  if (primary && !primary.closed) diagnostics.push(...unclosedDiagnostics(text, lines, primary.block, eol));

  if (primary && scan.hasBom && primary.block.openLine === 0) {
    diagnostics.push({
      range: offsetRange(lines, 0, 1 + SCRIPT_TAG.length),
      severity: 'warning',
      code: BOM_DIAGNOSTIC_CODE,
      message: BOM_MESSAGE,
      fixes: [
        {
          title: 'Remove the byte-order mark',
          edits: [{ range: offsetRange(lines, 0, 1), newText: '' }],
          isPreferred: true,
        },
      ],
    });
  }

  diagnostics.push(...ignoredTagDiagnostics(text, lines, primary));
  return { primary, diagnostics };
}

/**
 * Offsets of the `# /// script` lines after `from` that uv (0.11.17 and later) takes for a second, complete block:
 * the same walk as uv's `ScriptTag::parse` over the lines after the first block. An opening `# /// TYPE` line starts
 * a run of `#` / `# …` lines; the block is complete when a `# ///` line ends that run (the next line is not such a
 * comment, or there is none). Only `script` blocks count; lines of another type's block are its content.
 */
export function laterClosedScriptBlocks(text: string, from: number): number[] {
  const found: number[] = [];
  const first = text.indexOf('\n', from);
  let next = first < 0 ? -1 : first + 1;
  const isComment = (t: string) => t === '#' || t.startsWith('# ');
  while (next >= 0) {
    // Only a line that starts with `# /// ` can open a block: the walk passes over every other line, so it jumps to
    // the next such line at once (a 20,000-line script is then one scan, not 20,000 line reads).
    next = nextLineStartingWith(text, OPENING_PREFIX, next);
    if (next < 0) break;
    const opening = readLineAt(text, next);
    next = opening.next;
    const type = opening.text.slice(OPENING_PREFIX.length);
    if (!/^[A-Za-z0-9-]+$/.test(type)) continue;
    let closed = false;
    while (next >= 0) {
      const l = readLineAt(text, next);
      next = l.next;
      if (!isComment(l.text)) break;
      if (l.text === CLOSING) {
        const after = next < 0 ? undefined : readLineAt(text, next);
        if (!after || (after.next < 0 && after.text === '') || !isComment(after.text)) {
          closed = true;
          break;
        }
      }
    }
    if (closed && type === 'script') found.push(opening.start);
  }
  return found;
}

const CLOSING = '# ///';
const OPENING_PREFIX = '# /// ';

/** The start of the first line at or after the line start `from` that begins with `prefix`; -1 when none does. */
function nextLineStartingWith(text: string, prefix: string, from: number): number {
  for (let at = text.indexOf(prefix, from); at >= 0; at = text.indexOf(prefix, at + 1)) {
    if (at === from || text.charCodeAt(at - 1) === 10) return at;
  }
  return -1;
}

function detectEol(text: string): string {
  const nl = text.indexOf('\n');
  return nl > 0 && text.charCodeAt(nl - 1) === 13 ? '\r\n' : '\n';
}

function unclosedDiagnostics(text: string, lines: LineIndex, u: UnclosedBlock, eol: string): CoreDiagnostic[] {
  const openRange = offsetRange(lines, u.start, u.start + SCRIPT_TAG.length);
  const out: CoreDiagnostic[] = [];
  const base =
    'This `# /// script` block has no closing `# ///` line, so uv refuses to run the script ' + '("opening tag without a closing tag").';

  // A closing line with trailing whitespace is the likeliest cause: uv wants exactly `# ///`.
  const near = u.nearClosings[u.nearClosings.length - 1];
  if (near) {
    const fix: QuickFix = {
      title: 'Remove the trailing whitespace after `# ///`',
      edits: [{ range: offsetRange(lines, near.start + 5, near.end), newText: '' }],
      isPreferred: true,
    };
    out.push({
      range: openRange,
      severity: 'error',
      code: 'pep723/unclosed-block',
      message: `${base} Line ${near.line + 1} would close it but has trailing whitespace after \`# ///\`.`,
      fixes: [fix],
    });
    out.push({
      range: offsetRange(lines, near.start + 5, near.end),
      severity: 'error',
      code: 'pep723/closing-whitespace',
      message: 'Trailing whitespace after `# ///`: uv only recognises a closing line that is exactly `# ///`.',
      fixes: [fix],
    });
    return out;
  }

  const repair = u.breakLine ? repairBrokenLines(text, lines, u.breakLine) : undefined;
  if (repair) {
    const fix: QuickFix = { title: repair.title, edits: repair.edits, isPreferred: true };
    out.push({
      range: openRange,
      severity: 'error',
      code: 'pep723/unclosed-block',
      message: `${base} ${repair.cause}`,
      fixes: [fix, insertClosingFix(lines, u, eol)],
    });
    for (const bad of repair.lines) {
      out.push({
        range: offsetRange(lines, bad.start, bad.end),
        severity: 'error',
        code: 'pep723/missing-comment-prefix',
        message: describeBrokenLine(bad) + ' It ends the `# /// script` block before its closing `# ///`.',
        fixes: [fix],
      });
    }
    return out;
  }

  const where = u.breakLine
    ? ` The comment block ends at line ${u.breakLine.line + 1}, which does not start with \`#\`.`
    : ' The comment block runs to the end of the file.';
  out.push({
    range: openRange,
    severity: 'error',
    code: 'pep723/unclosed-block',
    message: `${base}${where} Add a \`# ///\` line after the last metadata line.`,
    fixes: [{ ...insertClosingFix(lines, u, eol), isPreferred: true }],
  });
  return out;
}

function describeBrokenLine(l: NumberedLine): string {
  if (l.text.startsWith('#\t')) return 'A tab after `#`: inside a PEP 723 block a `#` must be followed by a space.';
  if (l.text.startsWith('#')) return 'No space after `#`: inside a PEP 723 block every line is `#` or starts with `# `.';
  if (l.text.trim() === '') return 'An empty line inside the PEP 723 block: write `#` instead.';
  return 'This line lacks its `# ` prefix: every line of a PEP 723 block must be a comment.';
}

/** Why line `l` ends the block, as a clause. */
function brokenLineCause(l: NumberedLine): string {
  const n = l.line + 1;
  if (l.text.startsWith('#\t')) return `line ${n} has a tab after \`#\` instead of a space`;
  if (l.text.startsWith('#')) return `line ${n} has no space after \`#\``;
  if (l.text.trim() === '') return `line ${n} is empty instead of \`#\``;
  return `line ${n} lacks its \`# \` prefix`;
}

function repairedText(l: NumberedLine): string {
  if (l.text.startsWith('#\t')) return '# ' + l.text.slice(2);
  if (l.text.startsWith('#')) return '# ' + l.text.slice(1);
  if (l.text.trim() === '') return '#';
  return '# ' + l.text;
}

/**
 * When a closing `# ///` follows the line that broke the block (within a few lines), the break was a line that
 * lost its `# ` prefix: propose to restore the prefix on every such line up to the closing.
 */
function repairBrokenLines(
  text: string,
  index: LineIndex,
  first: NumberedLine,
): { title: string; cause: string; edits: TextEdit[]; lines: NumberedLine[] } | undefined {
  const bad: NumberedLine[] = [first];
  let next = first.next;
  for (let i = 0; i < LOOKAHEAD_LINES && next >= 0; i++) {
    const l = readLineAt(text, next);
    const lineNo = index.positionAt(l.start).line;
    next = l.next;
    if (l.text === '# ///') {
      const edits = bad.map((b) => ({ range: offsetRange(index, b.start, b.end), newText: repairedText(b) }));
      const lines = bad.map((b) => b.line + 1).join(', ');
      const cause =
        bad.length === 1
          ? `It ends early because ${brokenLineCause(first)}, which leaves the closing \`# ///\` on line ${lineNo + 1} outside the block.`
          : `It ends early because ${plural(bad.length, 'line')} (${lines}) are not \`# \` comments, which leaves the closing \`# ///\` on line ${lineNo + 1} outside the block.`;
      const title = bad.length === 1 ? `Make line ${first.line + 1} a \`#\` comment` : `Make lines ${lines} \`#\` comments`;
      return { title, cause, edits, lines: bad };
    }
    if (l.text === '#' || l.text.startsWith('# ')) continue;
    if (l.next < 0 && l.text === '') break;
    if (bad.length >= MAX_REPAIRED_LINES) break;
    bad.push({ ...l, line: lineNo });
  }
  return undefined;
}

/** Above this many comment lines, the closing line goes after the last one without trying TOML prefixes. */
const MAX_LINES_TO_TRY = 200;

/**
 * Where the closing `# ///` most likely belongs: after the longest run of comment lines that still reads as TOML
 * (ordinary comments often follow a header), else after the last comment line.
 */
function closingAfter(u: UnclosedBlock): number {
  const lines = u.commentLines;
  if (lines.length === 0 || lines.length > MAX_LINES_TO_TRY) return lines.length;
  const payloadOf = (k: number) =>
    lines
      .slice(0, k)
      .map((l) => l.text + '\n')
      .join('');
  if (parseToml(payloadOf(lines.length)).ok) return lines.length;
  for (let k = lines.length - 1; k > 0; k--) {
    if (lines[k - 1].text.trim() === '') continue;
    if (parseToml(payloadOf(k)).ok) return k;
  }
  return lines.length;
}

function insertClosingFix(lines: LineIndex, u: UnclosedBlock, eol: string): QuickFix {
  const k = closingAfter(u);
  if (k < u.commentLines.length || u.breakLine) {
    const at = k < u.commentLines.length ? u.commentLines[k].scriptOffset : u.breakLine!.start;
    const range = offsetRange(lines, at, at);
    return {
      title: `Insert the closing \`# ///\` before line ${range.start.line + 1}`,
      edits: [{ range, newText: '# ///' + eol }],
    };
  }
  const last = u.commentLines[u.commentLines.length - 1];
  const at = last ? last.scriptOffset + last.prefixLength + last.text.length : u.openEnd;
  const range = offsetRange(lines, at, at);
  return {
    title: `Insert the closing \`# ///\` after line ${range.start.line + 1}`,
    edits: [{ range, newText: eol + '# ///' }],
  };
}

/**
 * uv finds the header by searching for the first `# /// script` in the file; if that text is not a whole line of
 * its own, uv ignores the header. Near-misses (`# /// Script`, trailing spaces, indentation) get a fix when there
 * is no real block; a bad first occurrence that hides a real block later is reported as hiding it.
 */
function ignoredTagDiagnostics(text: string, lines: LineIndex, primary: PrimaryBlock | undefined): CoreDiagnostic[] {
  const out: CoreDiagnostic[] = [];
  if (primary) {
    const hit = text.indexOf(SCRIPT_TAG);
    if (hit >= 0 && hit < primary.block.start) {
      out.push({
        range: offsetRange(lines, hit, lines.lineEnd(lines.positionAt(hit).line)),
        severity: 'warning',
        code: 'pep723/hidden-block',
        message:
          `uv looks only at the first \`# /// script\` text in a file, and this one is not a line of its own ` +
          `(exactly \`# /// script\` at the start of a line), so uv ignores the header on line ` +
          `${primary.block.openLine + 1} and runs the script without its dependencies. Reword this text or move the header above it.`,
      });
    }
    return out;
  }
  // One regular-expression pass (anchored at line starts, which for JavaScript include a lone `\r`) rather than a
  // look at every `///`: a large file may hold millions of them.
  NEAR_MISS_LINE.lastIndex = 0;
  for (let m = NEAR_MISS_LINE.exec(text); m && out.length < 5; m = NEAR_MISS_LINE.exec(text)) {
    const shown = m[0].replace(/\r$/, '');
    const end = m.index + shown.length;
    if (shown === SCRIPT_TAG && text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) !== 10)
      out.push(loneCrDiagnostic(text, lines, m.index));
    else out.push(nearMissDiagnostic(text, lines, m.index, shown));
  }
  return out;
}

/**
 * `# /// script` ended by a lone `\r` (an old Mac line end): editors show the header, but uv reads lines ended by
 * `\n` only, so to uv the opening line is `# /// script` followed by the rest of the header, and it runs the script
 * without its dependencies. The fix turns the header's lone `\r`s into `\n`.
 */
function loneCrDiagnostic(text: string, lines: LineIndex, start: number): CoreDiagnostic {
  const first = lines.positionAt(start).line;
  let last = first;
  for (let line = first + 1; ; line++) {
    const ls = lines.lineStart(line);
    if (ls >= text.length) break;
    const t = text.slice(ls, lines.lineEnd(line));
    if (t !== '#' && !t.startsWith('# ')) break;
    last = line;
    if (t === '# ///') break;
  }
  // Through the line break after the closing line, which must end with `\n` too.
  const end = Math.min(text.length, lines.lineStart(last + 1));
  const region = text.slice(start, end);
  return {
    range: offsetRange(lines, start, start + SCRIPT_TAG.length),
    severity: 'warning',
    code: 'pep723/ignored-tag',
    message:
      'uv ignores this header: its lines end with a lone carriage return (old Mac line ends), which uv does not read ' +
      'as line ends, so the script runs without the dependencies declared here. Save the file with LF or CRLF line ends.',
    fixes: [
      {
        title: 'End the header lines with a newline',
        edits: [{ range: offsetRange(lines, start, end), newText: region.replace(/\r(?!\n)/g, '\n') }],
        isPreferred: true,
      },
    ],
  };
}

function nearMissDiagnostic(text: string, lines: LineIndex, start: number, t: string): CoreDiagnostic {
  const indent = /^[ \t]*/.exec(t)![0];
  let why: string;
  if (indent) why = 'it is indented';
  else if (/[ \t]$/.test(t)) why = 'it has trailing whitespace';
  else if (!t.includes('script')) why = 'the tag is case-sensitive (`script`, lowercase)';
  else why = 'it must read exactly `# /// script`';
  const range = offsetRange(lines, start, start + t.length);
  const edits: TextEdit[] = [{ range, newText: SCRIPT_TAG }];
  if (indent) {
    // The block's lines carry the same indentation: remove it from the comment lines that follow.
    const line = range.start.line;
    for (let n = line + 1; n - line < 1000; n++) {
      const ls = lines.lineStart(n);
      if (ls >= text.length) break;
      const c = text.slice(ls, lines.lineEnd(n));
      if (!c.startsWith(indent + '#')) break;
      edits.push({ range: offsetRange(lines, ls, ls + indent.length), newText: '' });
      if (c.slice(indent.length).trimEnd() === '# ///') break;
    }
  }
  return {
    range,
    severity: 'warning',
    code: 'pep723/ignored-tag',
    message:
      `uv ignores this metadata tag because ${why}, so the script runs without the dependencies declared here. ` +
      'Write the opening line as exactly `# /// script`.',
    fixes: [{ title: indent ? 'Remove the indentation from the block' : 'Replace with `# /// script`', edits, isPreferred: true }],
  };
}
