// npm run test:e2e:electron: the same mocha suites as `npm run test:e2e`, under @vscode/test-electron against a
// desktop VS Code. That VS Code is downloaded from update.code.visualstudio.com (cached in .vscode-test/), or taken
// from VSCODE_EXECUTABLE. Where neither is possible the run fails and says so; it never reports a pass it did not
// earn. On Linux the desktop VS Code needs a display (run under xvfb-run where there is none).
// Screenshots are a feature of the code-server harness only (test/e2e/harness/).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { errorMessage } from '#core/errorMessage';

const ROOT = path.resolve(__dirname, '../../..');
const OUT = path.join(ROOT, 'out', 'test', 'e2e');

async function desktopVSCode(): Promise<string> {
  const local = process.env.VSCODE_EXECUTABLE;
  if (local) {
    if (!fs.existsSync(local)) throw new Error(`VSCODE_EXECUTABLE=${local} does not exist`);
    return local;
  }
  const version = process.env.VSCODE_VERSION ?? 'stable';
  try {
    return await downloadAndUnzipVSCode({ version, timeout: 30000 });
  } catch (err) {
    throw new Error(
      `could not download desktop VS Code (${version}) from update.code.visualstudio.com: ${errorMessage(err)}\n` +
        'This machine cannot run the suites under desktop VS Code. Set VSCODE_EXECUTABLE to an installed VS Code, ' +
        'or run the same suites in a real VS Code served by code-server with: npm run test:e2e',
      { cause: err },
    );
  }
}

async function main(): Promise<number> {
  const executable = await desktopVSCode();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'experiment-scripts-e2e-electron-'));
  try {
    const workspace = path.join(tmp, 'workspace');
    fs.cpSync(path.join(ROOT, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
    const noExperiment = path.join(tmp, 'no-experiment');
    fs.mkdirSync(noExperiment);
    fs.writeFileSync(path.join(noExperiment, 'notes.md'), '# Notes\n\nA folder with no experiment and no Python file.\n');
    const runs = [
      { name: 'suites', folder: workspace, tests: path.join(OUT, 'suite', 'index.js') },
      { name: 'no-experiment', folder: noExperiment, tests: path.join(OUT, 'suite', 'no-experiment', 'index.js') },
    ];
    let failed = 0;
    for (const run of runs) {
      const started = Date.now();
      try {
        await runTests({
          vscodeExecutablePath: executable,
          extensionDevelopmentPath: ROOT,
          extensionTestsPath: run.tests,
          launchArgs: [
            run.folder,
            '--disable-extensions', // only the extension under development
            '--disable-workspace-trust',
            '--skip-welcome',
            '--user-data-dir',
            path.join(tmp, `user-data-${run.name}`),
          ],
        });
        console.log(`[e2e electron] run "${run.name}": passed in ${Date.now() - started} ms`);
      } catch (err) {
        failed++;
        console.error(`[e2e electron] run "${run.name}": FAILED after ${Date.now() - started} ms: ${errorMessage(err)}`);
      }
    }
    return failed ? 1 : 0;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[e2e electron] ${errorMessage(err)}`);
    process.exit(1);
  },
);
