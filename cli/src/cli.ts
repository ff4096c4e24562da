// `experiment-scripts` command-line entry: dispatches to the subcommands. Each is loaded when it is asked for, so
// that `runs` does not pay for loading the TOML parser and the checks at start-up.
import { CliIo, nodeIo } from './io';
import { errorMessage } from '#core/errorMessage';

const USAGE = `usage: experiment-scripts check [--format text|json] PATH...
       experiment-scripts runs [--format text|json] EXPERIMENT_DIR
       experiment-scripts metrics [--format csv|json] RUN_DIR...
       experiment-scripts train NAME [--on local|slurm] [--gpu auto|none|0,1] [--runner uv|pixi|python] [--python PATH] [--wait] EXPERIMENT_DIR
       experiment-scripts eval|plot [options] RUN_DIR
       experiment-scripts cancel RUN_DIR
(experiment-scripts train --help lists every launch option)`;

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'check':
      return (await import('./check.js')).checkCommand(rest, io);
    case 'runs':
      return (await import('./runs.js')).runsCommand(rest, io);
    case 'metrics':
      return (await import('./metrics.js')).metricsCommand(rest, io);
    case 'train':
    case 'eval':
    case 'plot':
      return (await import('./launch.js')).launchCommand(sub, rest, io);
    case 'cancel':
      return (await import('./slurmJobs.js')).cancelCommand(rest, io);
    case '-h':
    case '--help':
      io.out(USAGE + '\n');
      return 0;
    default:
      io.err((sub ? `unknown command '${sub}'\n` : '') + USAGE + '\n');
      return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), nodeIo).then(
    (code) => (process.exitCode = code),
    (err) => {
      process.stderr.write(`experiment-scripts: ${errorMessage(err)}\n`);
      process.exitCode = 2;
    },
  );
}
