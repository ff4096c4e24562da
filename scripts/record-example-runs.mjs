#!/usr/bin/env node
// Re-creates the recorded runs of examples/spiral-mlp by really running its scripts: train.py under a few names and
// settings, then eval.py and plot_curves.py on each run. Each script's command line, process id, start, end and exit
// code are written to the run's .experiment-scripts.json by the same code the extension's launcher uses
// (core/src/runs/runRecord.ts), so the metrics view can tell which arguments differ between the runs.
//   npm run build && node scripts/record-example-runs.mjs          # PYTHON=/path/to/python to pick the interpreter
// The interpreter needs typer, loguru, numpy and matplotlib (Debian: /usr/bin/python3 with python3-typer, …).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const { writeRunRecord } = require(path.join(ROOT, 'out', 'core', 'src', 'runs', 'runRecord.js'));
const EXPERIMENT = path.join(ROOT, 'examples', 'spiral-mlp');
const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';
const RUNS = [
  ['baseline', ['--lr', '0.05', '--hidden', '32']],
  ['high-lr', ['--lr', '0.3', '--hidden', '32']],
  ['wide', ['--lr', '0.3', '--hidden', '128']],
];

function run(argv) {
  return new Promise((resolve, reject) => {
    const startedAt = new Date().toISOString();
    const child = spawn(argv[0], argv.slice(1), { cwd: EXPERIMENT, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ exitCode: code, startedAt, endedAt: new Date().toISOString(), argv, pid: child.pid }));
  });
}

const runsDir = path.join(EXPERIMENT, 'runs');
fs.rmSync(runsDir, { recursive: true, force: true });
for (const [name, args] of RUNS) {
  const before = new Set(fs.existsSync(runsDir) ? fs.readdirSync(runsDir) : []);
  const train = await run([PYTHON, 'train.py', name, ...args]);
  const created = fs.readdirSync(runsDir).filter((d) => !before.has(d));
  if (train.exitCode !== 0 || created.length !== 1) throw new Error(`train.py ${name} failed (exit ${train.exitCode})`);
  const runDir = path.join(runsDir, created[0]);
  await writeRunRecord(runDir, 'train', train);
  for (const [script, file] of [
    ['eval', 'eval.py'],
    ['plot', 'plot_curves.py'],
  ]) {
    const result = await run([PYTHON, file, `runs/${created[0]}`]);
    await writeRunRecord(runDir, script, result);
    if (result.exitCode !== 0) throw new Error(`${file} on ${created[0]} failed (exit ${result.exitCode})`);
  }
  console.log(`recorded ${path.relative(ROOT, runDir)}`);
  // Run folders are named to the second: keep two runs from sharing one.
  await new Promise((r) => setTimeout(r, 1100));
}
