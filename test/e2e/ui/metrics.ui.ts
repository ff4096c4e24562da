/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The metrics view as a person uses it: two runs selected in the Runs view, "Compare Runs" from their context menu,
// and what the panel then shows, read from inside its webview frame: both runs' curves drawn, the summary's best
// values, the plots side by side; a running run's new metric line drawn within 2 s; the panel in light and dark.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { formatRunDirName } from '#core/runs/runName';
import { waitForWorkbench } from '../harness/workbench';
import { activityBarItem, clickContextMenuEntry, openCommandPalette, quickOpen, runCommand, type UiCheck } from './driver';

const DE_RISK = '2025-02-02T14-30-00-de-risk';
const FULL = '2025-02-02T15-00-00-full';
const QUICK_INPUT = '.quick-input-widget';

/** The fake training process of the live check, ended by the last check (or when the harness exits). */
let trainer: ChildProcess | undefined;
let liveRun = '';

export const checks: UiCheck[] = [
  {
    name: 'metrics-compare',
    async run(context) {
      const { page } = context;
      await activityBarItem(page, 'Experiments').click();
      const deRisk = runRow(page, 'de-risk');
      const full = runRow(page, 'full');
      await deRisk.waitFor({ state: 'visible', timeout: 20000 });
      await full.waitFor({ state: 'visible', timeout: 20000 });
      // Select both runs (click, then Ctrl+click) and open the context menu of the selection.
      await deRisk.click();
      await full.click({ modifiers: ['Control'] });
      await full.click({ button: 'right' });
      await clickContextMenuEntry(page, 'Compare Runs');

      const frame = await metricsFrame(page);
      context.log('metrics-compare: the panel is open');
      // Both runs' series are drawn in the loss and accuracy charts (de-risk logged 5 lines, full 2 before failing).
      for (const key of ['loss', 'accuracy']) {
        await waitInFrame(
          frame,
          `the ${key} chart drawn`,
          (k) => document.querySelector(`section.chart[data-key="${k}"]`)?.getAttribute('data-drawn') === 'true',
          key,
        );
        const points = await legendPoints(frame, key);
        expectEqual(points[`${DE_RISK}|train`], 5, `${key}: de-risk's points drawn`);
        expectEqual(points[`${FULL}|train`], 2, `${key}: full's points drawn`);
      }
      const accuracy = await legendPoints(frame, 'accuracy');
      expectEqual(accuracy[`${DE_RISK}|eval`], 1, "accuracy: de-risk's eval result drawn");
      // The summary's best values: lowest loss, highest accuracy, per run.
      const best = async (run: string, column: string) =>
        frame.evaluate(
          ([r, c]) =>
            document.querySelector(`table.summary tr[data-run="${r}"] td[data-column="${c}"]`)?.getAttribute('data-value') ?? null,
          [run, column],
        );
      expectEqual(await best(DE_RISK, 'train|loss|best'), '0.2236', 'best loss of de-risk');
      expectEqual(await best(DE_RISK, 'train|accuracy|best'), '0.998', 'best accuracy of de-risk');
      expectEqual(await best(FULL, 'train|loss|best'), '0.5123', 'best loss of full');
      expectEqual(await best(FULL, 'train|accuracy|best'), '0.9565', 'best accuracy of full');
      expectEqual(await best(DE_RISK, 'eval|accuracy|best'), '0.396', 'eval accuracy of de-risk');
      // The runs' loss_curve.webp side by side, both loaded as images.
      await waitInFrame(
        frame,
        'both loss_curve.webp images loaded side by side',
        () => {
          const imgs = [...document.querySelectorAll<HTMLImageElement>('.plot-row[data-name="loss_curve.webp"] img')];
          return imgs.length === 2 && imgs.every((img) => img.complete && img.naturalWidth > 0);
        },
        undefined,
      );
      await frame.evaluate(() => window.scrollTo(0, 0));
    },
  },
  {
    name: 'metrics-live',
    async run(context) {
      const { page, workspace } = context;
      // A run started from a terminal, as `uv run train.py live` would: a process in the experiment folder with the
      // script and the name on its command line, which names its run folder after the time it started.
      const experiment = path.join(workspace, 'mnist');
      trainer = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'train.py', 'live'], { cwd: experiment, stdio: 'ignore' });
      liveRun = formatRunDirName(new Date(), 'live');
      const logFile = path.join(experiment, 'runs', liveRun, 'logs', 'train.log');
      fs.mkdirSync(path.dirname(logFile), { recursive: true });
      const line = (step: number, loss: number) =>
        `2025-02-02 16:00:0${step} | INFO | metric {"epoch": 0, "step": ${step}, "loss": ${loss}}\n`;
      fs.writeFileSync(logFile, line(1, 0.9) + line(2, 0.7));

      // Ctrl+click adds the new run to the selection: the open panel follows the Runs view's selection.
      const live = runRow(page, 'live');
      await live.waitFor({ state: 'visible', timeout: 20000 });
      await live.click({ modifiers: ['Control'] });
      const frame = await metricsFrame(page);
      const series = `${liveRun}|train`;
      await waitInFrame(frame, 'the live run drawn with its 2 points', ([id, n]) => lossPoints(id) === n, [series, '2'], 20000);
      await waitInFrame(
        frame,
        'the live run shown as running',
        (r) => document.querySelector(`table.summary tr[data-run="${r}"] td.status`)?.textContent === 'running',
        liveRun,
      );
      // One more metric line: the chart shows it within 2 s.
      const started = Date.now();
      fs.appendFileSync(logFile, line(3, 0.55));
      await waitInFrame(frame, 'the appended point drawn', ([id, n]) => lossPoints(id) === n, [series, '3'], 2000);
      context.log(`metrics-live: the appended metric line was drawn ${Date.now() - started} ms after it was written`);
    },
  },
  {
    name: 'metrics-restore',
    async run(context) {
      const { page } = context;
      // The page's own settings (here the log scale) survive the panel being hidden behind another editor and shown.
      let frame = await metricsFrame(page);
      await frame.check('#log-y');
      await quickOpen(page, 'mnist/train.py');
      await page
        .locator('.part.editor .tab')
        .filter({ hasText: /^Metrics: mnist/ })
        .first()
        .click();
      frame = await metricsFrame(page);
      await waitInFrame(
        frame,
        'the log scale still on after hide and show',
        () => document.querySelector<HTMLInputElement>('#log-y')?.checked === true,
        undefined,
      );
      await waitInFrame(
        frame,
        'the loss chart drawn again',
        () => document.querySelector('section.chart[data-key="loss"]')?.getAttribute('data-drawn') === 'true',
        undefined,
      );
      // After a window reload the panel comes back (the extension's serializer) with its runs and settings.
      await runCommand(page, 'Developer: Reload Window');
      await page.waitForTimeout(1000);
      await waitForWorkbench(page, 'Experiments');
      frame = await metricsFrame(page, 60000);
      await waitInFrame(
        frame,
        'the three runs shown again after the reload',
        () => document.querySelectorAll('table.summary tbody tr[data-run]').length === 3,
        undefined,
        30000,
      );
      await waitInFrame(
        frame,
        'the log scale still on after the reload',
        () => document.querySelector<HTMLInputElement>('#log-y')?.checked === true,
        undefined,
      );
      await frame.uncheck('#log-y');
      context.log('metrics-restore: the panel came back after hide/show and after a window reload');
    },
  },
  {
    name: 'metrics-light',
    async run({ page }) {
      await chooseTheme(page, 'Light Modern');
      const frame = await metricsFrame(page);
      await waitInFrame(frame, 'the panel in the light theme', () => document.body.classList.contains('vscode-light'), undefined);
      await waitInFrame(
        frame,
        'the loss chart drawn',
        () => document.querySelector('section.chart[data-key="loss"]')?.getAttribute('data-drawn') === 'true',
        undefined,
      );
    },
  },
  {
    name: 'metrics-dark',
    async run({ page }) {
      try {
        await chooseTheme(page, 'Dark Modern');
        const frame = await metricsFrame(page);
        await waitInFrame(frame, 'the panel in the dark theme', () => document.body.classList.contains('vscode-dark'), undefined);
        await waitInFrame(
          frame,
          'the loss chart drawn',
          () => document.querySelector('section.chart[data-key="loss"]')?.getAttribute('data-drawn') === 'true',
          undefined,
        );
      } finally {
        trainer?.kill();
        trainer = undefined;
        // Leave the side bar as the workbench opened it (the Explorer), for the checks that follow.
        await activityBarItem(page, 'Explorer').click();
      }
    },
  },
];

