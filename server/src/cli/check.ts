import { CliIo } from './io';
// Placeholder until the checker lands: refuses to pretend it checked anything.
export async function checkCommand(_args: string[], io: CliIo): Promise<number> {
  io.err('experiment-scripts check: not implemented yet\n');
  return 2;
}
