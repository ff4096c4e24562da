import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_CHARTS, MetricsSession } from '#core/metrics/session';
import { checkImage, listRunPlots, MAX_PLOT_ENTRIES } from '#core/metrics/plots';
import { Boundary } from '#core/fs/boundary';
import { writeRunRecord } from '#core/runs/runRecord';
import { REPO_ROOT, tempDir } from './runs-fixture';

const DE_RISK = '2025-02-02T14-30-00-de-risk';
const FULL = '2025-02-02T15-00-00-full';

function mnist(): string {
  const dir = path.join(tempDir('metrics-session-'), 'mnist');
  fs.cpSync(path.join(REPO_ROOT, 'test', 'e2e', 'workspace', 'mnist'), dir, { recursive: true });
  return dir;
}

test('two runs compared: a chart per metric key, the summary’s best values, the plots paired by name', async () => {
  const dir = mnist();
  const session = new MetricsSession(dir);
  await session.setRuns([DE_RISK, FULL]);
  const model = session.model();
  assert.deepEqual(
    model.runs.map((r) => [r.name, r.status]),
    [
      ['de-risk', 'finished'],
      ['full', 'failed'],
    ],
  );
  assert.deepEqual(
    model.charts.map((c) => c.key),
    ['loss', 'accuracy', 'n'],
  );
  assert.deepEqual(
    model.charts[1].series.map((s) => [s.id, s.points]),
    [
      [`${DE_RISK}|train`, 5],
      [`${DE_RISK}|eval`, 1],
      [`${FULL}|train`, 2],
    ],
  );
  const col = (log: string, key: string) => model.columns.findIndex((c) => c.log === log && c.key === key);
  assert.deepEqual(model.columns[col('train', 'loss')], { key: 'loss', log: 'train', direction: 'min', guessed: true });
  assert.equal(model.cells[0][col('train', 'loss')]?.best, 0.2236);
  assert.deepEqual(model.cells[0][col('train', 'loss')]?.bestAt, { kind: 'step', value: 50 });
  assert.equal(model.cells[1][col('train', 'accuracy')]?.best, 0.9565);
  assert.equal(model.cells[0][col('eval', 'accuracy')]?.best, 0.396);
  assert.equal(model.cells[1][col('eval', 'accuracy')], undefined);
  assert.deepEqual(model.plots.names, ['loss_curve.webp']);
  assert.ok(model.plots.cells[0].every((c) => c && !c.problem));
  assert.notEqual(model.runs[0].color, model.runs[1].color);

  session.setDirection('train', 'loss', 'max');
  const flipped = session.model();
  assert.equal(flipped.cells[0][col('train', 'loss')]?.best, 0.8372);
  assert.equal(flipped.columns[col('train', 'loss')].guessed, false);
});

test('chart data: reduced to the width asked, the eval result at the train log’s last step, a zoom, smoothing', async () => {
  const dir = mnist();
  const session = new MetricsSession(dir);
  await session.setRuns([DE_RISK, FULL]);
  const [accuracy] = session.showCharts([{ key: 'accuracy', width: 400 }]);
  assert.equal(accuracy.axis, 'step');
  assert.deepEqual(accuracy.grid, { lo: 10, hi: 50, columns: 400 });
  const evalSeries = accuracy.series.find((s) => s.id === `${DE_RISK}|eval`);
  assert.deepEqual([...(evalSeries?.raw.x ?? [])], [50]);
  const zoomed = session.chartData({ key: 'accuracy', width: 400, range: [25, 45] });
  const deRisk = zoomed?.series.find((s) => s.id === `${DE_RISK}|train`);
  assert.deepEqual([...(deRisk?.raw.x ?? [])], [20, 30, 40, 50], 'the points inside the zoom and one on either side');
  session.setOptions({ xAxis: 'auto', smoothing: 0.5 });
  const smoothed = session.chartData({ key: 'loss', width: 400 });
  assert.ok(smoothed?.series.every((s) => s.smooth !== undefined));
  session.setOptions({ xAxis: 'relative', smoothing: 0 });
  assert.equal(session.chartData({ key: 'loss', width: 400 })?.axis, 'relative');
  session.setOptions({ xAxis: 'auto', smoothing: 0 });
  session.showCharts([{ key: 'loss', width: 400, range: [25, 45] }]);
  assert.equal(session.shownChartData()[0].zoomed, true);
  session.setOptions({ xAxis: 'wall', smoothing: 0 });
  const [wall] = session.shownChartData();
  assert.equal(wall.zoomed, false, 'a zoom in steps does not carry over to the wall clock');
  assert.equal(wall.grid.lo, new Date(2025, 1, 2, 14, 30, 1).getTime() / 1000);
});

test('a live append reaches the charts shown as new data for that run only, and the summary follows', async () => {
  const dir = mnist();
  const session = new MetricsSession(dir);
  await session.setRuns([DE_RISK, FULL]);
  session.showCharts([{ key: 'loss', width: 300 }]);
  assert.deepEqual(await session.poll(), { modelChanged: false, charts: [] });
  fs.appendFileSync(
    path.join(dir, 'runs', FULL, 'logs', 'train.log'),
    '2025-02-02 15:00:04 | INFO | metric {"epoch": 2, "step": 30, "loss": 0.1}\n',
  );
  const result = await session.poll();
  assert.equal(result.modelChanged, true);
  assert.equal(result.charts.length, 1);
  assert.equal(result.charts[0].partial, true);
  assert.deepEqual(
    result.charts[0].series.map((s) => s.id),
    [`${FULL}|train`],
  );
  assert.equal(result.charts[0].series[0].total, 3);
  const model = session.model();
  assert.equal(model.cells[1][model.columns.findIndex((c) => c.key === 'loss')]?.best, 0.1);
});

