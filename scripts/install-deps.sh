#!/usr/bin/env bash
# install-deps.sh — install the Debian packages (and the e2e tests' npm package) that are missing.
#
# Debian bookworm; needs root or sudo for apt-get. Installs nothing that is already there, so a
# second run takes a second. Set YISHI_SKIP_E2E_DEPS=1 to skip chromium and playwright-core.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

packages=(
  g++ cmake ninja-build pkg-config tcl xz-utils ca-certificates   # build tools (tcl: SQLite amalgamation)
  emscripten binaryen                                             # 3.1.6, see emsdk-version.txt; wasm-split (split-wasm.sh)
  libsodium-dev libsqlite3-dev doctest-dev libcpp-httplib-dev nlohmann-json3-dev libcli11-dev
  libpq-dev postgresql-15                                         # --db postgresql://… and its tests
  libqrcodegen-dev                                                # QR codes on the enrolment slips
  libglfw3-dev libgl-dev                                          # native dev client
  fonts-noto-cjk fonts-hanazono fonttools brotli                  # glyph subsets (make-font.py), .br files
  unicode-data python3                                            # Unihan readings → the pinyin table
  clang-14 libclang-rt-14-dev xxd                                 # the envelope fuzz target (libFuzzer)
)
[ "${YISHI_SKIP_E2E_DEPS:-}" = 1 ] || packages+=(chromium)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v node >/dev/null || missing+=(nodejs npm)

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "${YISHI_SKIP_E2E_DEPS:-}" != 1 ] && { [ ! -d "$here/tests/e2e/node_modules/playwright-core" ] || [ ! -d "$here/tests/e2e/node_modules/@axe-core/playwright" ] || [ ! -d "$here/tests/e2e/node_modules/jsqr" ]; }; then
  command -v npm >/dev/null || { echo "install-deps: npm is missing: apt-get install npm" >&2; exit 1; }
  (cd "$here/tests/e2e" && npm ci --no-audit --no-fund --loglevel=error)
fi
echo "install-deps: all dependencies present"
