#!/usr/bin/env bash
# fetch-deps.sh DEST [SQLITE_OPTIONS] — third-party sources for the WebAssembly build (and the native
# client), taken from Debian's source packages, pinned by sha256, cached, unpacked into DEST.
# SQLITE_OPTIONS: space-separated SQLITE_OMIT_* names that change SQLite's parser; the amalgamation is
# generated with them (its grammar and keyword table leave those features out) and must be compiled
# with them too (cmake/Dependencies.cmake passes the wasm build's).
#
# Why Debian source packages: the registry is the one these machines reach, apt verifies the
# archive signatures, and our own pins below make the bytes reproducible. Nothing here is committed.
#
# DEST/imgui     Dear ImGui 1.86 (same version as Debian's libimgui-dev)
# DEST/libsodium libsodium 1.0.18 with include/sodium/version.h generated
# DEST/sqlite    sqlite3.c / sqlite3.h amalgamation of SQLite 3.40.1
# DEST/qrcodegen Project Nayuki's QR Code generator 1.8.0 (MIT; c/qrcodegen.c, as Debian's libqrcodegen-dev)
#
# Cache: $YISHI_DEPS_CACHE (default ~/.cache/yishi/deps). Safe to run again; does nothing when done.
set -euo pipefail

dest=${1:?usage: fetch-deps.sh DEST [SQLITE_OPTIONS]}
sqlite_opts=""
for o in ${2:-}; do sqlite_opts+=" -D$o"; done
cache=${YISHI_DEPS_CACHE:-$HOME/.cache/yishi/deps}
mkdir -p "$dest" "$cache"

# package  tarball                          sha256
pins=(
  "imgui     imgui_1.86+ds.orig.tar.xz        0dace0e8e57d298eb6e93af12dc19420cb96330832f6495c733b90aeeef11f64"
  "libsodium libsodium_1.0.18.orig.tar.gz   d59323c6b712a1519a5daf710b68f5e7fde57040845ffec53850911f10a5d4f4"
  "sqlite3   sqlite3_3.40.1.orig.tar.xz       aaa776260ab4dc976db34aa7891819484c8676b5b2783123ebc6301e2ca5d655"
  "qr-code-generator qr-code-generator_1.8.0.orig.tar.gz 2ec0a4d33d6f521c942eeaf473d42d5fe139abcfa57d2beffe10c5cf7d34ae60"
)

die() { echo "fetch-deps: $*" >&2; exit 1; }
have_hash() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

# Download the source packages that are not cached yet, without touching the system's apt config.
fetch_sources() {
  local apt_dir="$cache/apt"
  mkdir -p "$apt_dir/lists/partial"
  local uri
  uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$uri" ] || uri=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$uri" ] || die "cannot find the Debian mirror in /etc/apt (need a deb.debian.org-style source)"
  command -v apt-get >/dev/null || die "apt-get is missing: this route needs a Debian machine"
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri bookworm main" > "$apt_dir/src.list"
  local O=(-o Dir::Etc::SourceList="$apt_dir/src.list" -o Dir::Etc::SourceParts=/dev/null
           -o Dir::State::Lists="$apt_dir/lists" -o APT::Sandbox::User=root)
  apt-get "${O[@]}" -qq update || die "apt-get update of the source index failed (network to the Debian mirror?)"
  # Only the .orig tarballs are used: a missing Debian patch file (the mirror has dropped some) is not
  # fatal here, the pins below decide whether what arrived is usable.
  (cd "$cache" && apt-get "${O[@]}" -qq source --download-only "$@") \
    || echo "fetch-deps: apt-get source $* reported errors; checking the pinned tarballs" >&2
}

missing=()
for pin in "${pins[@]}"; do
  read -r pkg file sum <<<"$pin"
  have_hash "$cache/$file" "$sum" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] || fetch_sources "${missing[@]}"

for pin in "${pins[@]}"; do
  read -r pkg file sum <<<"$pin"
  have_hash "$cache/$file" "$sum" || die "$file: sha256 differs from the pin $sum (refusing to build with it)"
done

# Unpack once per pin: a stamp file records which tarball a directory came from.
# Returns 0 when it unpacked, 1 when the directory was already current.
unpack() { # name tarball sum
  local name=$1 file=$2 sum=$3
  [ "$(cat "$dest/$name/.yishi-stamp" 2>/dev/null)" = "$sum" ] && return 1
  rm -rf "$dest/$name" "$dest/$name.tmp"
  mkdir -p "$dest/$name.tmp"
  tar -xf "$cache/$file" -C "$dest/$name.tmp" --strip-components=1
  mv "$dest/$name.tmp" "$dest/$name"
  return 0
}
stamp() { echo "$2" > "$dest/$1/.yishi-stamp"; }

read -r _ f s <<<"${pins[0]}"
if unpack imgui "$f" "$s"; then stamp imgui "$s"; fi

read -r _ f s <<<"${pins[1]}"
if unpack libsodium "$f" "$s"; then
  # The tarball is a git snapshot without configure: generate the one header configure would.
  inc="$dest/libsodium/src/libsodium/include/sodium"
  sed -e 's/@VERSION@/1.0.18/' -e 's/@SODIUM_LIBRARY_VERSION_MAJOR@/10/' \
      -e 's/@SODIUM_LIBRARY_VERSION_MINOR@/3/' -e 's/@SODIUM_LIBRARY_MINIMAL_DEF@//' \
      "$inc/version.h.in" > "$inc/version.h"
  stamp libsodium "$s"
fi

read -r _ f s <<<"${pins[2]}"
[ -z "$sqlite_opts" ] || s="$s-$(echo "$sqlite_opts" | sha256sum | cut -c1-12)"   # one amalgamation per option set
if [ "$(cat "$dest/sqlite/.yishi-stamp" 2>/dev/null)" != "$s" ]; then
  # The tarball is SQLite's canonical tree; the amalgamation is generated (needs tclsh), then cached.
  amalg="$cache/sqlite-amalgamation-$s"
  if [ ! -f "$amalg/sqlite3.c" ]; then
    command -v tclsh >/dev/null || die "tclsh is missing: apt-get install tcl"
    work=$(mktemp -d)
    tar -xf "$cache/$f" -C "$work" --strip-components=1
    # Generated with the host compiler: under emcmake, CC and friends point at emcc, whose output
    # configure cannot run (a fresh machine has no cached amalgamation, so this path runs there).
    (cd "$work" && env -u CC -u CXX -u AR -u LD -u NM -u LDSHARED -u RANLIB -u CROSS_COMPILE \
        -u CFLAGS -u CPPFLAGS -u LDFLAGS -u PKG_CONFIG_LIBDIR -u PKG_CONFIG_PATH CC=cc \
        OPTS="$sqlite_opts" sh -c './configure --quiet >/dev/null && make -s sqlite3.c OPTS="$OPTS" >/dev/null') \
      || die "generating the SQLite amalgamation failed"
    mkdir -p "$amalg.tmp" && cp "$work/sqlite3.c" "$work/sqlite3.h" "$work/sqlite3ext.h" "$amalg.tmp/"
    rm -rf "$amalg" && mv "$amalg.tmp" "$amalg" && rm -rf "$work"
  fi
  rm -rf "$dest/sqlite" && mkdir -p "$dest/sqlite" && cp "$amalg"/* "$dest/sqlite/"
  echo "$s" > "$dest/sqlite/.yishi-stamp"
fi
read -r _ f s <<<"${pins[3]}"
if unpack qrcodegen "$f" "$s"; then stamp qrcodegen "$s"; fi

echo "fetch-deps: imgui, libsodium, sqlite, qrcodegen ready in $dest"
