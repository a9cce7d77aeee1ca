#!/bin/bash
# Golden trace: `zabsim run EXAMPLE` must print exactly tests/golden/NAME.trace (what every
# line explains is part of the product). To regenerate after an intended change of wording:
#   ZABSCOPE_UPDATE_GOLDEN=1 ctest --test-dir build -R golden/
# then read the diff (git diff tests/golden) before committing it.
# usage: check.sh ZABSIM EXAMPLE.zab GOLDEN.trace
set -u
zabsim=$1 example=$2 golden=$3
actual=$(mktemp)
trap 'rm -f "$actual"' EXIT
"$zabsim" run "$example" > "$actual" || { echo "zabsim failed on $example"; exit 1; }
if [ "${ZABSCOPE_UPDATE_GOLDEN:-}" = 1 ]; then
  cp "$actual" "$golden"
  echo "rewrote $golden"
  exit 0
fi
if ! diff -u "$golden" "$actual"; then
  echo "the trace of $example differs from $golden (see the diff above)."
  echo "If the change is intended: ZABSCOPE_UPDATE_GOLDEN=1 ctest --test-dir build -R golden/"
  exit 1
fi
