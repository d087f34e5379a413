#!/usr/bin/env bash
# run.sh [SECONDS] — build the envelope fuzz target with clang (libFuzzer + AddressSanitizer + UBSan)
# and run it for a bounded time. Independent of CMake, so the gcc builds are untouched.
#
# Seed corpus: every "*.body" and "*.wire" envelope of tests/vectors/*.txt. Output under build/fuzz/:
# the binary, the grown corpus (corpus/) and any crash reproducer (crash-*). Exit status is libFuzzer's:
# 0 when no input broke the round-trip property or the sanitizers within the time.
# Needs: clang-14, libclang-rt-14-dev, libsodium-dev.
set -euo pipefail

seconds=${1:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/build/fuzz"
mkdir -p "$out/corpus" "$out/seeds"
cxx=$(command -v clang++-14 || command -v clang++ || true)
[ -n "$cxx" ] || { echo "run.sh: clang++ not found: apt-get install clang-14 libclang-rt-14-dev" >&2; exit 2; }

# Only the modules the target reaches; compiled with instrumentation.
srcs=(envelope crypto hash utf8 result receipt merkle checkpoint)
"$cxx" -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I"$root/shared/include" "$root/tests/fuzz/fuzz_envelope.cpp" \
  $(printf "$root/shared/src/%s.cpp " "${srcs[@]}") \
  $(pkg-config --cflags --libs libsodium) -o "$out/fuzz_envelope"

# Seeds from the golden vectors: one file per hex envelope.
grep -hE '^(envelope\.[a-z_]+\.body|log\.receipt\.[a-z]+\.wire) = ' "$root"/tests/vectors/*.txt |
  while read -r name _ hex; do
    printf '%s' "$hex" | xxd -r -p > "$out/seeds/$name"
  done
echo "run.sh: $(ls "$out/seeds" | wc -l) seeds, ${seconds}s"

exec "$out/fuzz_envelope" -max_total_time="$seconds" -max_len=70000 -timeout=10 \
  -artifact_prefix="$out/" "$out/corpus" "$out/seeds"
