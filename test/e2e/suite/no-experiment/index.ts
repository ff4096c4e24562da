// Loader for the suites that run in a folder with no experiment and no Python file (the harness makes one).
import { runSuitesIn } from '../index';

export function run(): Promise<void> {
  return runSuitesIn(__dirname);
}
