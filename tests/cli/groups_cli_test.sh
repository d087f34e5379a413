#!/usr/bin/env bash
# groups_cli_test.sh YISHI — end-to-end checks of `yishi groups`: on the three Pol.is conversations in
# tests/data/polis (CC BY 4.0, attribution in its README) the JSON printed must hash to the golden
# SHA-256 in tests/vectors/opinion_maps.txt, the same hash core_native and core_wasm check on the
# library's JSON (so the tool, the native core and the wasm core print the same bytes); malformed input
# exits 2 with a message naming the file and line.
# Wired as a ctest from tests/CMakeLists.txt:
#   add_test(NAME groups_cli COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/groups_cli_test.sh $<TARGET_FILE:yishi>)
set -uo pipefail
yishi=${1:?usage: groups_cli_test.sh path/to/yishi}
here=$(cd "$(dirname "$0")/.." && pwd)
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

for folder in 15-per-hour-seattle austria-climate.5twd2jsnkf.2022-08-08 scoop-hivemind.taxes; do
  want=$(sed -n "s/^$folder = //p" "$here/vectors/opinion_maps.txt")
  [ -n "$want" ] || { fail "$folder: no golden hash"; continue; }
  got=$("$yishi" groups "$here/data/polis/$folder/participants-votes.csv" | python3 -c '
import hashlib, json, sys
text = sys.stdin.read()
assert text.endswith("\n")
j = json.loads(text)
assert j["k"] == len(j["groups"]) and j["k"] >= 2, j["k"]
for g in j["groups"]:
    assert g["size"] == len(g["members"]) and g["repness"], g["id"]
print(hashlib.sha256(text[:-1].encode()).hexdigest())')
  if [ "$got" = "$want" ]; then echo "ok   $folder: $got"; else fail "$folder: sha256 $got, golden $want"; fi
done

# The folder works as well as the file.
a=$("$yishi" groups "$here/data/polis/15-per-hour-seattle" | sha256sum)
b=$("$yishi" groups "$here/data/polis/15-per-hour-seattle/participants-votes.csv" | sha256sum)
[ "$a" = "$b" ] && echo "ok   a folder reads its participants-votes.csv" || fail "folder and file differ"

# Malformed input: exit 2, a message with the line.
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf 'participant,group-id,0,1\n1,0,1,-1\n2,0,1,yes\n' > "$tmp/participants-votes.csv"
printf 'comment-id,moderated\n0,1\n1,1\n' > "$tmp/comments.csv"
err=$("$yishi" groups "$tmp/participants-votes.csv" 2>&1 >/dev/null); rc=$?
if [ $rc -eq 2 ] && [[ "$err" == *"participants-votes.csv line 3, comment 1: vote \"yes\""* ]]; then
  echo "ok   a bad vote exits 2 naming line 3"; else fail "bad vote: exit $rc, stderr: $err"; fi
err=$("$yishi" groups "$tmp/nothing.csv" 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] && [[ "$err" == *"cannot read"* ]] && echo "ok   a missing file exits 2" || fail "missing file: exit $rc, $err"
printf '{"format": "x"}' > "$tmp/export.json"
err=$("$yishi" groups "$tmp/export.json" 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] && [[ "$err" == *"no \"opinion\" section"* ]] && echo "ok   an export without opinion exits 2" || fail "export: exit $rc, $err"

[ $failures -eq 0 ] && echo "all groups_cli checks passed" || echo "$failures groups_cli check(s) failed"
exit $((failures > 0))
