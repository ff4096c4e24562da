// Drives the VS Code workbench in the browser the way a person does: keyboard, command palette, clicks.
// The UI checks (*.ui.ts beside this file) build on these; the harness runs them against a workbench that has the
// extension loaded and the fixture workspace open.
import type { Locator, Page } from 'playwright-core';

export interface UiContext {
  page: Page;
  /** The workspace folder the workbench has open (a temporary copy of test/e2e/workspace). */
  workspace: string;
  repoRoot: string;
  log: (message: string) => void;
}

export interface UiCheck {
  /** Also the screenshot's name: test/e2e/screenshots/ui-<name>.png. */
  name: string;
  run(context: UiContext): Promise<void>;
}

const QUICK_INPUT = '.quick-input-widget';

/**
 * How long a VS Code context menu ignores clicks after it opens: each entry starts listening for the mouse button's
 * release only 100 ms after it is drawn (vs/base/browser/ui/menu/menu.ts, "to avoid accidental clicks": the release
 * of the right click that opened the menu must not pick an entry). A person takes longer than that to reach an
 * entry; a script does not, and a click that early silently does nothing. Waited out with a margin.
 */
const MENU_ARMING_MS = 100 + 50;

/** Opens the command palette (F1), retrying while the workbench still takes focus on start. */
export async function openCommandPalette(page: Page): Promise<Locator> {
  const input = page.locator(`${QUICK_INPUT} input`);
  for (let attempt = 0; attempt < 5; attempt++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    if (
      await input.waitFor({ state: 'visible', timeout: 3000 }).then(
        () => true,
        () => false,
      )
    )
      return input;
    await page
      .locator('.monaco-workbench .part.editor')
      .click({ position: { x: 200, y: 200 } })
      .catch(() => undefined);
  }
  throw new Error('the command palette did not open (F1)');
}

/** Runs a command by typing its title into the command palette and clicking the entry whose label is that title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = await openCommandPalette(page);
  await input.fill(`>${title}`);
  const row = page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`).filter({ hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 15000 }).catch(async () => {
    const rows = await page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`).allInnerTexts();
    throw new Error(`the command palette has no entry "${title}"; it shows: ${JSON.stringify(rows.slice(0, 10))}`);
  });
  await row.click();
}

/** Opens a workspace file through Quick Open (Ctrl+P), the way a person looks a file up by name. */
export async function quickOpen(page: Page, relativePath: string): Promise<void> {
  const input = await openCommandPalette(page);
  await input.fill(relativePath);
  const name = relativePath.split('/').pop() ?? relativePath;
  const row = page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`).filter({ hasText: name }).first();
  await row.waitFor({ state: 'visible', timeout: 15000 });
  await row.click();
  await page.locator(`.part.editor .tab[aria-label^="${name}"]`).first().waitFor({ state: 'visible', timeout: 15000 });
}

/** The activity bar entry whose label starts with `label` (e.g. "Experiments", "Explorer"). */
export function activityBarItem(page: Page, label: string): Locator {
  return page
    .locator(`.part.activitybar .action-item a[aria-label^="${label}"], .part.activitybar .action-item[aria-label^="${label}"]`)
    .first();
}

/**
 * Picks the entry `label` of the context menu that is open, with the mouse as a person does: onto the entry, then a
 * click once the menu takes clicks (see MENU_ARMING_MS). Fails when the menu does not close, which is what a picked
 * entry does, so that a click that did nothing is reported as such and does not leave the menu over the workbench.
 */
export async function clickContextMenuEntry(page: Page, label: string): Promise<void> {
  const menu = page.locator('.context-view .monaco-menu').first();
  const entry = menu
    .locator('.action-item')
    .filter({ hasText: new RegExp(`^${escapeRegExp(label)}$`) })
    .first();
  await entry.waitFor({ state: 'visible', timeout: 10000 });
  await entry.hover();
  await page.waitForTimeout(MENU_ARMING_MS);
  await entry.click();
  const closed = await menu.waitFor({ state: 'hidden', timeout: 5000 }).then(
    () => true,
    () => false,
  );
  if (!closed) {
    await page.keyboard.press('Escape');
    throw new Error(`the context menu stayed open after a click on "${label}"`);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