test('a run deleted while shown keeps its curves, says so; the arguments that differ come from the run records', async () => {
  const dir = mnist();
  const record = (name: string, lr: string) => ({
    exitCode: 0,
    startedAt: '2025-02-02T13:30:00.000Z',
    endedAt: '2025-02-02T13:31:00.000Z',
    argv: ['uv', 'run', 'train.py', name, '--lr', lr],
  });
  await writeRunRecord(path.join(dir, 'runs', DE_RISK), 'train', record('de-risk', '0.05'));
  await writeRunRecord(path.join(dir, 'runs', FULL), 'train', record('full', '0.1'));
  const session = new MetricsSession(dir);
  await session.setRuns([DE_RISK, FULL]);
  const model = session.model();
  assert.deepEqual(model.argNames, ['lr']);
  assert.deepEqual(
    model.runs.map((r) => r.args),
    [['0.05'], ['0.1']],
  );
  assert.equal(model.runs[0].duration, '1 min 0 s');
  fs.rmSync(path.join(dir, 'runs', FULL), { recursive: true });
  await session.poll();
  assert.equal(await session.refreshRuns(), true);
  const after = session.model();
  assert.equal(after.runs[1].gone, true);
  assert.match(after.runs[1].notes.join('\n'), /deleted/);
  assert.equal(after.charts[0].series.length, 2, 'its curves are still drawn');
});

test('thousands of metric keys: the first 50 are charted and the rest counted in a note', async () => {
  const dir = mnist();
  const run = path.join(dir, 'runs', '2025-03-01T10-00-00-wide', 'logs');
  fs.mkdirSync(run, { recursive: true });
  const keys = Array.from({ length: 3000 }, (_, i) => `"k${i}": ${i}`).join(', ');
  fs.writeFileSync(path.join(run, 'train.log'), `2025-03-01 10:00:01 | INFO | metric {"step": 1, ${keys}}\n`);
  const session = new MetricsSession(dir);
  await session.setRuns(['2025-03-01T10-00-00-wide']);
  const model = session.model();
  assert.equal(model.charts.length, MAX_CHARTS);
  assert.match(model.notes.join('\n'), /999 metric keys were found; the first 50 .* the other 949 are left out/);
  assert.match(model.runs[0].notes.join('\n'), /2,001 more were left out/);
});

test('plots: a folder of 10,000 files is cut short, an image that is not one is said so, links out are not followed', async () => {
  const dir = tempDir('metrics-plots-');
  const root = new Boundary(dir, 'the experiment');
  const plots = path.join(dir, 'runs', 'r', 'plots');
  fs.mkdirSync(plots, { recursive: true });
  for (let i = 0; i < 10_000; i++) fs.writeFileSync(path.join(plots, `p${i}.png`), '');
  const started = Date.now();
  const listed = await listRunPlots(path.dirname(plots), root);
  assert.ok(Date.now() - started < 5000);
  assert.equal(listed.cut, true);
  assert.ok(listed.names.length <= MAX_PLOT_ENTRIES);

  fs.writeFileSync(path.join(plots, 'fake.png'), 'not an image at all');
  assert.deepEqual(await checkImage(path.join(plots, 'fake.png'), root), {
    ok: false,
    problem: 'it is not an image (its content is not WebP, PNG, JPEG, GIF or SVG)',
  });
  const webp = path.join(REPO_ROOT, 'test', 'e2e', 'workspace', 'mnist', 'runs', DE_RISK, 'plots', 'loss_curve.webp');
  fs.copyFileSync(webp, path.join(plots, 'curve.png'));
  assert.deepEqual(await checkImage(path.join(plots, 'curve.png'), root), {
    ok: false,
    problem: 'it is named .png but holds a WEBP image',
  });
  fs.copyFileSync(webp, path.join(plots, 'curve.webp'));
  assert.equal((await checkImage(path.join(plots, 'curve.webp'), root)).ok, true);
  fs.writeFileSync(path.join(plots, 'chart.svg'), '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>');
  assert.equal((await checkImage(path.join(plots, 'chart.svg'), root)).ok, true);

  const outside = tempDir('metrics-plots-outside-');
  fs.copyFileSync(webp, path.join(outside, 'x.webp'));
  fs.symlinkSync(path.join(outside, 'x.webp'), path.join(plots, 'linked.webp'));
  const linked = await checkImage(path.join(plots, 'linked.webp'), root);
  assert.match(linked.ok ? 'read' : linked.problem, /^it is a symbolic link to .*, outside the experiment; it is not read$/);
  const linkedDir = path.join(dir, 'runs', 's');
  fs.mkdirSync(linkedDir);
  fs.symlinkSync(outside, path.join(linkedDir, 'plots'));
  assert.match((await listRunPlots(linkedDir, root)).problem ?? '', /outside the experiment/);
});

test('nothing is written to a run: the run folders are the same after a session read them', async () => {
  const dir = mnist();
  const snapshot = () =>
    fs
      .readdirSync(path.join(dir, 'runs'), { recursive: true, withFileTypes: true })
      .map((e) => `${path.join(e.parentPath, e.name)}:${e.isFile() ? fs.statSync(path.join(e.parentPath, e.name)).mtimeMs : 'd'}`)
      .sort();
  const before = snapshot();
  const session = new MetricsSession(dir);
  await session.setRuns([DE_RISK, FULL]);
  session.showCharts([{ key: 'loss', width: 300 }]);
  await session.poll();
  await session.refreshRuns();
  session.summaryRows();
  assert.deepEqual(snapshot(), before);
});
