#!/usr/bin/env bash
# npm-ci-once.sh DIR: `npm ci` in DIR unless its node_modules was installed from the same
# package-lock.json by the same Node (recorded in node_modules/.claimdown-installed). Content,
# not modification times, decides, so a node_modules restored from a CI cache is reused.
set -euo pipefail
cd "$1"
stamp="$(sha256sum package-lock.json | cut -d' ' -f1) node $(node --version)"
if [[ -f node_modules/.claimdown-installed && "$(cat node_modules/.claimdown-installed)" == "$stamp" ]]; then
  echo "node_modules of $(pwd) is up to date with package-lock.json"
  exit 0
fi
npm ci --no-audit --no-fund
echo "$stamp" > node_modules/.claimdown-installed
