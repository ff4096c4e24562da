// Which script each launch runs: settings trainScript / evalScript / plotScript. A blank value means the default, as
// the Run Explorer already reads it when it recognises a run's process by its train script.
import { LaunchKind } from './taskName';

export interface ScriptSetting {
  /** The setting's key under `experimentScripts.`. */
  key: 'trainScript' | 'evalScript' | 'plotScript';
  /** The script used when the setting is unset or blank (the defaults of package.json). */
  fallback: string;
}

export const SCRIPT_SETTINGS: Readonly<Record<LaunchKind, ScriptSetting>> = {
  train: { key: 'trainScript', fallback: 'train.py' },
  eval: { key: 'evalScript', fallback: 'eval.py' },
  plot: { key: 'plotScript', fallback: 'plot_curves.py' },
};

/** The script file for `kind` given the setting's value (anything a settings file may hold). */
export function scriptFileFor(kind: LaunchKind, configured: unknown): string {
  const value = typeof configured === 'string' ? configured.trim() : '';
  return value === '' ? SCRIPT_SETTINGS[kind].fallback : value;
}
