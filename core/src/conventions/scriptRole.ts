// What an experiment script is for, from its file name: `train.py` creates runs, `eval.py` and `plot_curves.py`
// work on one, `generate_data.py` makes synthetic data. Variants such as `train_small.py` or `eval-ood.py` count.

export type ScriptRole = 'train' | 'eval' | 'plot' | 'data';

export function scriptRole(fileName: string | undefined): ScriptRole | undefined {
  const base = (fileName ?? '').split(/[\\/]/).pop()!.toLowerCase();
  if (!base.endsWith('.py')) return undefined;
  if (/^train/.test(base)) return 'train';
  if (/^eval/.test(base)) return 'eval';
  if (/^plot/.test(base)) return 'plot';
  if (/^generate_data/.test(base)) return 'data';
  return undefined;
}
