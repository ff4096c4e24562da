// The options both subcommands take: `--format text|json` (or `--format=…`), `-h`/`--help`, and `--` before
// arguments that start with a dash. Everything else that starts with a dash is an unknown option.
import { CliIo } from './io';

export type OutputFormat = 'text' | 'json';

/** The parsed arguments, or the exit code when help was printed (0) or the usage was wrong (2, said on stderr). */
export type ParsedArgs = { format: OutputFormat; positional: string[]; flags: Set<string> } | { exitCode: number };

/** `flags`: the switches (such as `--fix`) this command takes besides `--format`. */
export function parseArgs(command: string, usage: string, args: string[], io: CliIo, flags: readonly string[] = []): ParsedArgs {
  let format: OutputFormat = 'text';
  const positional: string[] = [];
  const given = new Set<string>();
  let onlyPositional = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (onlyPositional) {
      positional.push(a);
    } else if (a === '--') {
      onlyPositional = true;
    } else if (a === '-h' || a === '--help') {
      io.out(usage);
      return { exitCode: 0 };
    } else if (a === '--format' || a.startsWith('--format=')) {
      const value = a === '--format' ? args[++i] : a.slice('--format='.length);
      if (value !== 'text' && value !== 'json') {
        io.err(`experiment-scripts ${command}: --format takes text or json${value === undefined ? '' : `, not '${value}'`}\n` + usage);
        return { exitCode: 2 };
      }
      format = value;
    } else if (flags.includes(a)) {
      given.add(a);
    } else if (a.startsWith('-') && a !== '-') {
      io.err(`experiment-scripts ${command}: unknown option '${a}'\n` + usage);
      return { exitCode: 2 };
    } else {
      positional.push(a);
    }
  }
  return { format, positional, flags: given };
}
