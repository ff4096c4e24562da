// `experiment-scripts check [--format text|json] PATH...`: the PEP 723 checks from a shell.
// Exit status: 0 no error, 1 some error diagnostic, 2 bad usage or a path that could not be read.
import * as path from 'node:path';
import type { CoreDiagnostic } from '#core/diagnostic';
import { analyzeScript } from '#core/pep723/analyze';
import { parseArgs } from './args';
import { findScripts } from './findScripts';
import { CliIo } from './io';
import { readScript } from './readScript';
import { escapeControlCharacters as shown } from '#core/text/controlCharacters';

const USAGE = 'usage: experiment-scripts check [--format text|json] PATH...\n';

export interface FileReport {
  path: string;
  diagnostics: Pick<CoreDiagnostic, 'range' | 'severity' | 'code' | 'message'>[];
}

export async function checkCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs('check', USAGE, args, io);
  if ('exitCode' in parsed) return parsed.exitCode;
  const { format, positional: paths } = parsed;
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
  for (const f of files) {
    const read = readScript(f.fsPath);
    if (!read.ok) {
      unreadable = true;
      io.err(`experiment-scripts check: ${shown(f.path)}: ${read.message}\n`);
      continue;
    }
    const analysis = analyzeScript(read.text, { fileName: path.basename(f.path) });
    const diagnostics = analysis.diagnostics.map(({ range, severity, code, message }) => ({ range, severity, code, message }));
    if (diagnostics.some((d) => d.severity === 'error')) anyError = true;
    reports.push({ path: f.path, diagnostics });
    if (format === 'text') {
      for (const d of diagnostics) {
        io.out(`${shown(f.path)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}[${d.code}] ${shown(d.message)}\n`);
      }
    }
  }
  if (format === 'json') io.out(JSON.stringify(reports, null, 2) + '\n');
  if (unreadable) return 2;
  return anyError ? 1 : 0;
}
