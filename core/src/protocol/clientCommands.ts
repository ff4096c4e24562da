// Commands that a client may implement and announce in `initializationOptions.clientCommands`; the server offers
// code actions that run them only to clients that announced them. The VS Code extension implements these.

/** Rewrites a file without its UTF-8 byte-order mark; argument: the document URI (string). */
export const REMOVE_BYTE_ORDER_MARK_COMMAND = 'experimentScripts.removeByteOrderMark';

/**
 * Locks a script's environment (`pixi lock --script` or `uv lock --script`); argument: the document URI (string).
 * The server shows a code lens with it on the `# /// script` line.
 */
export const LOCK_SCRIPT_ENVIRONMENT_COMMAND = 'experimentScripts.lockScriptEnvironment';

/** What a client puts in `initializationOptions` to announce the commands it implements. */
export interface ClientCommandOptions {
  clientCommands?: string[];
}

/** The commands announced in `initializationOptions`, ignoring anything malformed. */
export function announcedClientCommands(initializationOptions: unknown): Set<string> {
  const list = (initializationOptions as ClientCommandOptions | null | undefined)?.clientCommands;
  return new Set(Array.isArray(list) ? list.filter((c): c is string => typeof c === 'string') : []);
}