process.on('exit', () => trainer?.kill());

function runRow(page: Page, name: string) {
  return page
    .locator('.part.sidebar .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name}$`) }) })
    .first();
}

/** The metrics panel's webview frame: the frame whose page has the panel's main element. */
async function metricsFrame(page: Page, timeout = 30000): Promise<Frame> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const found = await frame.evaluate(() => document.querySelector('main.metrics') !== null).catch(() => false);
      if (found) return frame;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(
    `no metrics panel webview appeared within ${timeout} ms (frames: ${page
      .frames()
      .map((f) => f.url())
      .join(', ')})`,
  );
}

async function waitInFrame<A>(frame: Frame, what: string, condition: (arg: A) => boolean, arg: A, timeout = 20000): Promise<void> {
  try {
    // The condition with the helpers it may call, as one function Playwright sends into the frame.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const inFrame = new Function('arg', `${LOSS_POINTS}; return (${condition.toString()})(arg);`) as (arg: unknown) => boolean;
    await frame.waitForFunction(inFrame, arg as unknown, { timeout, polling: 50 });
  } catch {
    const shown = await frame.evaluate(() => document.body.innerText.slice(0, 1500)).catch(() => '(unreadable)');
    throw new Error(`timed out after ${timeout} ms waiting for ${what}; the panel shows:\n${shown}`);
  }
}

/** The drawn point count of each series in a chart's legend. */
async function legendPoints(frame: Frame, key: string): Promise<Record<string, number>> {
  return frame.evaluate((k) => {
    const out: Record<string, number> = {};
    for (const li of document.querySelectorAll<HTMLElement>(`section.chart[data-key="${k}"] .chart-legend li`))
      out[li.dataset.series ?? ''] = Number(li.dataset.points);
    return out;
  }, key);
}

/** Runs in the frame (Playwright sends its text there): the drawn point count of a series in the loss chart. */
declare function lossPoints(series: string): string | undefined;
const LOSS_POINTS = `function lossPoints(series) {
  const li = document.querySelector('section.chart[data-key="loss"] .chart-legend li[data-series="' + series + '"]');
  return li ? li.dataset.points : undefined;
}`;

function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** Preferences: Color Theme, then the theme whose name contains `name`. */
async function chooseTheme(page: Page, name: string): Promise<void> {
  const input = await openCommandPalette(page);
  await input.fill('>Preferences: Color Theme');
  const command = page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`).filter({ hasText: 'Preferences: Color Theme' }).first();
  await command.waitFor({ state: 'visible', timeout: 15000 });
  await command.click();
  const themeRow = page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`).filter({ hasText: name }).first();
  await input.fill(name);
  await themeRow.waitFor({ state: 'visible', timeout: 15000 });
  await themeRow.click();
}
