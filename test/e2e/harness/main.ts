// The end-to-end harness: starts one code-server, drives it with headless Chromium, runs the mocha suites inside
// the real extension host, then the browser-driven UI checks, and exits with their result.
// Started by run.sh, which installs what is missing and builds first; see docs/testing.md.
//
// Environment: E2E_NODE24, E2E_CODE_SERVER_ENTRY, E2E_CHROMIUM (set by run.sh); optional E2E_GREP (mocha grep),
// E2E_ONLY=suites|ui, E2E_SELF_CHECK=0 (skip the deliberately failing run), E2E_KEEP_TMP=1, E2E_TIMEOUT_S,
// E2E_SCREENSHOTS (folder for screenshots and logs; default test/e2e/screenshots, emptied of *.png/*.log first).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { startCodeServer, type CodeServer, type UserSettings } from './codeServer';
import {
  launchBrowser,
  newPage,
  remoteAuthority,
  runExtensionTests,
  waitForWorkbench,
  workbenchUrl,
  type WorkbenchTarget,
} from './workbench';
import type { UiCheck } from '../ui/driver';
import { clusterUnavailable, startCluster, type TestCluster } from '../../slurm/clusterHarness';
import { errorMessage } from '#core/errorMessage';

const ROOT = path.resolve(__dirname, '../../../..');
const OUT = path.join(ROOT, 'out', 'test', 'e2e');
const SCREENSHOTS = process.env.E2E_SCREENSHOTS ? path.resolve(process.env.E2E_SCREENSHOTS) : path.join(ROOT, 'test', 'e2e', 'screenshots');
/** The extension's activity bar entry: its presence means the workbench has loaded the extension's manifest. */
const ACTIVITY_LABEL = 'Experiments';

interface Session {
  name: string;
  folder: string;
  testsPath: string;
  /** The self-check run must fail: it proves a failing test turns into a failing exit code. */
  expectFailure?: boolean;
  /** User settings for this run only (the server's profile gets them before the page opens, and loses them after). */
  userSettings?: UserSettings;
}

