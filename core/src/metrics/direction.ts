// Which way a metric improves, guessed from its name, so that the summary can say which value was the best: down for
// losses, errors and times, up for accuracies and scores. Only a guess: the panel shows it and lets it be switched,
// and a name that matches no rule gets no best value until someone says which way it goes.

export type Direction = 'min' | 'max';

/** Name parts of metrics that are better lower. */
const LOWER = new Set([
  'loss',
  'error',
  'err',
  'mse',
  'mae',
  'rmse',
  'nll',
  'perplexity',
  'ppl',
  'wer',
  'cer',
  'time',
  'latency',
  'regret',
]);
/** Name parts of metrics that are better higher (besides anything starting with `acc`). */
const HIGHER = new Set(['f1', 'auc', 'precision', 'recall', 'score', 'iou', 'dice', 'bleu']);

/** The direction a metric named `key` improves in, or undefined when its name says nothing. */
export function directionOf(key: string): Direction | undefined {
  // `val_loss`, `train/accuracy`, `lossEMA`, `top1-acc` → their parts, the last one first: `loss_scale` is not a loss.
  const parts = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .reverse();
  for (const part of parts) {
    if (LOWER.has(part)) return 'min';
    if (HIGHER.has(part) || part.startsWith('acc') || /^top\d*acc/.test(part)) return 'max';
  }
  return undefined;
}
