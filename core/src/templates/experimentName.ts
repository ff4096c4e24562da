// The name of a new experiment becomes a folder name, a pixi workspace name and part of command lines shown in its
// README: the same strict rule as run names, plus the names Windows cannot give a folder.
import { validateDescriptiveName } from '#core/runs/runName';

/** Names Windows reserves for devices, with or without an extension (`nul.txt` is as bad as `nul`). */
const WINDOWS_DEVICE_NAMES = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;

/** Folder names that mean something else to the tools around an experiment. */
const RESERVED_FOLDERS = new Set(['runs', 'node_modules', 'site-packages', '__pycache__']);

/** An error message for a typed experiment name, or undefined when the name can become a folder. */
export function validateExperimentName(name: string): string | undefined {
  if (name.length === 0) return 'Enter a name for the experiment folder, e.g. mnist-baseline.';
  const problem = validateDescriptiveName(name);
  if (problem) return problem;
  if (WINDOWS_DEVICE_NAMES.test(name)) return `"${name}" is a device name on Windows and cannot be a folder there.`;
  if (name.endsWith('.')) return 'The name must not end with "." (Windows drops it).';
  if (RESERVED_FOLDERS.has(name.toLowerCase())) return `"${name}" is a folder name the tools treat specially; choose another.`;
  return undefined;
}
