#!/usr/bin/env bash
# The browser tests of the HTML export (tests/browser/test.mjs). Installs playwright-core and
# axe-core into tests/browser/node_modules (nothing global) and uses Debian's chromium
# (CLAIMDOWN_CHROMIUM to use another). CLAIMDOWN_SKIP_BROWSER=1 skips them, saying so;
# a missing browser or node is a failure, never a silent skip.
set -euo pipefail
# A relative CLAIMDOWN names a file from where the script was started.
if [[ -n "${CLAIMDOWN:-}" ]]; then
  CLAIMDOWN="$(realpath "$CLAIMDOWN")"
  export CLAIMDOWN
fi
cd "$(dirname "${BASH_SOURCE[0]}")"
if [[ "${CLAIMDOWN_SKIP_BROWSER:-0}" == 1 ]]; then
  echo "browser tests skipped (CLAIMDOWN_SKIP_BROWSER=1)"
  exit 0
fi
command -v node >/dev/null || { echo "node is missing: install nodejs (or set CLAIMDOWN_SKIP_BROWSER=1)"; exit 1; }
browser="${CLAIMDOWN_CHROMIUM:-/usr/bin/chromium}"
[[ -x "$browser" ]] || { echo "$browser is missing: apt-get install chromium (or set CLAIMDOWN_CHROMIUM)"; exit 1; }
if [[ ! -d node_modules/playwright-core || ! -d node_modules/axe-core ]]; then
  npm ci --no-audit --no-fund
fi
node test.mjs
