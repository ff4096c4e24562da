#!/usr/bin/env bash
# npm run demo: builds the extension, installs what is missing (the end-to-end tests' cache, .cache/e2e), and
# serves a real VS Code (code-server) in the browser with the extension installed and examples/ open.
# Prints the URL and runs until Ctrl-C, then stops everything it started (code-server's whole process group).
#   DEMO_PORT=8080 npm run demo      # fixed port (default: a free one)
#   DEMO_FOLDER=/path npm run demo   # open another folder instead of examples/
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

# A fresh clone: install the locked npm dependencies first.
[ -x node_modules/.bin/tsc ] || { echo "[demo] installing npm dependencies"; npm ci --no-audit --no-fund; }

INSTALLED=$(bash test/e2e/harness/install.sh)
while IFS='=' read -r key value; do
  case "$key" in E2E_NODE24|E2E_CODE_SERVER_ENTRY) export "$key=$value" ;; esac
done <<< "$INSTALLED"

echo "[demo] building"
npx tsc -p . || echo "[demo] tsc reported type errors (above); serving the emitted JavaScript" >&2
node esbuild.mjs

FOLDER=${DEMO_FOLDER:-$ROOT/examples}
[ -d "$FOLDER" ] || { echo "[demo] no such folder: $FOLDER" >&2; exit 2; }
FOLDER=$(cd "$FOLDER" && pwd)
DEMO=$ROOT/.cache/demo
rm -rf "$DEMO/profile"
mkdir -p "$DEMO/profile/user-data/User" "$DEMO/profile/extensions" "$DEMO/profile/home"
# The extension is "installed" as a link to this checkout, so a rebuild followed by "Developer: Reload Window"
# shows changes without restarting the demo.
ln -s "$ROOT" "$DEMO/profile/extensions/experiment-scripts.experiment-scripts-$(node -p 'require("./package.json").version')"
cat > "$DEMO/profile/user-data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "chat.disableAIFeatures": true,
  "workbench.tips.enabled": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "git.openRepositoryInParentFolders": "never",
  "experimentScripts.metrics.openOnStartup": true
}
JSON

PORT=${DEMO_PORT:-$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')}
case "$PORT" in ''|*[!0-9]*) echo "[demo] DEMO_PORT must be a number" >&2; exit 2 ;; esac
LOG=$DEMO/code-server.log
export HOME=$DEMO/profile/home XDG_CONFIG_HOME=$DEMO/profile/home/.config XDG_DATA_HOME=$DEMO/profile/home/.local/share XDG_CACHE_HOME=$DEMO/profile/home/.cache
export EXTENSIONS_GALLERY='{}' PATH="$(dirname "$E2E_NODE24"):$PATH"
# setsid: code-server gets its own process group, so stopping the group also ends its file watchers and extension hosts.
setsid "$E2E_NODE24" "$E2E_CODE_SERVER_ENTRY" \
  --bind-addr "127.0.0.1:$PORT" --auth none \
  --user-data-dir "$DEMO/profile/user-data" --extensions-dir "$DEMO/profile/extensions" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  --ignore-last-opened "$FOLDER" > "$LOG" 2>&1 < /dev/null &
PGID=$!

stop() {
  trap - INT TERM EXIT
  echo "[demo] stopping code-server (process group $PGID)"
  kill -TERM -- "-$PGID" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 -- "-$PGID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$PGID" 2>/dev/null || true
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

URL="http://127.0.0.1:$PORT/?folder=$(node -p 'encodeURIComponent(process.argv[1])' "$FOLDER")"
for _ in $(seq 1 300); do
  if curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null 2>&1; then
    echo "[demo] VS Code with Experiment Scripts, serving $FOLDER:"
    echo "  $URL"
    echo "[demo] from another machine: ssh -L $PORT:127.0.0.1:$PORT <this host>, then open the URL. Ctrl-C stops. Log: $LOG"
    echo "[demo] the metrics view opens on examples/spiral-mlp's recorded runs; in the Experiments view, select runs and choose Compare Runs to change them."
    wait "$PGID" || true
    echo "[demo] code-server exited; log tail:"; tail -20 "$LOG"
    exit 1
  fi
  kill -0 "$PGID" 2>/dev/null || { echo "[demo] code-server exited early; log:" >&2; tail -30 "$LOG" >&2; exit 1; }
  sleep 0.1
done
echo "[demo] code-server did not answer on port $PORT; log:" >&2
tail -30 "$LOG" >&2
exit 1
