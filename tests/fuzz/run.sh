#!/usr/bin/env bash
# run.sh [SECONDS] [TARGET] — build a fuzz target with clang (libFuzzer + AddressSanitizer + UBSan)
# and run it for a bounded time. Independent of CMake, so the gcc builds are untouched. TARGET is
# fuzz_envelope (the strict decoder, default) or fuzz_submit (the POST /api/submit body path,
# server/submission.cpp).
#
# Seed corpus: every "*.body" and "*.wire" envelope of tests/vectors/*.txt. Output under build/fuzz/:
# the binary, the grown corpus (corpus/) and any crash reproducer (crash-*). Exit status is libFuzzer's:
# 0 when no input broke the round-trip property or the sanitizers within the time.
# Needs: clang-14, libclang-rt-14-dev, libsodium-dev.
set -euo pipefail

seconds=${1:-60}
target=${2:-fuzz_envelope}
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/build/fuzz"
corpus="$out/corpus"
extra=()
case "$target" in
  fuzz_envelope) seeds="$out/seeds"; prefix="" ;;
  # Its first input byte picks the Content-Type: seeds start with 00 (application/octet-stream).
  fuzz_submit) seeds="$out/seeds_submit"; prefix="00"; corpus="$out/corpus_submit"
               extra=("$root/server/submission.cpp" -I"$root/server") ;;
  *) echo "run.sh: unknown target $target" >&2; exit 2 ;;
esac
mkdir -p "$corpus" "$seeds"
cxx=$(command -v clang++-14 || command -v clang++ || true)
[ -n "$cxx" ] || { echo "run.sh: clang++ not found: apt-get install clang-14 libclang-rt-14-dev" >&2; exit 2; }

# Only the modules the target reaches; compiled with instrumentation.
srcs=(envelope crypto hash utf8 result receipt merkle checkpoint)
"$cxx" -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I"$root/shared/include" "$root/tests/fuzz/$target.cpp" "${extra[@]}" \
  $(printf "$root/shared/src/%s.cpp " "${srcs[@]}") \
  $(pkg-config --cflags --libs libsodium) -o "$out/$target"

# Seeds from the golden vectors: one file per hex envelope.
grep -hE '^(envelope\.[a-z_]+\.body|log\.receipt\.[a-z]+\.wire) = ' "$root"/tests/vectors/*.txt |
  while read -r name _ hex; do
    printf '%s%s' "$prefix" "$hex" | xxd -r -p > "$seeds/$name"
  done
echo "run.sh: $target, $(ls "$seeds" | wc -l) seeds, ${seconds}s"

exec "$out/$target" -max_total_time="$seconds" -max_len=70000 -timeout=10 \
  -artifact_prefix="$out/$target-" "$corpus" "$seeds"
