// `experiment-scripts` command-line entry: dispatches to the subcommands.
import { checkCommand } from './check';
import { runsCommand } from './runs';
import { metricsCommand } from './metrics';
import { launchCommand } from './launch';
import { cancelCommand } from './slurmJobs';
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
      return checkCommand(rest, io);
    case 'runs':
      return runsCommand(rest, io);
    case 'metrics':
      return metricsCommand(rest, io);
    case 'train':
    case 'eval':
    case 'plot':
      return launchCommand(sub, rest, io);
    case 'cancel':
      return cancelCommand(rest, io);
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
