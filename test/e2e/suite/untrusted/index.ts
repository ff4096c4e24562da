// Loader for the suites that run in a folder opened without Workspace Trust (the harness turns trust on for that run).
import { runSuitesIn } from '../index';

export function run(): Promise<void> {
  return runSuitesIn(__dirname);
}
