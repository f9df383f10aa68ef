#!/usr/bin/env bash
# Builds and runs every fuzz target for SECONDS each (default 60), one after the other,
# each in one process; fails if any target crashes, panics or times out.
# Usage: fuzz/run.sh [SECONDS]
#
# Installs what it needs into the project's own folders: cargo-fuzz into <repo>/.tools,
# clang (for the grammar harness) from Debian when missing. Needs the nightly toolchain.
# New corpus entries go to fuzz/work/<target> (ignored); the seeds in fuzz/corpus/<target>
# stay as committed. Crashes are written to fuzz/artifacts/<target>/.
set -uo pipefail
seconds=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
export PATH="$repo/.tools/bin:$PATH"

if ! command -v cargo-fuzz >/dev/null; then
    cargo install cargo-fuzz --locked --root "$repo/.tools" || exit 1
fi
if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "fuzz/run.sh: the nightly toolchain is missing (rustup toolchain install nightly)" >&2
    exit 1
fi

cd "$here"
# libFuzzer runs one process by default; -jobs=1 would only fork a child logging to a file.
flags=(-dict=claimdown.dict -max_total_time="$seconds" -timeout=20 -print_final_stats=1)
failed=()
for target in analyze edits ide framing format; do
    mkdir -p "work/$target" "artifacts/$target"
    echo "== $target (${seconds}s)" >&2
    if ! cargo +nightly fuzz run -O "$target" "work/$target" "corpus/$target" -- \
        "${flags[@]}" -artifact_prefix="artifacts/$target/"; then
        failed+=("$target")
    fi
done

echo "== grammar (${seconds}s)" >&2
mkdir -p work/grammar artifacts/grammar
if ! grammar/build.sh >/dev/null; then
    failed+=("grammar (build)")
elif ! grammar/build/fuzz_grammar work/grammar corpus/grammar \
    "${flags[@]}" -artifact_prefix=artifacts/grammar/; then
    failed+=("grammar")
fi

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz/run.sh: crashes in: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
    exit 1
fi
echo "fuzz/run.sh: no crash in ${seconds}s per target" >&2
