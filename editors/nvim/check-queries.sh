#!/usr/bin/env bash
# Fails when editors/nvim/queries/claimdown/*.scm drift from grammar/queries/*.scm
# (Neovim uses the same capture names as the grammar's own queries, so they are plain copies).
# Pass --fix to copy them over again.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
grammar="$here/../../grammar/queries"
status=0
for q in highlights folds locals injections; do
  if [[ "${1:-}" == "--fix" ]]; then
    cp "$grammar/$q.scm" "$here/queries/claimdown/$q.scm"
  elif ! diff -u "$grammar/$q.scm" "$here/queries/claimdown/$q.scm"; then
    echo "editors/nvim/queries/claimdown/$q.scm differs from grammar/queries/$q.scm (run $0 --fix)" >&2
    status=1
  fi
done
exit $status
