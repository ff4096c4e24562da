import { CliIo } from './io';
// Placeholder until the run index lands: refuses to pretend it listed anything.
export async function runsCommand(_args: string[], io: CliIo): Promise<number> {
  io.err('experiment-scripts runs: not implemented yet\n');
  return 2;
}
