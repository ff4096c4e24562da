// "Experiments: Choose GPU…" from the command palette, with nvidia-smi replayed from a real H200 running a PyTorch
// process (test/fixtures/nvidia-smi/fake-nvidia-smi, scenario busy): the picker shows the GPU as a person sees it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCommand, type UiCheck } from './driver';

const QUICK_INPUT = '.quick-input-widget';

export const checks: UiCheck[] = [
  {
    name: 'gpu-picker',
    async run({ page, workspace, repoRoot, log }) {
      const links = fs.mkdtempSync(path.join(os.tmpdir(), 'nvidia-smi-ui-'));
      const program = path.join(links, 'nvidia-smi-busy');
      fs.symlinkSync(path.join(repoRoot, 'test', 'fixtures', 'nvidia-smi', 'fake-nvidia-smi'), program);
      const settings = path.join(workspace, '.vscode', 'settings.json');
      if (fs.existsSync(path.dirname(settings)))
        throw new Error(`${path.dirname(settings)} already exists; this check writes its own settings there`);
      fs.mkdirSync(path.dirname(settings));
      fs.writeFileSync(settings, JSON.stringify({ 'experimentScripts.nvidiaSmiPath': program }, null, 2));
      try {
        // The workbench picks up the new settings file on its own; until it has, the command finds no nvidia-smi and
        // says so instead of opening the picker, so ask again (the picker opens well within a second once it has).
        const gpuRow = page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`).filter({ hasText: 'GPU 0: NVIDIA H200' }).first();
        let shown = false;
        for (let attempt = 1; attempt <= 10 && !shown; attempt++) {
          await runCommand(page, 'Experiments: Choose GPU');
          shown = await gpuRow.waitFor({ state: 'visible', timeout: 1500 }).then(
            () => true,
            () => false,
          );
          if (!shown) log(`gpu-picker: no GPU row after attempt ${attempt}`);
        }
        if (!shown) {
          const rows = await page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`).allInnerTexts();
          throw new Error(`the GPU picker did not list "GPU 0: NVIDIA H200"; rows: ${JSON.stringify(rows)}`);
        }
        const text = (await gpuRow.innerText()).replace(/\s+/g, ' ');
        // From the busy capture: 9421 of 143771 MiB used, 100 % utilization, python3 (pid 456) holding 9412 MiB.
        for (const expected of ['GPU 0: NVIDIA H200', '9.2/140.4 GiB used', '100 % busy', 'python3 (pid 456, 9.2 GiB)']) {
          if (!text.includes(expected)) throw new Error(`the GPU row should show "${expected}"; it shows ${JSON.stringify(text)}`);
        }
        // The picker stays open for the screenshot; the next check starts by closing it.
      } finally {
        fs.rmSync(path.dirname(settings), { recursive: true, force: true });
        fs.rmSync(links, { recursive: true, force: true });
      }
    },
  },
];
