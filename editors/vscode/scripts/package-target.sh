#!/usr/bin/env bash
# Packages a platform-specific .vsix with the language server inside, as rust-analyzer, ruff
# and taplo do:
#
#   scripts/package-target.sh TARGET BINARY [OUT]
#
# TARGET is a VS Code platform (linux-x64, linux-arm64, linux-armhf, alpine-x64, alpine-arm64,
# darwin-x64, darwin-arm64, win32-x64, win32-arm64); BINARY is a `claimdown` built for it (a
# release job cross-builds them: x86_64-unknown-linux-gnu → linux-x64, aarch64-apple-darwin →
# darwin-arm64, x86_64-pc-windows-msvc → win32-x64, …). The binary is copied to
# server/claimdown (server/claimdown.exe for win32-*), `vsce package --target TARGET` writes
# OUT (default claimdown-TARGET.vsix), and server/ is removed again. STRIP=1 strips debug
# information from the copy first (for a debug build; release builds are already small).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if (( $# < 2 )); then
  sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 2
fi
target="$1" binary="$2" out="${3:-claimdown-$1.vsix}"
case "$target" in
  linux-x64 | linux-arm64 | linux-armhf | alpine-x64 | alpine-arm64 | darwin-x64 | darwin-arm64) name=claimdown ;;
  win32-x64 | win32-arm64) name=claimdown.exe ;;
  *) echo "unknown target: $target" >&2; exit 2 ;;
esac
[[ -f "$binary" ]] || { echo "server binary not found: $binary" >&2; exit 1; }

rm -rf server
mkdir -p server
trap 'rm -rf server' EXIT
if [[ "${STRIP:-0}" == 1 && "$name" == claimdown ]] && command -v strip >/dev/null; then
  strip --strip-debug -o "server/$name" "$binary"
else
  cp "$binary" "server/$name"
fi
chmod 755 "server/$name"
[[ -d node_modules ]] || npm ci --no-audit --no-fund
npx vsce package --target "$target" --no-dependencies --allow-missing-repository --skip-license -o "$out"
