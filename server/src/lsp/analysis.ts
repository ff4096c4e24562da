// What the server keeps per document version: the core's diagnostics, plus how far down the file they depend on.
import type { CoreDiagnostic } from '../core/diagnostic';
import { findMetadataBlocks } from '../core/pep723/blocks';
import { blockDiagnostics } from '../core/pep723/blockDiagnostics';
import type { Reusable } from './analysisCache';

export interface ServerAnalysis extends Reusable {
  diagnostics: CoreDiagnostic[];
}

export function analyzeForServer(text: string): ServerAnalysis {
  const scan = findMetadataBlocks(text);
  const findings = blockDiagnostics(text, scan);
  return {
    diagnostics: findings.diagnostics,
    dependsOnLinesUpTo: scan.unclosed.length > 0 ? undefined : lastTagLine(text),
  };
}

/**
 * Line of the last `///` in the text, or -1. Blocks open and close on `///` lines, so text below the last one
 * cannot join, break or form a block unless an edit brings a `///` (which the cache checks for).
 */
export function lastTagLine(text: string): number {
  const at = text.lastIndexOf('///');
  if (at < 0) return -1;
  // Lines as the editor counts them (`\r\n`, `\r` or `\n`), since edits arrive in those coordinates.
  let line = 0;
  for (let i = 0; i < at; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}
