// What a caught value says, for a message or a log line: thrown values need not be Errors.

/** The error's message (or its stack, when asked and known); anything else thrown, as a string. */
export function errorMessage(err: unknown, options: { stack?: boolean } = {}): string {
  if (!(err instanceof Error)) return String(err);
  return options.stack ? (err.stack ?? err.message) : err.message;
}
