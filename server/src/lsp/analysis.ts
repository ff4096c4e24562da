// What the server keeps per document version: the core's analysis of the header, its diagnostics, and what an
// edit below the header would have to touch to change them (see analysisCache.ts).
import type { CoreDiagnostic, Range } from '#core/diagnostic';
import type { ScriptAnalysis } from '#core/pep723/index';
import { checkScript, ScriptCheck } from '#core/check/checkScript';
import type { Reusable } from './analysisCache';
import { countLineBreaks } from '#core/text/lineIndex';
import type { ScriptContexts } from './scriptContext';

export interface ServerAnalysis extends Reusable {
  /** The core's analysis of the header; its positions stay valid while the cache keeps it. */
  script: ScriptAnalysis;
  /** The whole check (header, imports, conventions); its code facts lie above every edit the cache lets through. */
  check: ScriptCheck;
  /** The diagnostics at the document's current positions (those below the header shift with edits). */
  diagnostics: CoreDiagnostic[];
}

/**
 * `///` opens and closes blocks; `sys.argv` is what the one body-wide convention hint looks for; `import` and
 * `runs` are what make a statement worth parsing (see core/src/python/codeScan.ts).
 */
const SENSITIVE_WORDS = ['///', 'sys.argv', 'import', 'runs'];

/** Checks a document with what the server knows about its surroundings (parser, folder, runs). */
export function analyzerFor(contexts: ScriptContexts | undefined): (text: string, uri: string) => ServerAnalysis {
  return (text, uri) => {
    const folder = contexts?.folderOf(uri);
    const check = checkScript(text, {
      fileName: fileNameOf(uri),
      reader: contexts?.reader,
      localModules: folder?.localModules,
      inExperiment: folder?.experimentDir !== undefined,
      runs: folder?.runs,
      pixiManifest: folder?.pixiManifest,
      driverCuda: contexts?.driverCudaGiven,
    });
    const script = check.analysis;
    // The code was read up to the statement after the last import or `runs` string: edits below it that bring
    // neither cannot change what was read.
    const codeLine = check.code ? countLineBreaks(text, check.code.readUpTo) : -1;
    // An unclosed block's findings, and an ignored tag's fix, look at the lines after it (to propose a repair):
    // recompute on every edit.
    const readsBelow = script.scan.unclosed.length > 0 || script.diagnostics.some((d) => d.code === 'pep723/ignored-tag');
    return {
      script,
      check,
      diagnostics: check.diagnostics,
      dependsOnLinesUpTo: readsBelow ? undefined : Math.max(lastTagLine(text), codeLine),
      sensitiveWords: SENSITIVE_WORDS,
    };
  };
}

/** The header check alone, for callers without a parser. */
export const analyzeForServer = analyzerFor(undefined);

export function shiftAnalysis(analysis: ServerAnalysis, fromLine: number, delta: number): ServerAnalysis {
  const moveRange = (r: Range): Range =>
    r.start.line < fromLine
      ? r
      : {
          start: { line: r.start.line + delta, character: r.start.character },
          end: { line: r.end.line + delta, character: r.end.character },
        };
  const diagnostics = analysis.diagnostics.map((d) =>
    d.range.start.line < fromLine
      ? d
      : {
          ...d,
          range: moveRange(d.range),
          fixes: d.fixes?.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, range: moveRange(e.range) })) })),
        },
  );
  return { ...analysis, diagnostics };
}

function fileNameOf(uri: string): string | undefined {
  const last = uri.split(/[\\/]/).pop();
  if (!last) return undefined;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/**
 * Line of the last `///` in the text, or -1. Blocks open and close on `///` lines, so text below the last one
 * cannot join, break or form a block unless an edit brings a `///` (which the cache checks for).
 */
export function lastTagLine(text: string): number {
  const at = text.lastIndexOf('///');
  if (at < 0) return -1;
  return countLineBreaks(text, at);
}
