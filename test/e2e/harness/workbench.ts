// Opens VS Code workbenches served by code-server in headless Chromium (through playwright-core), and runs
// extension test suites inside their extension host.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const VIEWPORT = { width: 1400, height: 900 };

export async function launchBrowser(executablePath: string): Promise<Browser> {
  if (!fs.existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath}`);
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

/** code-server writes the workbench configuration into its page; the `remoteAuthority` found there names the server in vscode-remote URIs. */
export async function remoteAuthority(serverUrl: string): Promise<string> {
  const html = await (await fetch(`${serverUrl}/`)).text();
  const match = html.match(/&quot;remoteAuthority&quot;:&quot;([^&]+)&quot;/);
  if (!match) throw new Error(`no remoteAuthority in the workbench page of ${serverUrl}`);
  return match[1];
}

export interface WorkbenchTarget {
  serverUrl: string;
  authority: string;
  /** The folder the workbench opens. */
  folder: string;
  /** The extension under development (its package.json folder). */
  extensionPath: string;
  /** A mocha loader to run inside the extension host; absent for a workbench driven only from the browser. */
  testsPath?: string;
}

/** The workbench URL: the folder, plus the extension and its tests in the `payload` parameter. */
export function workbenchUrl(t: WorkbenchTarget): string {
  const remote = (p: string) => `vscode-remote://${t.authority}${p}`;
  const payload: [string, string][] = [['extensionDevelopmentPath', remote(t.extensionPath)]];
  if (t.testsPath) payload.push(['extensionTestsPath', remote(t.testsPath)]);
  return `${t.serverUrl}/?folder=${encodeURIComponent(t.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  return context.newPage();
}

/** Waits until the workbench shell and the extension's activity bar entry are drawn; returns milliseconds taken. */
export async function waitForWorkbench(page: Page, activityLabel: string, timeout = 90000): Promise<number> {
  const started = Date.now();
  await page.waitForSelector('.monaco-workbench .part.activitybar', { timeout });
  await page
    .locator(`.part.activitybar .action-item a[aria-label^="${activityLabel}"], .part.activitybar [aria-label^="${activityLabel}"]`)
    .first()
    .waitFor({ timeout });
  return Date.now() - started;
}

export interface SessionResult {
  exitCode: number | 'timeout';
  ms: number;
  /** Milliseconds from navigation to the workbench shell being drawn (undefined when it never was). */
  shellMs?: number;
  screenshots: string[];
  output: string[];
}

export interface SessionOptions {
  target: WorkbenchTarget;
  /** Where screenshots go; the file name is `<prefix><suite name>.png`. */
  screenshotDir: string;
  screenshotPrefix?: string;
  timeoutMs: number;
  /** Called with each line the extension host and workbench log. */
  onLog?: (line: string) => void;
}

const SCREENSHOT_MARKER = 'E2E-SCREENSHOT ';

/**
 * Writes the answer to a screenshot request. The suite waits for the file to exist and then reads it, so the file
 * appears only whole (written beside it, then renamed): an answer read while half written would fail the suite.
 */
function answer(ack: string, text: string): void {
  fs.writeFileSync(`${ack}.tmp`, text);
  fs.renameSync(`${ack}.tmp`, ack);
}

/**
 * Runs one extension test run in a fresh page: loads the workbench with `extensionTestsPath`, answers the suites'
 * screenshot requests, and resolves with the exit code VS Code reports through `codeAutomationExit`.
 */
export async function runExtensionTests(browser: Browser, options: SessionOptions): Promise<SessionResult> {
  const started = Date.now();
  const page = await newPage(browser);
  const result: SessionResult = { exitCode: 'timeout', ms: 0, screenshots: [], output: [] };
  let finish: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (finish = resolve));
  const pending: Promise<void>[] = [];

  const log = (line: string) => {
    result.output.push(line);
    options.onLog?.(line);
  };
  const takeScreenshot = async (request: string) => {
    let ack = '';
    try {
      const { name, ack: ackFile } = JSON.parse(request) as { name: string; ack: string };
      ack = ackFile;
      const file = path.join(options.screenshotDir, `${options.screenshotPrefix ?? ''}${name}.png`);
      await page.screenshot({ path: file });
      result.screenshots.push(file);
      answer(ack, 'ok');
    } catch (err) {
      if (ack) answer(ack, `error: ${String(err)}`);
      log(`[harness] screenshot request ${request} failed: ${String(err)}`);
    }
  };

  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
    const text = util.format(...(Array.isArray(args) ? (args as unknown[]) : [args]));
    for (const line of text.split('\n')) {
      const at = line.indexOf(SCREENSHOT_MARKER);
      if (at >= 0) pending.push(takeScreenshot(line.slice(at + SCREENSHOT_MARKER.length)));
      log(type === 'error' ? `[error] ${line}` : line);
    }
  });
  await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
  page.on('pageerror', (err) => log(`[page error] ${err.message}`));

  await page.goto(workbenchUrl(options.target), { waitUntil: 'domcontentloaded' });
  page.waitForSelector('.monaco-workbench .part.activitybar', { timeout: options.timeoutMs }).then(
    () => (result.shellMs = Date.now() - started),
    () => undefined,
  );
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), options.timeoutMs)));
  result.exitCode = await Promise.race([exited, timedOut]);
  clearTimeout(timer);
  await Promise.all(pending);
  if (result.exitCode === 'timeout') {
    const file = path.join(options.screenshotDir, `${options.screenshotPrefix ?? ''}timeout.png`);
    await page.screenshot({ path: file }).then(
      () => result.screenshots.push(file),
      () => undefined,
    );
  }
  await page
    .context()
    .close()
    .catch(() => undefined);
  result.ms = Date.now() - started;
  return result;
}
