#!/usr/bin/env bash
# One file from ../shared/evidence/bad-input (a scenario, or a lesson run by `zabsim lesson`): zabsim must end within the ctest timeout with the
# expected exit code, and a malformed file's message must name file:line.
#   check.sh ZABSIM FILE EXPECTED_RC
set -u
zabsim="$1" file="$2" want="$3"
if [[ "$file" == *.lesson ]]; then
  out=$("$zabsim" lesson "$file" 2>&1)
else
  out=$("$zabsim" run "$file" --quiet 2>&1)
fi
rc=$?
name=$(basename "$file")
if [ "$rc" != "$want" ]; then
  echo "$name: exit $rc, expected $want"
  echo "$out" | tail -5
  exit 1
fi
if [ "$want" != 0 ] && ! grep -qE "$name:[0-9]+: " <<<"$out"; then
  echo "$name: exit $rc but no '$name:LINE: ' message:"
  echo "$out" | tail -5
  exit 1
fi
echo "$name: exit $rc as expected"
echo "$out" | tail -1
