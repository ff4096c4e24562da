// `npm run bench`: runs every benchmark section in turn. A section is a module that exports
// `function run(): Promise<void> | void`; add one line to SECTIONS to add a section.
// `node out/bench/index.js 'metrics view'` (after `npm run build`): only the sections whose name holds an argument.
import { errorMessage } from '#core/errorMessage';

interface BenchSection {
  run(): Promise<void> | void;
}

// Loaded one at a time, so that one section's module cannot slow down another's start.
const SECTIONS: [name: string, load: () => Promise<BenchSection>][] = [
  ['language server', () => import('./server.js')],
  ['PEP 723 checker', () => import('./pep723.js')],
  ['pixi headers', () => import('./pixi.js')],
  ['run index', () => import('./runs.js')],
  ['run paths', () => import('./runPaths.js')],
  ['SLURM', () => import('./slurm.js')],
  ['imports', () => import('./imports.js')],
  ['metrics view', () => import('./metrics.js')],
];

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`Benchmarks (node ${process.version}, ${process.platform}/${process.arch}); times in milliseconds, each from one run.`);
  let failed = false;
  const only = process.argv.slice(2);
  for (const [name, load] of SECTIONS) {
    if (only.length > 0 && !only.some((word) => name.includes(word))) continue;
    try {
      await (await load()).run();
    } catch (err) {
      failed = true;
      console.error(`\nsection '${name}' failed: ${errorMessage(err, { stack: true })}`);
    }
  }
  console.log(`\nAll sections done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  if (failed) process.exitCode = 1;
}

void main();
