#!/usr/bin/env bash
# run.sh [SECONDS] [TARGET] — build a fuzz target with clang (libFuzzer + AddressSanitizer + UBSan)
# and run it for a bounded time. Independent of CMake, so the gcc builds are untouched. TARGET is
# fuzz_envelope (the strict decoder, default), fuzz_submit (the POST /api/submit body path,
# server/submission.cpp) or fuzz_front (the front's request framing, server/framing.cpp).
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
  # The front's request framing; its seeds are requests (below), not envelopes.
  fuzz_front) seeds="$out/seeds_front"; prefix=""; corpus="$out/corpus_front"
              extra=("$root/server/framing.cpp" -I"$root/server") ;;
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

if [ "$target" = fuzz_front ]; then
  # Seeds: requests as clients send them (the first byte is the fuzzer's cut point).
  body='0123456789abcdef'
  printf '\x80POST /api/submit HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: 16\r\n\r\n%s' "$body" > "$seeds/submit"
  printf '\x40POST /api/submit HTTP/1.1\r\nContent-Length: 16\r\nConnection: close\r\n\r\n%sGET / HTTP/1.1\r\n\r\n' "$body" > "$seeds/pipelined"
  printf '\x10POST /api/submit HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n%s\r\n0\r\n\r\n' "$body" > "$seeds/chunked"
  printf '\xffGET /api/health HTTP/1.1\r\nHost: x\r\n\r\n' > "$seeds/get"
else
  # Seeds from the golden vectors: one file per hex envelope.
  grep -hE '^(envelope\.[a-z_]+\.body|log\.receipt\.[a-z]+\.wire) = ' "$root"/tests/vectors/*.txt |
    while read -r name _ hex; do
      printf '%s%s' "$prefix" "$hex" | xxd -r -p > "$seeds/$name"
    done
fi
echo "run.sh: $target, $(ls "$seeds" | wc -l) seeds, ${seconds}s"

exec "$out/$target" -max_total_time="$seconds" -max_len=70000 -timeout=10 \
  -artifact_prefix="$out/$target-" "$corpus" "$seeds"
