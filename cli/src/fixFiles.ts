// Checking one file for `check`, and `--fix` / `--diff`: the safe fixes (core/src/check/applyFixes.ts) applied to
// the file's text, then written back atomically — a temporary file beside it, renamed over it, with the file's
// permissions — or printed as a unified diff. Line endings and the encoding (UTF-8, byte-order mark included)
// are the file's own, since only the edited lines change. A file is never touched when it cannot be parsed
// (Python syntax errors), or when it is not a plain file of its own (a link, a file with other hard links).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createTwoFilesPatch } from 'diff';
import { applySafeFixes, AppliedFix } from '#core/check/applyFixes';
import { checkScript, ScriptCheck } from '#core/check/checkScript';
import { readScriptFolder } from '#core/check/scriptFolder';
import type { PythonParser } from '#core/python/treeSitter';
import { PythonCodeReader } from '#core/python/readCode';

export type FixMode = 'check' | 'fix' | 'diff';

export interface FileOutcome {
  check: ScriptCheck;
  /** The fixes applied (or, with `--diff`, that would be). */
  applied: AppliedFix[];
  /** The unified diff (`--diff`), empty when nothing would change. */
  diff?: string;
  /** Why the file was left alone although fixes were asked for. */
  untouched?: string;
}

export async function checkFile(file: string, text: string, parser: PythonParser | undefined, mode: FixMode): Promise<FileOutcome> {
  const folder = await readScriptFolder(file);
  const reader = parser ? new PythonCodeReader(parser) : undefined;
  const run = (t: string) =>
    checkScript(t, {
      fileName: path.basename(file),
      reader,
      localModules: folder.localModules,
      inExperiment: folder.experimentDir !== undefined,
      runs: folder.runs,
      pixiManifest: folder.pixiManifest,
    });
  if (mode === 'check') return { check: run(text), applied: [] };
  const syntax = parser ? syntaxErrorLine(parser, text) : undefined;
  if (syntax !== undefined) {
    return { check: run(text), applied: [], untouched: `Python syntax error at line ${syntax + 1}; not changed` };
  }
  const result = applySafeFixes(text, run);
  if (result.applied.length === 0) return { check: result.check, applied: [], diff: mode === 'diff' ? '' : undefined };
  if (mode === 'diff') {
    return { check: result.check, applied: result.applied, diff: createTwoFilesPatch(`a/${file}`, `b/${file}`, text, result.text, '', '') };
  }
  const refused = await writeAtomically(file, result.text);
  if (refused) return { check: run(text), applied: [], untouched: refused };
  return { check: result.check, applied: result.applied };
}

/** The first line with a syntax error, as tree-sitter reads the whole file; undefined when there is none. */
function syntaxErrorLine(parser: PythonParser, text: string): number | undefined {
  const tree = parser.parse(text);
  if (!tree) return 0;
  try {
    if (!tree.rootNode.hasError) return undefined;
    const cursor = tree.walk();
    try {
      // Depth-first to the first ERROR or MISSING node.
      for (;;) {
        const node = cursor.currentNode;
        if (node.isError || node.isMissing) return node.startPosition.row;
        if (node.hasError && cursor.gotoFirstChild()) continue;
        while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return 0;
      }
    } finally {
      cursor.delete();
    }
  } finally {
    tree.delete();
  }
}

/** Replaces the file's content through a temporary file and a rename; a reason when it refuses to. */
async function writeAtomically(file: string, text: string): Promise<string | undefined> {
  const stat = await fs.lstat(file);
  if (stat.isSymbolicLink()) return 'a symbolic link; not changed';
  if (!stat.isFile()) return 'not a regular file; not changed';
  if (stat.nlink > 1) return 'has other hard links, which a rewrite would separate; not changed';
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    // `wx`: never write through something that appeared at the temporary name.
    await fs.writeFile(temp, text, { encoding: 'utf8', mode: stat.mode & 0o7777, flag: 'wx' });
    await fs.rename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    return `could not be written (${err instanceof Error ? err.message : String(err)}); not changed`;
  }
  return undefined;
}
