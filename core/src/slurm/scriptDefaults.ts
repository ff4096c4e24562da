// SLURM defaults an experiment carries in its own script header, so that it stays self-contained:
//
//   # /// script
//   # dependencies = ["torch"]
//   #
//   # [tool.experiment-scripts.slurm]
//   # partition = "gpu"
//   # gpus = 1
//   # time = "4:00:00"
//   # ///
//
// uv reads only `[tool.uv]` of a script's `tool` table and ignores every other tool's table (PEP 723 leaves
// `[tool.*]` to each tool), so this table never changes how uv runs the script, and the header checker reports
// nothing in it.
import type { CoreDiagnostic } from '#core/diagnostic';
import { closestWord } from '#core/pep723/similar';
import type { ScriptAnalysis } from '#core/pep723/analyze';
import { describeView, memberAt, TomlMember } from '#core/toml/tree';
import { checkSlurmOptions, SlurmOptions } from './slurmOptions';

export const SLURM_TABLE_PATH = ['tool', 'experiment-scripts', 'slurm'] as const;

type KeyKind = 'string' | 'count' | 'size' | 'duration' | 'string-array' | 'gpu-flag';

/** The table's keys: TOML spelling, the option it sets, the kind of value it takes, and what it means. */
export const SLURM_TABLE_KEYS: readonly { key: string; option: keyof SlurmOptions; kind: KeyKind; summary: string }[] = [
  { key: 'partition', option: 'partition', kind: 'string', summary: 'The partition (sbatch `--partition`).' },
  { key: 'gpus', option: 'gpus', kind: 'count', summary: 'GPUs per job; 0 asks for none.' },
  { key: 'gpu-type', option: 'gpuType', kind: 'string', summary: 'A GPU type, e.g. `a100` (`--gres=gpu:a100:N`).' },
  {
    key: 'gpu-option',
    option: 'gpuFlag',
    kind: 'gpu-flag',
    summary: '`gres` asks for GPUs with `--gres=gpu:N` (the default), `gpus` with `--gpus=N`.',
  },
  { key: 'cpus', option: 'cpus', kind: 'count', summary: 'CPUs per task (`--cpus-per-task`).' },
  { key: 'memory', option: 'memory', kind: 'size', summary: 'Memory per node (`--mem`), e.g. `"32G"`; a number is megabytes.' },
  { key: 'time', option: 'time', kind: 'duration', summary: 'Time limit (`--time`), e.g. `"4:00:00"` or `"1-12"`; a number is minutes.' },
  { key: 'account', option: 'account', kind: 'string', summary: 'The account charged (`--account`).' },
  { key: 'qos', option: 'qos', kind: 'string', summary: 'The quality of service (`--qos`).' },
  {
    key: 'sbatch-args',
    option: 'extraArgs',
    kind: 'string-array',
    summary: 'Further sbatch arguments, one string each, e.g. `["--constraint=a100"]`.',
  },
];

export interface ScriptSlurmDefaults {
  options: SlurmOptions;
  /** Values that were ignored, with where they are in the script: warnings, never errors (uv ignores the table). */
  problems: CoreDiagnostic[];
}

/** Reads `[tool.experiment-scripts.slurm]` from an analysed script; no table gives no options and no problems. */
export function readScriptSlurmDefaults(analysis: Pick<ScriptAnalysis, 'tree' | 'rangeOf'>): ScriptSlurmDefaults {
  const out: ScriptSlurmDefaults = { options: {}, problems: [] };
  const table = analysis.tree ? memberAt(analysis.tree, SLURM_TABLE_PATH) : undefined;
  if (!table) return out;
  const warn = (member: TomlMember, message: string, onKey = false) =>
    out.problems.push({
      range: analysis.rangeOf(onKey ? member.keyNode : member.value.anchor),
      severity: 'warning',
      code: 'slurm/invalid-default',
      message,
    });
  if (table.value.kind !== 'table') {
    warn(table, `\`tool.experiment-scripts.slurm\` must be a table of SLURM defaults, not ${describeView(table.value)}; it is ignored.`);
    return out;
  }
  const names = SLURM_TABLE_KEYS.map((k) => k.key);
  for (const [key, member] of table.value.entries) {
    const spec = SLURM_TABLE_KEYS.find((k) => k.key === key);
    if (!spec) {
      const guess = closestWord(key, names);
      warn(
        member,
        `\`${key}\` is not a SLURM default${guess ? `; did you mean \`${guess}\`?` : `. The keys are ${names.map((n) => `\`${n}\``).join(', ')}.`}`,
        true,
      );
      continue;
    }
    const value = readValue(member, spec.kind);
    if (typeof value === 'object' && 'problem' in value) {
      warn(member, `\`${key}\` ${value.problem}; it is ignored.`);
      continue;
    }
    // The same checks as at launch, so that a bad value is pointed at where it is written.
    const problems = checkSlurmOptions({ [spec.option]: value });
    if (problems.length > 0) warn(member, `${problems.join(' ')} (\`${key}\` is ignored.)`);
    else (out.options as Record<string, unknown>)[spec.option] = value;
  }
  return out;
}

function readValue(member: TomlMember, kind: KeyKind): string | number | string[] | { problem: string } {
  const v = member.value;
  const scalar = v.kind === 'scalar' ? v.node : undefined;
  // A number in the wrong range is quoted; anything else is named by its kind.
  const shown = scalar && (scalar.kind === 'integer' || scalar.kind === 'float') ? String(scalar.value) : describeView(v);
  const wrong = (what: string) => ({ problem: `must be ${what}, not ${shown}` });
  switch (kind) {
    case 'string':
      return scalar?.kind === 'string' ? scalar.value : wrong('a string');
    case 'gpu-flag':
      if (scalar?.kind === 'string' && (scalar.value === 'gres' || scalar.value === 'gpus')) return scalar.value;
      return { problem: 'must be "gres" or "gpus"' };
    case 'count':
      return scalar?.kind === 'integer' && scalar.value >= 0 ? scalar.value : wrong('a whole number from 0 up');
    case 'size':
    case 'duration':
      if (scalar?.kind === 'string') return scalar.value;
      if (scalar?.kind === 'integer' && scalar.value >= 0) return String(scalar.value);
      return wrong(kind === 'size' ? 'a size such as "32G"' : 'a time such as "4:00:00"');
    case 'string-array':
      if (v.kind === 'array' && !v.ofTables && v.items.every((i) => i.kind === 'scalar' && i.node.kind === 'string')) {
        return v.items.map((i) => (i.kind === 'scalar' && i.node.kind === 'string' ? i.node.value : ''));
      }
      return wrong('an array of strings');
  }
}
