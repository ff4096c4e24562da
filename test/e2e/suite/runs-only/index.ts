// Loader for the suites that run in a folder whose only experiment trace is a runs/ folder (the harness makes one).
import { runSuitesIn } from '../index';

export function run(): Promise<void> {
  return runSuitesIn(__dirname);
}
