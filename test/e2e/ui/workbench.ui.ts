// Checks that drive the workbench in the browser like a person: clicks, the command palette, Quick Open, panels.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { activityBarItem, openCommandPalette, quickOpen, runCommand, type UiCheck } from './driver';

const run = promisify(execFile);

interface CheckedFile {
  path: string;
  diagnostics: { severity: string; code: string; message: string; range: { start: { line: number } } }[];
}

export const checks: UiCheck[] = [
  {
    name: 'runs-view',
    async run({ page, workspace }) {
      // Clicking the "Experiments" icon in the activity bar opens the side bar on the Runs view.
      await activityBarItem(page, 'Experiments').click();
      const sidebar = page.locator('.part.sidebar');
      await sidebar
        .locator('.composite.title')
        .filter({ hasText: /experiments/i })
        .waitFor({ timeout: 15000 });
      await sidebar.locator('.pane-header, .composite.title').filter({ hasText: /runs/i }).first().waitFor({ timeout: 15000 });
      // The fixture workspace's experiments are listed by their folder names.
      const experiments = fs.readdirSync(workspace).filter((d) => fs.existsSync(path.join(workspace, d, 'train.py')));
      for (const name of experiments) {
        await sidebar.locator('.monaco-list-row').filter({ hasText: name }).first().waitFor({ timeout: 15000 });
      }
    },
  },
  {
    name: 'palette-train',
    async run({ page }) {
      // "Experiments: Train with name…" from the command palette asks for the run's descriptive name.
      await runCommand(page, 'Experiments: Train with name');
      const box = page.locator('.quick-input-widget');
      await box.waitFor({ state: 'visible', timeout: 15000 });
      const input = box.locator('input');
      await input.waitFor({ state: 'visible', timeout: 15000 });
      // The palette has given way to a new input box: its value no longer holds the ">" of a command search.
      const deadline = Date.now() + 15000;
      while ((await input.inputValue()).startsWith('>')) {
        if (Date.now() > deadline) throw new Error('the command palette stayed open; no input box for the name appeared');
        await page.waitForTimeout(50);
      }
      const prompt = (await box.innerText()).trim();
      if (!/name/i.test(prompt + (await input.getAttribute('placeholder')) + (await input.getAttribute('aria-label')))) {
        throw new Error(`the input box does not ask for a name; it shows ${JSON.stringify(prompt)}`);
      }
      // As the name is typed, the box previews the run folder train.py will create…
      const message = box.locator('.quick-input-message');
      await input.fill('de-risk');
      await waitForText(message, /Creates runs\/\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-de-risk\//, 'the run folder preview');
      // …and a name a shell would misread is refused before anything can run; Enter does not accept it.
      await input.fill('a; rm -rf ~');
      // (Validation runs as the value changes: wait for the preview to give way to the refusal.)
      await waitForText(message, /^(?!Creates runs\/)\S/, 'a refusal of the hostile name instead of a run folder preview');
      await page.keyboard.press('Enter');
      await page.waitForTimeout(300);
      if (!(await box.isVisible())) throw new Error('Enter accepted a refused name');
      await page.keyboard.press('Escape');
    },
  },
  {
    name: 'header-completion',
    async run({ page }) {
      // In the header's empty index URL, Ctrl+Space lists the PyTorch CUDA wheel indexes.
      await quickOpen(page, 'broken-header/torch_index.py');
      const input = await openCommandPalette(page);
      await input.fill(':5:10'); // Go to line 5, column 10: between the quotes of url = ""
      await page.keyboard.press('Enter');
      await page
        .locator('.part.editor .monaco-editor textarea, .part.editor .monaco-editor .native-edit-context')
        .first()
        .waitFor({ state: 'attached' });
      await page.keyboard.press('Control+Space');
      const suggestion = page
        .locator('.editor-widget.suggest-widget .monaco-list-row')
        .filter({ hasText: 'download.pytorch.org/whl/cu' })
        .first();
      await suggestion.waitFor({ state: 'visible', timeout: 15000 }).catch(async () => {
        const rows = await page
          .locator('.editor-widget.suggest-widget .monaco-list-row')
          .allInnerTexts()
          .catch(() => []);
        throw new Error(`the suggestion list shows no PyTorch CUDA index; rows: ${JSON.stringify(rows)}`);
      });
    },
  },
  {
    name: 'problems-panel',
    async run({ page, workspace, repoRoot, log }) {
      // The messages to find come from the command-line checker, which shares the language server's core.
      const file = path.join(workspace, 'broken-header', 'invalid_requirement.py');
      // Exit status 1 means "errors found", which is expected here; only the JSON report matters.
      const cli = await run(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'check', '--format', 'json', file]).catch(
        (err: { stdout?: string; stderr?: string; code?: number }) => ({
          stdout: err.stdout ?? '',
          stderr: `${err.stderr ?? ''} (exit ${err.code})`,
        }),
      );
      let report: CheckedFile[];
      try {
        report = JSON.parse(cli.stdout) as CheckedFile[];
      } catch {
        throw new Error(`"experiment-scripts check --format json" gave no JSON report: ${cli.stdout}${cli.stderr}`);
      }
      const expected = report.flatMap((f) => f.diagnostics).find((d) => d.code === 'pep508/invalid-requirement');
      if (!expected) throw new Error(`the checker reports no pep508/invalid-requirement for ${file}: ${cli.stdout}`);
      log(`expecting in the Problems view: ${expected.message}`);

      await quickOpen(page, 'broken-header/invalid_requirement.py');
      await runCommand(page, 'Focus on Problems View');
      const panel = page.locator('.part.panel .markers-panel');
      const row = panel
        .locator('.monaco-list-row')
        .filter({ hasText: expected.message.slice(0, 60) })
        .first();
      await row.waitFor({ state: 'visible', timeout: 20000 }).catch(async () => {
        const rows = await panel
          .locator('.monaco-list-row')
          .allInnerTexts()
          .catch(() => []);
        throw new Error(`the Problems view has no row with "${expected.message}"; rows: ${JSON.stringify(rows)}`);
      });
      const text = await row.innerText();
      if (!text.includes('pep508/invalid-requirement') || !/\[Ln 5\b/.test(text)) {
        throw new Error(`the Problems row should name the code and line 5: ${JSON.stringify(text)}`);
      }
    },
  },
];

/** Waits until the element's text matches, and returns it. */
async function waitForText(locator: import('playwright-core').Locator, pattern: RegExp, what: string): Promise<string> {
  const deadline = Date.now() + 10000;
  let text = '';
  while (Date.now() < deadline) {
    text = ((await locator.innerText().catch(() => '')) ?? '').trim();
    if (pattern.test(text)) return text;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what}: the input box says ${JSON.stringify(text)}`);
}
