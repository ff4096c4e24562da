// The options every subcommand takes: `--format <format>` (or `--format=…`; which formats depends on the command),
// `-h`/`--help`, and `--` before arguments that start with a dash. Everything else that starts with a dash is an unknown option.
import { CliIo } from './io';

export type OutputFormat = 'text' | 'json' | 'csv';

/** The parsed arguments, or the exit code when help was printed (0) or the usage was wrong (2, said on stderr). */
export type ParsedArgs =
  { format: OutputFormat; positional: string[]; flags: Set<string>; values: Map<string, string[]> } | { exitCode: number };

/**
 * `formats`: the formats the command takes, the first being the default; `flags`: the switches (such as `--fix`) it
 * takes besides `--format`; `valued`: the options that take a value (`--on slurm` or `--on=slurm`), each value kept
 * in the order given. A value is data: it is never split or read by a shell.
 */
export function parseArgs(
  command: string,
  usage: string,
  args: string[],
  io: CliIo,
  options: { formats?: readonly OutputFormat[]; flags?: readonly string[]; valued?: readonly string[] } = {},
): ParsedArgs {
  const formats = options.formats ?? ['text', 'json'];
  const flags = options.flags ?? [];
  const valued = options.valued ?? [];
  let format: OutputFormat = formats[0];
  const positional: string[] = [];
  const given = new Set<string>();
  const values = new Map<string, string[]>();
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
      if (!formats.includes(value as OutputFormat)) {
        io.err(
          `experiment-scripts ${command}: --format takes ${formats.join(' or ')}${value === undefined ? '' : `, not '${value}'`}\n` + usage,
        );
        return { exitCode: 2 };
      }
      format = value as OutputFormat;
    } else if (flags.includes(a)) {
      given.add(a);
    } else if (valued.includes(a.split('=')[0]) && a.startsWith('--')) {
      const name = a.split('=')[0];
      const value = a.includes('=') ? a.slice(name.length + 1) : args[++i];
      if (value === undefined) {
        io.err(`experiment-scripts ${command}: ${name} needs a value\n` + usage);
        return { exitCode: 2 };
      }
      values.set(name, [...(values.get(name) ?? []), value]);
    } else if (a.startsWith('-') && a !== '-') {
      io.err(`experiment-scripts ${command}: unknown option '${a}'\n` + usage);
      return { exitCode: 2 };
    } else {
      positional.push(a);
    }
  }
  return { format, positional, flags: given, values };
}
