// Diagnostics about the `# /// script` block itself: unclosed blocks and what broke them, a second block, a
// byte-order mark, and tags that uv silently ignores (so the script would run without its dependencies).
import type { CoreDiagnostic, QuickFix, Range, TextEdit } from '#core/diagnostic';
import { BlockScan, MetadataBlock, NumberedLine, UnclosedBlock } from './blocks';
import { LineCounter, readLineAt } from './textLines';
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

function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Finds the primary `script` block and reports every problem with the block structure. */
export function blockDiagnostics(text: string, scan: BlockScan): BlockFindings {
  const diagnostics: CoreDiagnostic[] = [];
  const candidates: PrimaryBlock[] = [
    ...scan.blocks.filter((b) => b.type === 'script').map((block): PrimaryBlock => ({ closed: true, block })),
    ...scan.unclosed.filter((b) => b.type === 'script').map((block): PrimaryBlock => ({ closed: false, block })),
  ].sort((a, b) => a.block.start - b.block.start);
  const primary = candidates[0];
  const eol = detectEol(text);

  for (const extra of candidates.slice(1)) {
    const line = extra.block.openLine;
    diagnostics.push({
      range: lineRange(line, extra.block.openColumn, extra.block.openColumn + SCRIPT_TAG.length),
      severity: 'error',
      code: 'pep723/multiple-blocks',
      message:
        `A second \`# /// script\` block: PEP 723 allows only one per file, and uv reads only the first ` +
        `(line ${primary.block.openLine + 1}). Move these settings into the first block and delete this one.`,
    });
  }

  if (primary && !primary.closed) diagnostics.push(...unclosedDiagnostics(text, primary.block, eol));

  if (primary && scan.hasBom && primary.block.openLine === 0) {
    diagnostics.push({
      range: lineRange(0, 0, 1 + SCRIPT_TAG.length),
      severity: 'warning',
      code: BOM_DIAGNOSTIC_CODE,
      message: BOM_MESSAGE,
      fixes: [
        {
          title: 'Remove the byte-order mark',
          edits: [{ range: lineRange(0, 0, 1), newText: '' }],
          isPreferred: true,
        },
      ],
    });
  }

  diagnostics.push(...ignoredTagDiagnostics(text, primary));
  return { primary, diagnostics };
}

function detectEol(text: string): string {
  const nl = text.indexOf('\n');
  return nl > 0 && text.charCodeAt(nl - 1) === 13 ? '\r\n' : '\n';
}

