// The keys PEP 723 defines at the top of a `script` block, each described here and nowhere else: the checker
// warns about any other key, completion offers these, hover explains them.
import type { KeyDescription } from './uvSettings';

export interface ScriptKey extends KeyDescription {
  key: string;
}

export const SCRIPT_KEYS: readonly ScriptKey[] = [
  {
    key: 'requires-python',
    summary: 'The Python versions this script runs on, as a PEP 440 version specifier set such as `">=3.11"`.',
    details: 'uv picks (and if needed downloads) an interpreter that satisfies it before running the script.',
  },
  {
    key: 'dependencies',
    summary: 'The packages the script needs, as PEP 508 requirement strings such as `"numpy>=2"` or `"jax[cuda12]"`.',
    details: '`uv run` installs exactly these into a cached environment for the script; list only what the script imports.',
  },
  {
    key: 'tool',
    summary: 'Settings for individual tools, one table per tool (`[tool.uv]`, …).',
    details: 'PEP 723 reserves it for tools; what goes inside is not part of the standard.',
  },
];
