// analyzeScript: the whole PEP 723 check of one script, editor-agnostic. Everything it reports is in script
// coordinates (0-based lines, UTF-16 columns), ready for LSP, the CLI and tests.
import type { CoreDiagnostic, Position, Range } from '#core/diagnostic';
import { AST, parseToml } from '#core/toml/parser';
import { findTomlNodeAt, TomlLocation } from '#core/toml/nodeAt';
import { resolveToml, TomlTableView } from '#core/toml/tree';
import { BlockScan, findMetadataBlocks, MetadataBlock } from './blocks';
import { blockDiagnostics, PrimaryBlock } from './blockDiagnostics';
import { checkMetadata, ScriptMetadata } from './metadata';
import { conventionDiagnostics } from './conventions';
import { describeTomlError } from './tomlErrors';
import { LineIndex } from '#core/text/lineIndex';
import { snapToCharacters } from '#core/text/codePoints';

export interface AnalyzeOptions {
  /** The script's file name (e.g. `train.py`); enables the few checks that depend on the script's role. */
  fileName?: string;
}

export interface ScriptAnalysis {
  /** Every metadata block and unclosed opening in the file. */
  scan: BlockScan;
  /** The `script` block uv reads (the first `# /// script`), closed or not. */
  primary?: PrimaryBlock;
  /** The closed `script` block, when there is one. */
  block?: MetadataBlock;
  /** The parsed TOML payload (absent when there is no closed block or the TOML has a syntax error). */
  toml?: AST.TOMLProgram;
  /** The resolved key tree of the payload. */
  tree?: TomlTableView;
  /** The values uv would read, with their ranges. */
  metadata?: ScriptMetadata;
  /** All problems, sorted by position. */
  diagnostics: CoreDiagnostic[];
  /** Script range of a TOML node of `toml`. */
  rangeOf(node: { range: AST.Range }): Range;
  /** The TOML key/value at a script position, or undefined outside the block's payload (or when TOML is broken). */
  nodeAt(pos: Position): TomlLocation | undefined;
  /** Payload position (0-based line, column) of a script position, or undefined outside the payload. */
  toPayload(pos: Position): { line: number; column: number } | undefined;
  /** Script position of a payload position (0-based line, column). */
  toScript(line: number, column: number): Position;
}

const EMPTY_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * Checks the PEP 723 header of a Python script. Work is proportional to the header, plus native searches of the
 * whole text for `# ///` and `.argv`. Note for caches: every diagnostic depends only on the text up to the last
 * `# ///` line, except `conventions/sys-argv`, which looks at the code below the header.
 */
export function analyzeScript(text: string, options: AnalyzeOptions = {}): ScriptAnalysis {
  const scan = findMetadataBlocks(text, new LineIndex(text));
  const found = blockDiagnostics(text, scan);
  const diagnostics = [...found.diagnostics];
  const block = found.primary?.closed ? found.primary.block : undefined;

  let toml: AST.TOMLProgram | undefined;
  let tree: TomlTableView | undefined;
  let metadata: ScriptMetadata | undefined;
  if (block) {
    const parsed = parseToml(block.payload);
    if (parsed.ok) {
      toml = parsed.ast;
      tree = resolveToml(toml);
      const checked = checkMetadata(tree, block);
      metadata = checked.metadata;
      diagnostics.push(...checked.diagnostics);
      diagnostics.push(...conventionDiagnostics(text, block, metadata, options));
    } else {
      diagnostics.push(describeTomlError(parsed.error, block));
    }
  }

  diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  // One rule for every finding: a range never starts or ends between the two halves of a surrogate pair.
  for (const d of diagnostics) d.range = wholeCharacters(text, scan.lines, d.range);
  return {
    scan,
    primary: found.primary,
    block,
    toml,
    tree,
    metadata,
    diagnostics,
    rangeOf: (node) => (block ? block.map.nodeToScript(node) : EMPTY_RANGE),
    nodeAt: (pos) => {
      if (!block || !toml) return undefined;
      const offset = block.map.scriptToOffset(pos);
      return offset === undefined ? undefined : findTomlNodeAt(toml, offset);
    },
    toPayload: (pos) => block?.map.fromScript(pos),
    toScript: (line, column) => (block ? block.map.toScript(line, column) : { line: 0, character: 0 }),
  };
}

/** `range` widened to whole characters. */
function wholeCharacters(text: string, lines: LineIndex, range: Range): Range {
  const start = lines.offsetAt(range.start);
  const end = lines.offsetAt(range.end);
  const [s, e] = snapToCharacters(text, start, end);
  return s === start && e === end ? range : { start: lines.positionAt(s), end: lines.positionAt(e) };
}
