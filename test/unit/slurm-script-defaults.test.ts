import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeScript } from '#core/pep723/index';
import { readScriptSlurmDefaults } from '#core/slurm/scriptDefaults';

const script = (table: string) =>
  [
    '# /// script',
    '# requires-python = ">=3.11"',
    '# dependencies = ["typer", "loguru"]',
    '#',
    '# [tool.experiment-scripts.slurm]',
    ...table.split('\n').map((l) => `# ${l}`),
    '# ///',
    'import sys',
    '',
  ].join('\n');

test('the header table gives the SLURM defaults, and the header checker says nothing about it', () => {
  const text = script(
    [
      'partition = "gpu"',
      'gpus = 2',
      'gpu-type = "a100"',
      'gpu-option = "gpus"',
      'cpus = 8',
      'memory = "32G"',
      'time = "4:00:00"',
      'account = "my-lab"',
      'qos = "normal"',
      'sbatch-args = ["--constraint=a100", "--exclusive"]',
    ].join('\n'),
  );
  const analysis = analyzeScript(text, { fileName: 'train.py' });
  assert.deepEqual(
    analysis.diagnostics.map((d) => d.code),
    [],
  );
  assert.deepEqual(readScriptSlurmDefaults(analysis), {
    options: {
      partition: 'gpu',
      gpus: 2,
      gpuType: 'a100',
      gpuFlag: 'gpus',
      cpus: 8,
      memory: '32G',
      time: '4:00:00',
      account: 'my-lab',
      qos: 'normal',
      extraArgs: ['--constraint=a100', '--exclusive'],
    },
    problems: [],
  });
});

test('numbers are read as sbatch reads them: memory in megabytes, time in minutes', () => {
  const { options } = readScriptSlurmDefaults(analyzeScript(script('memory = 16000\ntime = 90')));
  assert.deepEqual(options, { memory: '16000', time: '90' });
});

test('bad values are warnings at their place and are left out; the rest still applies', () => {
  const text = script(
    [
      'partition = 3',
      'gpus = -1',
      'memory = "lots"',
      'gpu-option = "cuda"',
      'sbatch-args = ["--output=x"]',
      'partitoin = "gpu"',
      'time = "1:00:00"',
    ].join('\n'),
  );
  const analysis = analyzeScript(text);
  const { options, problems } = readScriptSlurmDefaults(analysis);
  assert.deepEqual(options, { time: '1:00:00' });
  assert.ok(problems.every((p) => p.severity === 'warning' && p.code === 'slurm/invalid-default'));
  const lines = text.split('\n');
  assert.deepEqual(
    problems.map((p) => [lines[p.range.start.line].slice(2, 14), p.message]),
    [
      ['partition = ', '`partition` must be a string, not 3; it is ignored.'],
      ['gpus = -1', '`gpus` must be a whole number from 0 up, not -1; it is ignored.'],
      ['memory = "lo', 'The SLURM memory "lots" is not a size such as 32G, 16000M or 1T. (`memory` is ignored.)'],
      ['gpu-option =', '`gpu-option` must be "gres" or "gpus"; it is ignored.'],
      [
        'sbatch-args ',
        'The extra sbatch argument "--output=x" is set by the extension itself (the output file is where the Run Explorer reads the job’s output). (`sbatch-args` is ignored.)',
      ],
      ['partitoin = ', '`partitoin` is not a SLURM default; did you mean `partition`?'],
    ],
  );
  // The header checker itself still reports nothing: uv ignores this table.
  assert.deepEqual(analysis.diagnostics, []);
});

test('no table, or no header at all: no defaults and no problems', () => {
  assert.deepEqual(readScriptSlurmDefaults(analyzeScript('print(1)\n')), { options: {}, problems: [] });
  assert.deepEqual(readScriptSlurmDefaults(analyzeScript('# /// script\n# dependencies = []\n# ///\n')), { options: {}, problems: [] });
  const notTable = analyzeScript('# /// script\n# dependencies = []\n# [tool]\n# experiment-scripts = { slurm = 3 }\n# ///\n');
  assert.match(readScriptSlurmDefaults(notTable).problems[0]?.message ?? '', /must be a table of SLURM defaults, not an integer/);
});
