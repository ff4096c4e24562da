// `npm run bench`: runs every benchmark section in turn. A section is a module that exports
// `async function run(): Promise<void>`; add one line to SECTIONS to add a section.

interface BenchSection {
  run(): Promise<void>;
}

// Loaded one at a time, so that one section's module cannot slow down another's start (hence require, not import).
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-unsafe-return */
const SECTIONS: [name: string, load: () => BenchSection][] = [
  ['language server', () => require('./server')],
  ['PEP 723 checker', () => require('./pep723')],
  ['pixi headers', () => require('./pixi')],
  ['run index', () => require('./runs')],
  ['run paths', () => require('./runPaths')],
];
/* eslint-enable @typescript-eslint/no-require-imports, @typescript-eslint/no-unsafe-return */

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`Benchmarks (node ${process.version}, ${process.platform}/${process.arch}); times in milliseconds, each from one run.`);
  let failed = false;
  for (const [name, load] of SECTIONS) {
    try {
      await load().run();
    } catch (err) {
      failed = true;
      console.error(`\nsection '${name}' failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
  console.log(`\nAll sections done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  if (failed) process.exitCode = 1;
}

void main();