/** Workspace Trust on, without the startup dialog: a folder opened for the first time is in Restricted Mode. */
const RESTRICTED_MODE: UserSettings = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
};

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: start the end-to-end tests with "npm run test:e2e" (test/e2e/harness/run.sh)`);
  if (!fs.existsSync(value)) throw new Error(`${name}=${value} does not exist: run test/e2e/harness/install.sh`);
  return value;
}

function say(message: string): void {
  console.log(`[e2e ${new Date().toISOString().slice(11, 23)}] ${message}`);
}

async function main(): Promise<number> {
  const t0 = Date.now();
  const node = required('E2E_NODE24');
  const entry = required('E2E_CODE_SERVER_ENTRY');
  const chromiumPath = required('E2E_CHROMIUM');
  const only = process.env.E2E_ONLY;
  const timeoutMs = Number(process.env.E2E_TIMEOUT_S ?? 240) * 1000;
  for (const f of ['dist/extension.js', 'dist/server.js', 'out/test/e2e/suite/index.js']) {
    if (!fs.existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: build first (npm run build)`);
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'experiment-scripts-e2e-'));
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  for (const f of fs.readdirSync(SCREENSHOTS)) if (/\.(png|log)$/.test(f)) fs.rmSync(path.join(SCREENSHOTS, f));
  // The suites work on copies, so a test that edits a fixture can never leave the repository changed.
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(path.join(ROOT, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
  const noExperiment = path.join(tmp, 'no-experiment');
  fs.mkdirSync(noExperiment);
  fs.writeFileSync(path.join(noExperiment, 'notes.md'), '# Notes\n\nA folder with no experiment and no Python file.\n');
  // Runs but no train.py and no Python file: only the workspaceContains event for runs/ can activate the extension.
  const runsOnly = path.join(tmp, 'runs-only');
  fs.mkdirSync(path.join(runsOnly, 'old-experiment', 'runs', '2025-02-02T14-30-00-de-risk', 'logs'), { recursive: true });
  fs.writeFileSync(
    path.join(runsOnly, 'old-experiment', 'runs', '2025-02-02T14-30-00-de-risk', 'logs', 'train.log'),
    '2025-02-02 14:30:01 | INFO | metric {"epoch": 0, "step": 1, "loss": 0.9}\n',
  );
  // Someone else's experiments, opened without trusting them: their settings name a program that must never run.
  const untrusted = path.join(tmp, 'untrusted');
  fs.cpSync(path.join(ROOT, 'test', 'e2e', 'workspace'), untrusted, { recursive: true });
  const hostile = path.join(untrusted, '.vscode', 'collect-gpus');
  fs.mkdirSync(path.dirname(hostile));
  fs.writeFileSync(hostile, '#!/bin/sh\ntouch "$(dirname "$0")/ran"\nexit 1\n', { mode: 0o755 });
  fs.writeFileSync(
    path.join(untrusted, '.vscode', 'settings.json'),
    JSON.stringify(
      {
        'experimentScripts.nvidiaSmiPath': hostile,
        'experimentScripts.pythonPath': hostile,
        'experimentScripts.runner': 'python',
        'experimentScripts.gpu': 'none',
      },
      null,
      2,
    ),
  );
  const ackDir = path.join(tmp, 'screenshot-acks');
  fs.mkdirSync(ackDir);

  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let cluster: TestCluster | undefined;
  const failures: string[] = [];
  let passedCount = 0;
  let failedCount = 0;
  const timings: string[] = [];
  const shots: string[] = [];
  try {
    // The SLURM suite runs against a real single-node cluster (test/slurm/cluster.sh), started here and stopped by
    // the pids it recorded; the extension host finds it through SLURM_CONF. Where it cannot run, the suite skips.
    const noCluster = only === 'ui' ? 'only the UI checks run' : clusterUnavailable();
    if (noCluster === undefined) {
      const t = Date.now();
      cluster = startCluster();
      say(`SLURM test cluster up in ${Date.now() - t} ms (${cluster.dir})`);
      timings.push(`SLURM test cluster: ${Date.now() - t} ms`);
    } else {
      say(`no SLURM test cluster: ${noCluster}`);
    }
    server = await startCodeServer({
      node,
      entry,
      dir: path.join(tmp, 'code-server'),
      smokeTestDriver: true,
      env: {
        E2E_SCREENSHOT_ACK_DIR: ackDir,
        ...(process.env.E2E_GREP ? { E2E_GREP: process.env.E2E_GREP } : {}),
        ...(cluster ? { SLURM_CONF: cluster.conf } : {}),
      },
    });
    say(`code-server ${server.url} healthy after ${server.readyMs} ms (pid ${server.pid}, log ${server.logFile})`);
    timings.push(`code-server healthy: ${server.readyMs} ms`);
    const authority = await remoteAuthority(server.url);
    browser = await launchBrowser(chromiumPath);
    const base = { serverUrl: server.url, authority, extensionPath: ROOT };

    if (only !== 'ui') {
      const sessions: Session[] = [
        { name: 'suites', folder: workspace, testsPath: path.join(OUT, 'suite', 'index.js') },
        { name: 'no-experiment', folder: noExperiment, testsPath: path.join(OUT, 'suite', 'no-experiment', 'index.js') },
        { name: 'runs-only', folder: runsOnly, testsPath: path.join(OUT, 'suite', 'runs-only', 'index.js') },
        {
          name: 'untrusted',
          folder: untrusted,
          testsPath: path.join(OUT, 'suite', 'untrusted', 'index.js'),
          userSettings: RESTRICTED_MODE,
        },
      ];
      // Skipped with E2E_GREP: the grep reaches every run, and would filter out the deliberate failure too.
      if (process.env.E2E_SELF_CHECK !== '0' && !process.env.E2E_GREP) {
        sessions.push({
          name: 'self-check',
          folder: noExperiment,
          testsPath: path.join(OUT, 'harness', 'self-check', 'index.js'),
          expectFailure: true,
        });
      }
      let testsRan = 0;
      for (const session of sessions) {
        say(`run "${session.name}": ${path.relative(ROOT, session.testsPath)} in ${session.folder}`);
        if (session.userSettings) server.setUserSettings(session.userSettings);
        const result = await runExtensionTests(browser, {
          target: { ...base, folder: session.folder, testsPath: session.testsPath },
          screenshotDir: SCREENSHOTS,
          screenshotPrefix: session.name === 'suites' ? '' : `${session.name}-`,
          timeoutMs,
          onLog: (line) => {
            if (!isWorkbenchNoise(line)) console.log(`  | ${line}`);
          },
        });
        if (session.userSettings) server.setUserSettings();
        // The whole log, workbench chatter included, goes beside the screenshots for when something needs a closer look.
        fs.writeFileSync(path.join(SCREENSHOTS, `${session.name}.log`), result.output.join('\n') + '\n');
        shots.push(...result.screenshots);
        const counts = resultCounts(result.output);
        testsRan += counts.tests;
        const failed = result.exitCode !== 0;
        say(`run "${session.name}": exit ${result.exitCode} after ${result.ms} ms (workbench shell after ${result.shellMs ?? '?'} ms)`);
        timings.push(`run "${session.name}": ${result.ms} ms (shell ${result.shellMs ?? '?'} ms)`);
        if (session.expectFailure) {
          // The deliberately failing suite must fail, and mocha must have said why.
          const reported = result.output.some((l) => /E2E-RESULT .*failures=1\b/.test(l));
          if (!failed || !reported)
            failures.push(
              `self-check: a deliberately failing test gave exit ${result.exitCode}${reported ? '' : ' and no failure report'}; failures would go unnoticed`,
            );
          // The self-check counts as one check of the harness: passed when the deliberate failure was reported.
          if (failed && reported) passedCount++;
          else failedCount++;
        } else {
          passedCount += counts.tests - counts.failures;
          failedCount += counts.failures;
        }
        if (!session.expectFailure && failed) {
          failures.push(
            `run "${session.name}" ${result.exitCode === 'timeout' ? `timed out after ${timeoutMs} ms` : `exited with ${result.exitCode}`}`,
          );
        }
      }
      if (testsRan === 0) failures.push(`no test ran${process.env.E2E_GREP ? `: E2E_GREP=${process.env.E2E_GREP} matched nothing` : ''}`);
    }

    if (only !== 'suites') {
      const checks = loadUiChecks();
      // A fresh copy: the suites above may have left runs or files behind in theirs.
      const uiWorkspace = path.join(tmp, 'ui-workspace');
      fs.cpSync(path.join(ROOT, 'test', 'e2e', 'workspace'), uiWorkspace, { recursive: true });
      const target: WorkbenchTarget = { ...base, folder: uiWorkspace };
      const page = await newPage(browser);
      page.on('pageerror', (err) => console.log(`  | [page error] ${err.message}`));
      const tNav = Date.now();
      await page.goto(workbenchUrl(target), { waitUntil: 'domcontentloaded' });
      const readyMs = await waitForWorkbench(page, ACTIVITY_LABEL);
      say(`UI workbench with the extension ready ${readyMs} ms after navigation`);
      timings.push(`workbench with extension ready: ${Date.now() - tNav} ms after navigation`);
      for (const check of checks) {
        const started = Date.now();
        const file = path.join(SCREENSHOTS, `ui-${check.name}.png`);
        try {
          await check.run({ page, workspace: uiWorkspace, repoRoot: ROOT, log: (m) => console.log(`  | ${m}`) });
          say(`UI check "${check.name}": ok (${Date.now() - started} ms)`);
          passedCount++;
        } catch (err) {
          say(`UI check "${check.name}": FAILED (${Date.now() - started} ms)\n${errorMessage(err, { stack: true })}`);
          failures.push(`UI check "${check.name}"`);
          failedCount++;
        }
        await page.screenshot({ path: file });
        shots.push(file);
      }
      await page.context().close();
    }
  } catch (err) {
    failures.push(`harness: ${errorMessage(err, { stack: true })}`);
    if (server) console.log(`code-server log (tail):\n${server.logTail()}`);
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    try {
      cluster?.stop();
    } catch (err) {
      failures.push(`stopping the SLURM test cluster: ${errorMessage(err)}`);
    }
    if (process.env.E2E_KEEP_TMP === '1') say(`temporary files kept in ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }

  say(`screenshots:\n${shots.map((s) => `  ${path.relative(ROOT, s)}`).join('\n') || '  (none)'}`);
  say(`timings:\n${timings.map((t) => `  ${t}`).join('\n')}\n  whole harness: ${Date.now() - t0} ms`);
  if (failures.length) {
    say(`FAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  } else {
    say('all end-to-end runs passed');
  }
  // The closing line in the plain form any CI reads: tests inside VS Code, UI checks and the harness self-check.
  console.log(`e2e: ${passedCount} passed, ${failedCount + (failures.length > 0 && failedCount === 0 ? 1 : 0)} failed`);
  return failures.length ? 1 : 0;
}

/** Tests and failures a loader reported in its result line (`E2E-RESULT … tests=N failures=M`). */
function resultCounts(output: string[]): { tests: number; failures: number } {
  let tests = 0;
  let failures = 0;
  for (const line of output) {
    const m = /E2E-RESULT .*\btests=(\d+) failures=(\d+)/.exec(line);
    if (m) {
      tests += Number(m[1]);
      failures += Number(m[2]);
    }
  }
  return { tests, failures };
}

/**
 * Lines the workbench itself logs on every run (connection set-up, gallery disabled, shutdown cancellations and
 * their stack frames): left out of the console, kept in the saved log. Everything else, mocha's report and
 * whatever the suites print included, is shown.
 */
const WORKBENCH_NOISE = [
  /^(Resolving|Resolved) connection token/,
  /^Creating a socket/,
  /^\[(reconnection-grace-time|Service Worker|AgentHost[^\]]*|AccountPolicyGate|lifecycle)\]/,
  /^Ignoring fetching additional builtin extensions/,
  /^Updating additional builtin extensions cache/,
  /^ +at .*(https?:\/\/|<anonymous>)/,
  /^(Canceled|Unable to read file .*Canceled)/,
];
function isWorkbenchNoise(line: string): boolean {
  const text = line.replace(/^\[error\] /, '');
  return WORKBENCH_NOISE.some((re) => re.test(text));
}

/** Every `test/e2e/ui/*.ui.ts` module exports `checks`; they run in file order, then array order. */
function loadUiChecks(): UiCheck[] {
  const dir = path.join(OUT, 'ui');
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.ui.js'))
        .sort()
    : [];
  if (files.length === 0) throw new Error(`no UI checks (*.ui.js) found in ${dir}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return files.flatMap((f) => (require(path.join(dir, f)) as { checks: UiCheck[] }).checks);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    say(`${signal}: stopping`);
    process.exit(130); // the exit handler in codeServer.ts kills the server's process group
  });
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(errorMessage(err));
    process.exit(1);
  },
);
