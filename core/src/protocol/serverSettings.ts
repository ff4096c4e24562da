// The settings the language server follows, as a client sends them: at start in `initializationOptions`, later in
// `workspace/didChangeConfiguration` under `settings.experimentScripts`. Read leniently: a client may send anything.
import { isPlainObject } from '#core/isPlainObject';

/** What a client may put in `initializationOptions` besides its commands (see clientCommands.ts). */
export interface ServerSettingOptions {
  /** The `experimentScripts.trainScript` setting: the script whose folder is an experiment. */
  trainScript?: string;
}

/** `initializationOptions.trainScript`, when it is a string. */
export function trainScriptOption(initializationOptions: unknown): string | undefined {
  const value = isPlainObject(initializationOptions) ? initializationOptions.trainScript : undefined;
  return typeof value === 'string' ? value : undefined;
}

/**
 * The `experimentScripts` section of a configuration change, or undefined when the change does not carry it (a
 * client may send other settings): only a change that carries the section changes what the server follows.
 */
export function experimentScriptsSection(settings: unknown): ServerSettingOptions | undefined {
  const section = isPlainObject(settings) ? settings.experimentScripts : undefined;
  return isPlainObject(section) ? { trainScript: trainScriptOption(section) } : undefined;
}
