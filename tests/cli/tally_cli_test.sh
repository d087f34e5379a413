#!/usr/bin/env bash
# tally_cli_test.sh YISHI — end-to-end checks of `yishi tally`: pipes the golden ballot files in
# this directory into the built binary and checks fields of the JSON it prints (with python3's json
# module), plus the exit codes and stderr of bad input. The expected values are the worked examples
# of tests/unit/test_tally.cpp and docs/consultations.md.
# Wired as a ctest from tests/CMakeLists.txt:
#   add_test(NAME tally_cli COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/tally_cli_test.sh $<TARGET_FILE:yishi>)
set -uo pipefail
yishi=${1:?usage: tally_cli_test.sh path/to/yishi}
here=$(cd "$(dirname "$0")" && pwd)
failures=0

# expect NAME FILE 'python assertions on j' -- yishi tally ARGS...
expect() {
  local name=$1 file=$2 checks=$3; shift 4
  local out rc
  out=$("$yishi" tally "$@" < "$here/$file"); rc=$?
  if [ $rc -ne 0 ]; then echo "FAIL $name: exit $rc"; failures=$((failures + 1)); return; fi
  if python3 -c "import json,sys
j = json.loads(sys.stdin.read())
$checks" <<< "$out"; then
    echo "ok   $name"
  else
    echo "FAIL $name"; echo "$out" | head -40; failures=$((failures + 1))
  fi
}

TN=Memphis,Nashville,Chattanooga,Knoxville
expect "irv: Tennessee elects Knoxville in round 3" tennessee.jsonl '
assert j["winner"] == "Knoxville", j["winner"]
assert j["ranking"] == ["Knoxville", "Memphis", "Nashville", "Chattanooga"]
assert j["rounds"][0]["votes"] == {"Memphis": 42, "Nashville": 26, "Chattanooga": 15, "Knoxville": 17}
assert j["rounds"][0]["eliminated"] == "Chattanooga"
assert j["rounds"][1]["eliminated"] == "Nashville"
assert j["rounds"][2]["votes"] == {"Memphis": 42, "Knoxville": 58}
assert j["majority_round"] == 3
assert j["turnout"] == 0.5 and j["valid"] == 100
' -- -m irv -o $TN --enrolled 200

expect "schulze: Tennessee elects the Condorcet winner Nashville" tennessee.jsonl '
assert j["winner"] == "Nashville"
assert j["ranking"] == ["Nashville", "Chattanooga", "Knoxville", "Memphis"]
assert j["pairwise"][1][0] == 58
' -- -m schulze -o $TN

expect "schulze: the Wikipedia example ranks E A C B D" wikipedia_schulze.jsonl '
assert j["ranking"] == ["E", "A", "C", "B", "D"]
assert j["pairwise"][0] == [0, 20, 26, 30, 22]
assert j["strongest_paths"][4] == [25, 28, 28, 31, 0]
' -- -m schulze -o A,B,C,D,E --compact

expect "budget: lights, benches and garden are funded within 1000" budget.jsonl '
assert j["funded"] == ["lights", "benches", "garden"]
assert j["spent"] == 750 and j["remaining"] == 250
assert j["approvals"] == {"playground": 4, "lights": 5, "benches": 3, "garden": 2}
assert j["invalid_ballots"] == [{"line": 10, "problem": "over_budget"}]
' -- -m budget -o playground,lights,benches,garden --costs 700,400,250,100 --budget 1000

expect "score: B wins on the median after tying A on the mean" score.jsonl '
assert j["ranking"] == ["B", "A", "C"]
assert j["means"]["A"] == 3.0 and abs(j["means"]["C"] - 1.4) < 1e-9
assert j["medians"] == {"A": 2.0, "B": 3.0, "C": 1.0}
' -- -m score -o A,B,C

expect "yesno: 20 of 28 reach two thirds with a 30% quorum" yesno.jsonl '
assert (j["yes"], j["no"], j["abstain"]) == (20, 8, 4)
assert j["quorum_met"] and j["approved"] and j["winner"] == "赞成"
' -- -m yesno -o 赞成,反对,弃权 --enrolled 100 --quorum 0.3 --threshold 0.6667

expect "yesno: the same votes miss the quorum among 200" yesno.jsonl '
assert not j["quorum_met"] and not j["approved"] and j["winner"] == "反对"
' -- -m yesno -o 赞成,反对,弃权 --enrolled 200 --quorum 0.3

expect "plurality: Chinese option names, a tie goes to the first listed" plurality_zh.jsonl '
assert j["winner"] == "加装电梯"
assert j["ranking"] == ["加装电梯", "口袋公园", "停车位改造"]
' -- -m plurality -o 加装电梯,停车位改造,口袋公园

expect "approval: out-of-bounds ballots are listed by line" approval.jsonl '
assert j["votes"] == {"A": 1, "B": 3, "C": 1}
assert [b["line"] for b in j["invalid_ballots"]] == [4, 5, 6]
assert [b["problem"] for b in j["invalid_ballots"]] == ["too_many_choices", "empty", "duplicate_option"]
' -- -m approval -o A,B,C --max 2

# Stamped lines {"slot","sequence","ballot"}: ab12 voted three times (sequence 3 counts, 1 and 2 are
# replaced), cd34 twice (its later ballot chooses two: invalid, and it still replaces the earlier).
expect "slots: only the latest sequence per slot counts; turnout against --enrolled" slots.jsonl '
assert j["ballots"] == 4 and j["superseded"] == 3, (j["ballots"], j["superseded"])
assert j["votes"] == {"加装电梯": 1, "停车位改造": 1, "口袋公园": 1}
assert j["invalid_ballots"] == [{"line": 7, "problem": "too_many_choices"}]
assert j["winner"] == "加装电梯" and j["enrolled"] == 8 and j["turnout"] == 0.5
' -- -m plurality -o 加装电梯,停车位改造,口袋公园 --enrolled 8

err=$("$yishi" tally -m plurality -o A,B < "$here/slots_duplicate.jsonl" 2>&1 >/dev/null); rc=$?
if [ $rc -eq 2 ] && grep -q "line 3: slot ab12 already has sequence 1 (line 1)" <<< "$err"; then echo "ok   slots: a repeated sequence is a bad line"
else echo "FAIL slots: repeated sequence: exit $rc, stderr: $err"; failures=$((failures + 1)); fi

# Bad input: an unknown option stops the count with exit 2 and names the line.
err=$("$yishi" tally -m plurality -o A,B < "$here/bad_option.jsonl" 2>&1 >/dev/null); rc=$?
if [ $rc -eq 2 ] && grep -q "line 3: unknown option 'D'" <<< "$err"; then echo "ok   bad line: exit 2, line 3 named"
else echo "FAIL bad line: exit $rc, stderr: $err"; failures=$((failures + 1)); fi

# Bad arguments: costs that do not match the options are refused with exit 1.
"$yishi" tally -m budget -o A,B --costs 1 --budget 5 < /dev/null 2>/dev/null; rc=$?
if [ $rc -eq 1 ]; then echo "ok   bad arguments: exit 1"; else echo "FAIL bad arguments: exit $rc"; failures=$((failures + 1)); fi

# --help works on the tool and on the subcommand.
if "$yishi" --help >/dev/null && "$yishi" tally --help | grep -q -- "--method"; then echo "ok   --help"
else echo "FAIL --help"; failures=$((failures + 1)); fi

[ $failures -eq 0 ] && echo "all tally CLI checks passed" || echo "$failures tally CLI check(s) failed"
exit $(( failures > 0 ))
