// Where one launch goes. With `experimentScripts.launchOn` at `local` (the default) a launch runs on this machine
// without a question, as it always has; at `slurm` each launch asks: on SLURM with the options in effect (the
// settings, then the script's own `[tool.experiment-scripts.slurm]` table), on SLURM with options changed for this
// launch only, or on this machine.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readScriptText } from '#core/launch/scriptHeader';
import { slurmOptionsFor } from '#core/launch/slurmDecision';
import type { LaunchKind } from '#core/launch/taskName';
import { checkSlurmOptions, SlurmOptions } from '#core/slurm/slurmOptions';
import type { Prompts } from '#client/prompts';
import { launchOnSetting, scriptSetting, slurmSettings } from '#client/settings';
import { escapeIconSyntax } from '#core/text/iconSyntax';

export type LaunchWhere = { on: 'local' } | { on: 'slurm'; options?: SlurmOptions };

const WHAT: Record<LaunchKind, string> = { train: 'Train', eval: 'Evaluate Run', plot: 'Plot Run' };

/** Asks where the launch goes when the settings say SLURM; undefined when the question was dismissed. */
export async function chooseWhere(prompts: Prompts, kind: LaunchKind, experimentDir: string): Promise<LaunchWhere | undefined> {
  const uri = vscode.Uri.file(experimentDir);
  if (launchOnSetting(uri) === 'local') return { on: 'local' };
  const { script } = scriptSetting(kind, uri);
  const { options } = slurmOptionsFor(readScriptText(path.join(experimentDir, script)), slurmSettings(uri), undefined);
  const items = [
    { label: '$(cloud-upload) On SLURM', description: escapeIconSyntax(describeOptions(options)), where: 'slurm' as const },
    { label: '$(settings) On SLURM with other options…', description: 'for this launch only', where: 'edit' as const },
    { label: '$(vm) On this machine', description: 'on a GPU of this machine, as a task', where: 'local' as const },
  ];
  const chosen = await prompts.quickPick(items, { title: `${WHAT[kind]}: where?`, placeHolder: 'Where should this run go?' });
  if (!chosen) return undefined;
  if (chosen.where === 'local') return { on: 'local' };
  if (chosen.where === 'slurm') return { on: 'slurm' };
  const edited = await editOptions(prompts, kind, options);
  return edited && { on: 'slurm', options: edited };
}

/** `partition gpu · 1 GPU · 8 CPUs · 32G · 4:00:00`, or what applies when nothing is set. */
export function describeOptions(o: SlurmOptions): string {
  const parts: string[] = [];
  if (o.partition) parts.push(`partition ${o.partition}`);
  if (o.gpus) parts.push(`${o.gpus}${o.gpuType ? ` ${o.gpuType}` : ''} GPU${o.gpus === 1 ? '' : 's'}`);
  if (o.cpus) parts.push(`${o.cpus} CPU${o.cpus === 1 ? '' : 's'}`);
  if (o.memory) parts.push(o.memory);
  if (o.time) parts.push(o.time);
  if (o.account) parts.push(`account ${o.account}`);
  if (o.qos) parts.push(`QOS ${o.qos}`);
  if (o.extraArgs?.length) parts.push(o.extraArgs.join(' '));
  return parts.length > 0 ? parts.join(' · ') : "the cluster's defaults";
}

type TextKey = 'partition' | 'gpuType' | 'memory' | 'time' | 'account' | 'qos';
type Field =
  | { key: TextKey; label: string; hint: string }
  | { key: 'gpus' | 'cpus'; label: string; hint: string }
  | { key: 'extraArgs'; label: string; hint: string };

const FIELDS: readonly Field[] = [
  { key: 'partition', label: 'Partition', hint: 'e.g. gpu; empty: the cluster’s default' },
  { key: 'gpus', label: 'GPUs', hint: 'GPUs per job, e.g. 1; 0 asks for none' },
  { key: 'gpuType', label: 'GPU type', hint: 'e.g. a100; empty: any' },
  { key: 'cpus', label: 'CPUs', hint: 'CPUs per task, e.g. 8' },
  { key: 'memory', label: 'Memory', hint: 'e.g. 32G or 16000M' },
  { key: 'time', label: 'Time limit', hint: 'e.g. 30 (minutes), 4:00:00, 1-12 (days-hours)' },
  { key: 'account', label: 'Account', hint: 'the account charged' },
  { key: 'qos', label: 'QOS', hint: 'the quality of service' },
  { key: 'extraArgs', label: 'Add an sbatch argument…', hint: 'one argument, e.g. --constraint=a100' },
];

/** The options for one launch, one field at a time, each checked as the launch will check it; undefined when dismissed. */
async function editOptions(prompts: Prompts, kind: LaunchKind, start: SlurmOptions): Promise<SlurmOptions | undefined> {
  let options: SlurmOptions = { ...start, ...(start.extraArgs ? { extraArgs: [...start.extraArgs] } : {}) };
  for (;;) {
    const items = [
      { label: '$(check) Submit', description: escapeIconSyntax(describeOptions(options)), field: undefined as Field | undefined },
      ...FIELDS.map((field) => ({ label: field.label, description: escapeIconSyntax(shown(options, field)), field })),
    ];
    const chosen = await prompts.quickPick(items, {
      title: `${WHAT[kind]} on SLURM: options for this launch`,
      placeHolder: 'Change an option, or Submit',
    });
    if (!chosen) return undefined;
    if (!chosen.field) return options;
    const field = chosen.field;
    const value = await prompts.inputBox({
      title: `${WHAT[kind]} on SLURM: ${field.label.replace(/…$/, '')}`,
      prompt: field.hint,
      value: field.key === 'extraArgs' ? '' : shown(options, field),
      validateInput: (text) => {
        const next = withField(options, field, text);
        return typeof next === 'string' ? next : checkSlurmOptions(next)[0];
      },
    });
    if (value === undefined) continue;
    const next = withField(options, field, value);
    if (typeof next !== 'string' && checkSlurmOptions(next).length === 0) options = next;
  }
}

function shown(o: SlurmOptions, field: Field): string {
  if (field.key === 'extraArgs') return o.extraArgs?.join(' ') ?? '';
  const v = o[field.key];
  return v === undefined ? '' : String(v);
}

/** The options with one field set from typed text (empty text unsets it); a message when the text is not a value. */
function withField(o: SlurmOptions, field: Field, text: string): SlurmOptions | string {
  const next: SlurmOptions = { ...o };
  const value = text.trim();
  switch (field.key) {
    case 'gpus':
    case 'cpus':
      if (value === '') delete next[field.key];
      else if (/^\d+$/.test(value)) next[field.key] = Number(value);
      else return `${field.label}: a whole number, such as 1.`;
      return next;
    case 'extraArgs':
      // One argument as typed, never split: a value with spaces stays one argument.
      if (value === '') return next;
      next.extraArgs = [...(o.extraArgs ?? []), text];
      return next;
    default:
      if (value === '') delete next[field.key];
      else next[field.key] = value;
      return next;
  }
}
