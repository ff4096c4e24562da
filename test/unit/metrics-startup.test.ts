// The runs the metrics view opens on by itself (experimentScripts.metrics.openOnStartup), read from real folders.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runsToShowOnStartup } from '#core/metrics/startupRuns';
import { indexExperiment } from '#core/runs/experimentIndex';
import { tempDir } from './runs-fixture';

function experiment(root: string, name: string, runs: string[]): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'train.py'), '');
  for (const run of runs) fs.mkdirSync(path.join(dir, 'runs', run, 'logs'), { recursive: true });
  return dir;
}

test('the view opens on the newest runs of the experiment that ran last, at most five, newest first', async () => {
  const root = tempDir('metrics-startup-');
  const older = experiment(root, 'mnist', ['2025-03-01T10-00-00-a', '2025-03-02T10-00-00-b']);
  const newer = experiment(
    root,
    'cifar',
    ['01', '02', '03', '04', '05', '06'].map((d) => `2025-02-${d}T09-00-00-run${d}`).concat('2025-03-05T08-00-00-latest'),
  );
  const empty = experiment(root, 'empty', []);
  const indexes = await Promise.all([older, newer, empty].map((d) => indexExperiment(d)));
  assert.deepEqual(runsToShowOnStartup(indexes), {
    experimentDir: newer,
    runIds: [
      '2025-03-05T08-00-00-latest',
      '2025-02-06T09-00-00-run06',
      '2025-02-05T09-00-00-run05',
      '2025-02-04T09-00-00-run04',
      '2025-02-03T09-00-00-run03',
    ],
  });
  assert.deepEqual(runsToShowOnStartup(indexes, 2)?.runIds, ['2025-03-05T08-00-00-latest', '2025-02-06T09-00-00-run06']);
});

test('no experiment with a run: nothing is opened', async () => {
  const root = tempDir('metrics-startup-');
  const indexes = await Promise.all([experiment(root, 'a', []), experiment(root, 'b', [])].map((d) => indexExperiment(d)));
  assert.equal(runsToShowOnStartup(indexes), undefined);
  assert.equal(runsToShowOnStartup([]), undefined);
});