function unclosedDiagnostics(text: string, u: UnclosedBlock, eol: string): CoreDiagnostic[] {
  const openRange = lineRange(u.openLine, u.openColumn, u.openColumn + SCRIPT_TAG.length);
  const out: CoreDiagnostic[] = [];
  const base =
    'This `# /// script` block has no closing `# ///` line, so uv refuses to run the script ' + '("opening tag without a closing tag").';

  // A closing line with trailing whitespace is the likeliest cause: uv wants exactly `# ///`.
  const near = u.nearClosings[u.nearClosings.length - 1];
  if (near) {
    const fix: QuickFix = {
      title: 'Remove the trailing whitespace after `# ///`',
      edits: [{ range: lineRange(near.line, 5, near.text.length), newText: '' }],
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
      range: lineRange(near.line, 5, near.text.length),
      severity: 'error',
      code: 'pep723/closing-whitespace',
      message: 'Trailing whitespace after `# ///`: uv only recognises a closing line that is exactly `# ///`.',
      fixes: [fix],
    });
    return out;
  }

  const repair = u.breakLine ? repairBrokenLines(text, u.breakLine) : undefined;
  if (repair) {
    const fix: QuickFix = { title: repair.title, edits: repair.edits, isPreferred: true };
    out.push({
      range: openRange,
      severity: 'error',
      code: 'pep723/unclosed-block',
      message: `${base} ${repair.cause}`,
      fixes: [fix, insertClosingFix(u, eol)],
    });
    for (const bad of repair.lines) {
      out.push({
        range: lineRange(bad.line, 0, bad.text.length),
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
    fixes: [{ ...insertClosingFix(u, eol), isPreferred: true }],
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
  first: NumberedLine,
): { title: string; cause: string; edits: TextEdit[]; lines: NumberedLine[] } | undefined {
  const bad: NumberedLine[] = [first];
  let next = first.next;
  let lineNo = first.line;
  for (let i = 0; i < LOOKAHEAD_LINES && next >= 0; i++) {
    const l = readLineAt(text, next);
    lineNo++;
    next = l.next;
    if (l.text === '# ///') {
      const edits = bad.map((b) => ({ range: lineRange(b.line, 0, b.text.length), newText: repairedText(b) }));
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

function insertClosingFix(u: UnclosedBlock, eol: string): QuickFix {
  const k = closingAfter(u);
  if (k < u.commentLines.length || u.breakLine) {
    const line = k < u.commentLines.length ? u.commentLines[k].scriptLine : u.breakLine!.line;
    return {
      title: `Insert the closing \`# ///\` before line ${line + 1}`,
      edits: [{ range: lineRange(line, 0, 0), newText: '# ///' + eol }],
    };
  }
  const last = u.commentLines[u.commentLines.length - 1];
  const line = last ? last.scriptLine : u.openLine;
  const character = last ? last.prefixLength + last.text.length : u.openColumn + SCRIPT_TAG.length;
  return {
    title: `Insert the closing \`# ///\` after line ${line + 1}`,
    edits: [{ range: lineRange(line, character, character), newText: eol + '# ///' }],
  };
}

/**
 * uv finds the header by searching for the first `# /// script` in the file; if that text is not a whole line of
 * its own, uv ignores the header. Near-misses (`# /// Script`, trailing spaces, indentation) get a fix when there
 * is no real block; a bad first occurrence that hides a real block later is reported as hiding it.
 */
function ignoredTagDiagnostics(text: string, primary: PrimaryBlock | undefined): CoreDiagnostic[] {
  const out: CoreDiagnostic[] = [];
  const counter = new LineCounter(text);
  if (primary) {
    const hit = text.indexOf(SCRIPT_TAG);
    if (hit >= 0 && hit < primary.block.start) {
      const ls = hit === 0 ? 0 : text.lastIndexOf('\n', hit - 1) + 1;
      const line = counter.lineAt(hit);
      const l = readLineAt(text, ls);
      out.push({
        range: lineRange(line, hit - ls, l.end - ls),
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
  // One regular-expression pass (anchored at line starts) rather than a look at every `///`: a large file may
  // hold millions of them.
  NEAR_MISS_LINE.lastIndex = 0;
  for (let m = NEAR_MISS_LINE.exec(text); m && out.length < 5; m = NEAR_MISS_LINE.exec(text)) {
    const l = readLineAt(text, m.index);
    const line = counter.lineAt(m.index);
    out.push(nearMissDiagnostic(text, l, line));
  }
  return out;
}

function nearMissDiagnostic(text: string, l: { start: number; end: number; next: number; text: string }, line: number): CoreDiagnostic {
  const t = l.text;
  const indent = /^[ \t]*/.exec(t)![0];
  let why: string;
  if (indent) why = 'it is indented';
  else if (/[ \t]$/.test(t)) why = 'it has trailing whitespace';
  else if (!t.includes('script')) why = 'the tag is case-sensitive (`script`, lowercase)';
  else why = 'it must read exactly `# /// script`';
  const edits: TextEdit[] = [{ range: lineRange(line, 0, t.length), newText: SCRIPT_TAG }];
  if (indent) {
    // The block's lines carry the same indentation: remove it from the comment lines that follow.
    let next = l.next;
    let n = line;
    while (next >= 0 && n - line < 1000) {
      const c = readLineAt(text, next);
      n++;
      if (!c.text.startsWith(indent + '#')) break;
      edits.push({ range: lineRange(n, 0, indent.length), newText: '' });
      next = c.next;
      if (c.text.slice(indent.length).trimEnd() === '# ///') break;
    }
  }
  return {
    range: lineRange(line, 0, t.length),
    severity: 'warning',
    code: 'pep723/ignored-tag',
    message:
      `uv ignores this metadata tag because ${why}, so the script runs without the dependencies declared here. ` +
      'Write the opening line as exactly `# /// script`.',
    fixes: [{ title: indent ? 'Remove the indentation from the block' : 'Replace with `# /// script`', edits, isPreferred: true }],
  };
}
