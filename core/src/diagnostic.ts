// Editor-agnostic diagnostics and fixes. Shapes match LSP (0-based lines, UTF-16 columns) so that the server,
// the CLI's JSON output and the tests can pass them through unchanged.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TextEdit {
  range: Range;
  newText: string;
}

/** One obvious repair for a diagnostic, offered as a quick fix. */
export interface QuickFix {
  title: string;
  edits: TextEdit[];
  /** The fix an editor may apply on "auto fix" (only when it is the one right repair). */
  isPreferred?: boolean;
}

export interface CoreDiagnostic {
  range: Range;
  severity: Severity;
  /** Stable kebab-case code grouped by source, e.g. `pep723/unclosed-block`, `pep508/invalid-requirement`. */
  code: string;
  message: string;
  fixes?: QuickFix[];
  /** Shown faded as unnecessary code (LSP's `DiagnosticTag.Unnecessary`), e.g. a dependency nothing uses. */
  unnecessary?: boolean;
}
