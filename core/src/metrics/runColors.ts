// A colour per run that stays the same whenever the run is shown, so that de-risk is the same blue in every
// comparison: the run's place among the experiment's runs, oldest first, picks it from the palette (runs made one
// after another get colours that stand apart; a new run does not change the colour of older ones). A run whose
// place is not known falls back to a hash of its folder name. Runs shown together that would share a colour get
// the next free one, in the order given.

/** Ten colours that stay apart from each other and readable on light, dark and high-contrast backgrounds. */
export const RUN_PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#59a14f',
  '#b07aa1',
  '#76b7b2',
  '#edc948',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
] as const;

/** Colours for the runs named `dirNames`, in that order; `place`: each run's index among all runs, oldest first. */
export function runColors(dirNames: readonly string[], place: ReadonlyMap<string, number> = new Map()): string[] {
  const taken = new Set<number>();
  return dirNames.map((name) => {
    let index = (place.get(name) ?? hash(name)) % RUN_PALETTE.length;
    if (taken.size < RUN_PALETTE.length) {
      while (taken.has(index)) index = (index + 1) % RUN_PALETTE.length;
    }
    taken.add(index);
    return RUN_PALETTE[index];
  });
}

/** FNV-1a over the name's UTF-16 code units: stable across sessions and machines. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
