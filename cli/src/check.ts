// `experiment-scripts check [--format text|json] [--fix | --diff] PATH...`: the checks from a shell.
// Exit status: 0 no error, 1 some error diagnostic (or, with --diff, a change to make), 2 bad usage or a path that
// could not be read.
import type { CoreDiagnostic } from '#core/diagnostic';
import { loadPythonParser, PythonParser } from '#core/python/treeSitter';
import { parseArgs } from './args';
import { checkFile, FixMode } from './fixFiles';
import { findScripts } from './findScripts';
import { CliIo } from './io';
import { readScript } from './readScript';
import { escapeControlCharacters as shown } from '#core/text/controlCharacters';

const USAGE = 'usage: experiment-scripts check [--format text|json] [--fix | --diff] PATH...\n';

export interface FileReport {
  path: string;
  diagnostics: Pick<CoreDiagnostic, 'range' | 'severity' | 'code' | 'message'>[];
}

export async function checkCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs('check', USAGE, args, io, { flags: ['--fix', '--diff'] });
  if ('exitCode' in parsed) return parsed.exitCode;
  const { format, positional: paths, flags } = parsed;
  const mode: FixMode = flags.has('--diff') ? 'diff' : flags.has('--fix') ? 'fix' : 'check';
  let parser: PythonParser | undefined;
  try {
    parser = await loadPythonParser();
  } catch (err) {
    io.err(`experiment-scripts check: the Python parser could not be loaded, so imports are not checked: ${String(err)}\n`);
  }
  if (paths.length === 0) {
    io.err('experiment-scripts check: no PATH given\n' + USAGE);
    return 2;
  }

  const { files, problems, notes } = await findScripts(paths);
  let unreadable = problems.length > 0;
  for (const p of [...problems, ...notes]) {
    io.err(`experiment-scripts check: ${p.cannotRead ? 'cannot read ' : ''}${shown(p.path)}: ${shown(p.message)}\n`);
  }

  const reports: FileReport[] = [];
  let anyError = false;
  let wouldChange = false;
  for (const f of files) {
    const read = readScript(f.fsPath);
    if (!read.ok) {
      unreadable = true;
      io.err(`experiment-scripts check: ${shown(f.path)}: ${read.message}\n`);
      continue;
    }
    // A name that is not UTF-8 is shown with U+FFFD, which names no file: such a file is checked, never rewritten.
    const outcome = await checkFile(f.path, read.text, parser, typeof f.fsPath === 'string' ? mode : 'check');
    if (mode !== 'check' && typeof f.fsPath !== 'string') {
      io.err(`experiment-scripts check: ${shown(f.path)}: its name is not valid UTF-8; not changed\n`);
    }
    if (outcome.untouched) io.err(`experiment-scripts check: ${shown(f.path)}: ${shown(outcome.untouched)}\n`);
    if (outcome.diff) {
      wouldChange = true;
      io.out(outcome.diff);
    } else if (outcome.applied.length > 0) {
      io.err(`${shown(f.path)}: fixed ${outcome.applied.length} problem${outcome.applied.length === 1 ? '' : 's'}\n`);
      for (const a of outcome.applied) io.err(`  line ${a.line + 1}: [${a.code}] ${shown(a.title)}\n`);
    }
    const diagnostics = outcome.check.diagnostics.map(({ range, severity, code, message }) => ({ range, severity, code, message }));
    if (diagnostics.some((d) => d.severity === 'error')) anyError = true;
    reports.push({ path: f.path, diagnostics });
    // With --diff, the text output is the diff alone (as `patch` or `git apply` take it).
    if (format === 'text' && mode !== 'diff') {
      for (const d of diagnostics) {
        io.out(`${shown(f.path)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}[${d.code}] ${shown(d.message)}\n`);
      }
    }
  }
  if (format === 'json') io.out(JSON.stringify(reports, null, 2) + '\n');
  if (unreadable) return 2;
  return anyError || wouldChange ? 1 : 0;
}
