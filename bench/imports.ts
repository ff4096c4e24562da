// Imports and code conventions: what tree-sitter costs (loading its WebAssembly, parsing a whole file, which is why
// only the statements that matter are parsed), and the whole check of a script — header, imports, conventions —
// at 2,000 and 20,000 lines, from scratch (a new reader, nothing cached) and after an edit (statements cached).
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { checkScript } from '#core/check/checkScript';
import { loadPythonParser } from '#core/python/treeSitter';
import { PythonCodeReader } from '#core/python/readCode';
import { heading, printTiming } from './stats';

const root = path.resolve(__dirname, '../..');

/** A train script as people write them: imports at the top and inside functions, run paths, `lines` lines long. */
export function importScript(lines: number): string {
  const header = [
    '# /// script',
    '# requires-python = ">=3.11"',
    '# dependencies = [',
    '#     "torch",',
    '#     "numpy",',
    '#     "typer",',
    '#     "loguru",',
    '#     "pyyaml",',
    '# ]',
    '# [[tool.uv.index]]',
    '# name = "pytorch-cu128"',
    '# url = "https://download.pytorch.org/whl/cu128"',
    '# explicit = true',
    '# [tool.uv.sources]',
    '# torch = { index = "pytorch-cu128" }',
    '# ///',
    '"""Train a model; generated for benchmarks. Example: uv run train.py de-risk"""',
    'from datetime import datetime',
    'from pathlib import Path',
    'import json',
    'import numpy as np',
    'import torch',
    'import typer',
    'from loguru import logger',
    '',
  ];
  const body: string[] = [];
  for (let i = 0; body.length + header.length < lines; i++) {
    body.push(
      `def step_${i}(x: float) -> float:`,
      `    """Step ${i}: scale and log."""`,
      `    y = x * ${i} + 1  # scale`,
      `    logger.debug("step {}", y)`,
      `    return y`,
      '',
    );
    if (i % 200 === 100)
      body.push('def load_config(path: str = "config.yaml"):', '    import yaml', '    return yaml.safe_load(Path(path).read_text())', '');
  }
  body.push('def baseline():', '    return Path("runs/2025-02-02T15-00-00-full") / "logs" / "train.log"', '');
  return [...header, ...body].slice(0, lines).join('\n') + '\n';
}

export async function run(): Promise<void> {
  heading('Imports and conventions (tree-sitter Python grammar, WebAssembly)');
  const cold: number[] = [];
  for (let i = 0; i < 10; i++) cold.push(await parserLoadInFreshProcess());
  printTiming('tree-sitter cold start: runtime + Python grammar loaded, fresh process', cold);

  const parser = await loadPythonParser();
  for (const lines of [2_000, 20_000]) {
    const text = importScript(lines);
    const whole: number[] = [];
    for (let i = 0; i < (lines > 10_000 ? 5 : 20); i++) {
      const t0 = performance.now();
      parser.parse(text)?.delete();
      whole.push(performance.now() - t0);
    }
    printTiming(`reference: tree-sitter parse of the whole ${lines}-line script`, whole);

    const fullCheck = () => checkScript(text, { fileName: 'train.py', reader: new PythonCodeReader(parser) });
    for (let i = 0; i < 20; i++) fullCheck();
    const samples: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      fullCheck();
      samples.push(performance.now() - t0);
    }
    printTiming(`full check (header, imports, conventions), ${lines} lines, nothing cached`, samples, { ms: lines > 10_000 ? 50 : 10 });

    // As the server re-checks after an edit: the same reader, statements already parsed.
    const reader = new PythonCodeReader(parser);
    const cached: number[] = [];
    for (let i = 0; i < 220; i++) {
      const edited = text.replace('y = x * 7 + 1', `y = x * ${7 + (i % 2)} + 1`);
      const t0 = performance.now();
      checkScript(edited, { fileName: 'train.py', reader });
      if (i >= 20) cached.push(performance.now() - t0);
    }
    printTiming(`check after an edit in code, ${lines} lines, parsed statements cached`, cached, { ms: lines > 10_000 ? 50 : 10 });
  }
}

/** Spawns node to load the parser from the built core; resolves to the time the load itself took there. */
function parserLoadInFreshProcess(): Promise<number> {
  const script = `const t=performance.now();require(${JSON.stringify(path.join(root, 'out/core/src/python/treeSitter.js'))}).loadPythonParser().then(()=>process.stdout.write(String(performance.now()-t)))`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('exit', () => resolve(Number(out)));
  });
}

if (require.main === module) void run();
