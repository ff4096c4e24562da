// Starts the test cluster (cluster.sh) for a test file and stops it afterwards, by the pids cluster.sh recorded.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const SCRIPT = path.join(__dirname, '..', '..', '..', 'test', 'slurm', 'cluster.sh');

export interface TestCluster {
  dir: string;
  /** SLURM_CONF for every client command. */
  conf: string;
  stop(): void;
}

/** Why the cluster tests cannot run here, or undefined when they can. */
export function clusterUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'the test cluster runs on Linux only';
  if (process.getuid?.() !== 0) return 'the test cluster runs its daemons as root';
  return undefined;
}

export function startCluster(): TestCluster {
  const out = execFileSync(SCRIPT, ['start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 120_000 });
  const vars = new Map(
    out
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  const dir = vars.get('SLURM_CLUSTER_DIR');
  const conf = vars.get('SLURM_CONF');
  if (!dir || !conf) throw new Error(`cluster.sh start printed no SLURM_CONF: ${out}`);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    execFileSync(SCRIPT, ['stop', dir], { stdio: 'inherit', timeout: 120_000 });
  };
  // Also when the test process is interrupted or a test throws past its hooks.
  process.on('exit', stop);
  return { dir, conf, stop };
}
