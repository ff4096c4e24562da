// The UTF-8 byte-order mark seen from the file's bytes. uv reads bytes, so a BOM before `# /// script` hides the
// header from it. The checker sees a BOM when it is in the text (U+FEFF, as the CLI reads files), but editors such
// as VS Code strip it from the text they show and keep it as the file's encoding instead; then only the bytes on
// disk tell, and the same warning is built here from an analysis of the text without the BOM.
import type { CoreDiagnostic } from '#core/diagnostic';
import type { ScriptAnalysis } from './analyze';

/** How a UTF-8 file starts when it has a byte-order mark. */
export const UTF8_BOM_BYTES: readonly number[] = [0xef, 0xbb, 0xbf];

export const BOM_DIAGNOSTIC_CODE = 'pep723/bom';

export const BOM_MESSAGE =
  'The file starts with a UTF-8 byte-order mark, so uv does not see `# /// script` at the start of a line: ' +
  'it ignores this header and runs the script without its dependencies. Save the file as UTF-8 without BOM.';

const SCRIPT_TAG = '# /// script';

export function startsWithUtf8Bom(bytes: ArrayLike<number>): boolean {
  return bytes.length >= 3 && bytes[0] === UTF8_BOM_BYTES[0] && bytes[1] === UTF8_BOM_BYTES[1] && bytes[2] === UTF8_BOM_BYTES[2];
}

/**
 * The `pep723/bom` warning for a file whose bytes start with a BOM that is not in `script`'s text. Undefined when
 * the BOM hides nothing (the header does not open the file) or when the text holds the BOM itself (the checker
 * then reports it, with a text edit that removes it). It carries no text fix: the BOM is not in the text, so
 * only rewriting the file (or saving it in another encoding) removes it.
 */
export function hiddenBomDiagnostic(script: ScriptAnalysis): CoreDiagnostic | undefined {
  if (script.scan.hasBom) return undefined;
  const block = script.primary?.block;
  if (!block || block.openLine !== 0 || block.openColumn !== 0) return undefined;
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: SCRIPT_TAG.length } },
    severity: 'warning',
    code: BOM_DIAGNOSTIC_CODE,
    message: BOM_MESSAGE,
  };
}
