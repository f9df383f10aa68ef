#!/usr/bin/env bash
# Builds the grammar's libFuzzer harness with clang, ASan and UBSan on the generated
# parser, the C scanner and tree-sitter's runtime (the version the main crate locks).
# Usage: fuzz/grammar/build.sh  → fuzz/grammar/build/fuzz_grammar
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

if ! command -v clang >/dev/null; then
    echo "clang is missing: installing it from Debian" >&2
    apt-get install -y clang libclang-rt-14-dev >&2
fi

version=$(awk '/^name = "tree-sitter"$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' "$repo/Cargo.lock")
cargo_home=${CARGO_HOME:-$HOME/.cargo}
runtime=$(ls -d "$cargo_home"/registry/src/*/"tree-sitter-$version" 2>/dev/null | head -n1 || true)
if [ -z "$runtime" ]; then
    (cd "$repo" && cargo fetch --locked >&2)
    runtime=$(ls -d "$cargo_home"/registry/src/*/"tree-sitter-$version" | head -n1)
fi

mkdir -p "$here/build"
# -fno-sanitize-recover: a UBSan finding must stop the run like a crash, not just print.
clang -g -O1 -std=c11 \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
    -D_POSIX_C_SOURCE=200112L -D_DEFAULT_SOURCE \
    -I "$runtime/include" -I "$runtime/src" -I "$repo/grammar/src" \
    -w \
    "$runtime/src/lib.c" "$repo/grammar/src/parser.c" "$repo/grammar/src/scanner.c" \
    "$here/fuzz_grammar.c" \
    -o "$here/build/fuzz_grammar"
echo "$here/build/fuzz_grammar"
