// A run that must fail: the harness starts it every time to prove that a failing test inside the extension host
// reaches it as a failing exit code (a harness that reported success regardless would hide every failure).
import { runSuitesIn } from '../../suite/index';

export function run(): Promise<void> {
  return runSuitesIn(__dirname);
}
