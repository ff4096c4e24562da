// Output sinks for the CLI, so that tests can capture them.
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const nodeIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};
