// Mocha loader run inside the VS Code extension host (the `extensionTestsPath` of a test run).
// It loads every *.test.js beside it, runs them with the TDD interface and rejects when any test fails, which makes
// VS Code end the run with a non-zero exit code.
//
// Screenshots: when the harness that started VS Code sets E2E_SCREENSHOT_ACK_DIR (it reaches the extension host
// through the server's environment), the loader asks for a screenshot of the workbench at the end of each suite
// file, before that suite's own teardown runs: it logs one marker line, which the harness reads through the
// workbench's automation log, and waits until the harness has written the acknowledgement file the marker names.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export const SCREENSHOT_MARKER = 'E2E-SCREENSHOT';
export const RESULT_MARKER = 'E2E-RESULT';

export interface RunOptions {
  /** Suite files whose name starts with one of these run first (they observe the state VS Code started in). */
  first?: string[];
}

export function run(): Promise<void> {
  return runSuitesIn(__dirname, { first: ['activation.test.js'] });
}

/** Runs every `*.test.js` file directly inside `dir`; rejects when a test fails or none was found. */
export async function runSuitesIn(dir: string, options: RunOptions = {}): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, reporter: 'spec', timeout: 30000 });
  if (process.env.E2E_GREP) mocha.grep(process.env.E2E_GREP);
  const first = options.first ?? [];
  const rank = (f: string) => (first.includes(f) ? first.indexOf(f) : first.length);
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.js'))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  if (files.length === 0) throw new Error(`no *.test.js suite found in ${dir}`);
  for (const f of files) mocha.addFile(path.join(dir, f));
  await mocha.loadFilesAsync();
  const ackDir = process.env.E2E_SCREENSHOT_ACK_DIR;
  if (ackDir) addScreenshotHooks(mocha.suite, ackDir);

  const started = Date.now();
  let ran = 0;
  const failures = await new Promise<number>((resolve) => mocha.run(resolve).on('test end', () => ran++));
  console.log(`${RESULT_MARKER} files=${files.length} tests=${ran} failures=${failures} ms=${Date.now() - started}`);
  if (failures > 0) throw new Error(`${failures} end-to-end test(s) failed`);
  // Suites that register no test must not pass as a green run. With E2E_GREP a run may match nothing; the
  // harness then checks that the grep matched somewhere (it adds up the tests= counts).
  if (ran === 0 && !process.env.E2E_GREP) throw new Error('no test ran');
}

/** Adds, to each top-level suite, a first "after all" hook that asks the harness for a screenshot named after the suite's file. */
function addScreenshotHooks(root: Mocha.Suite, ackDir: string): void {
  const slug = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const seen = new Set<string>();
  let sequence = 0;
  for (const suite of root.suites) {
    // The first suite of a file is named after the file; further suites of the same file add their title.
    const base = slug(path.basename(suite.file ?? suite.title, '.test.js'));
    const name = seen.has(base) ? `${base}-${slug(suite.title)}` : base;
    seen.add(base);
    suite.afterAll(`screenshot ${name}`, async function () {
      this.timeout(30000);
      const ack = path.join(ackDir, `${process.pid}-${++sequence}`);
      console.log(`${SCREENSHOT_MARKER} ${JSON.stringify({ name, ack })}`);
      const deadline = Date.now() + 25000;
      while (!fs.existsSync(ack)) {
        if (Date.now() > deadline) throw new Error(`the harness did not take screenshot "${name}" (no ${ack})`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const answer = fs.readFileSync(ack, 'utf8').trim();
      if (answer !== 'ok') throw new Error(`screenshot "${name}" failed: ${answer}`);
    });
    // Move the hook to the front so the picture shows the suite's end state, before its own teardown closes editors.
    const hooks = (suite as unknown as { _afterAll?: unknown[] })._afterAll;
    if (Array.isArray(hooks) && hooks.length > 1) hooks.unshift(hooks.pop());
  }
}
