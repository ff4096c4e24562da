#!/usr/bin/env bash
# npm run test:e2e: installs what is missing (cached in .cache/e2e), builds, then runs the end-to-end harness
# (code-server + headless Chromium + mocha inside the real extension host + browser-driven UI checks).
# Exit status: the tests' result. Extra environment: see test/e2e/harness/main.ts.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$ROOT"
T0=$(date +%s%3N)

# The install prints KEY=VALUE lines (paths of Node 24, code-server and Chromium); progress goes to stderr.
INSTALLED=$(bash test/e2e/harness/install.sh)
while IFS='=' read -r key value; do
  case "$key" in E2E_NODE24|E2E_CODE_SERVER_ENTRY|E2E_CHROMIUM) export "$key=$value" ;; esac
done <<< "$INSTALLED"
: "${E2E_NODE24:?install.sh did not report Node 24}" "${E2E_CODE_SERVER_ENTRY:?install.sh did not report code-server}" "${E2E_CHROMIUM:?install.sh did not report Chromium}"
T1=$(date +%s%3N)

if [ "${E2E_SKIP_BUILD:-}" != 1 ]; then
  # tsc emits even when it reports type errors; those fail `npm run build` and `npm test` on their own, so here
  # they are reported and the emitted JavaScript is tested.
  npx tsc -p . || echo "[e2e] tsc reported type errors (above); testing the emitted JavaScript" >&2
  node esbuild.mjs
fi
T2=$(date +%s%3N)
echo "[e2e] install check $(( T1 - T0 )) ms, build $(( T2 - T1 )) ms"
exec node out/test/e2e/harness/main.js
