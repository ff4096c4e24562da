// A second, unrelated LSP client: Neovim (0.7 or newer, headless) gets pushed diagnostics from the server with
// no VS Code involved. Skipped where Neovim is not installed.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot, serverPath } from './lspHarness';

function hasNeovim(): boolean {
  try {
    execFileSync('nvim', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test('Neovim receives the unclosed-block error at the opening line', { skip: !hasNeovim() && 'nvim is not installed' }, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'es-nvim-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const script = path.join(dir, 'check.lua');
  const target = path.join(repoRoot, 'test/fixtures/lsp/unclosed.py');
  // start_client + buf_attach_client work on Neovim 0.7 as well as on newer versions.
  fs.writeFileSync(
    script,
    `local id = vim.lsp.start_client({ name = 'experiment-scripts', cmd = { ${JSON.stringify(process.execPath)}, ${JSON.stringify(serverPath)}, '--stdio' } })
vim.cmd('edit ' .. vim.fn.fnameescape(${JSON.stringify(target)}))
vim.lsp.buf_attach_client(0, id)
local ok = vim.wait(10000, function() return #vim.diagnostic.get(0) > 0 end, 20)
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or '?'
  io.stdout:write(string.format('line=%d code=%s source=%s\\n', d.lnum + 1, code, d.source or ''))
end
if not ok then io.stdout:write('none\\n') end
vim.cmd('qa!')
`,
  );
  const output = await new Promise<string>((resolve, reject) => {
    execFile('nvim', ['--headless', '-u', 'NONE', '-c', `luafile ${script}`], { timeout: 30_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout + stderr),
    );
  });
  assert.match(output, /line=2 code=pep723\/unclosed-block source=experiment-scripts/);
});
