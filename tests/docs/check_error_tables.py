#!/usr/bin/env python3
"""The error messages docs/scenario-language.md promises are the ones zabsim prints.

Every two-column table row  | `INPUT` | `MESSAGE` |  whose input is one scenario line is run
through `zabsim check` (after a three-server ensemble line unless the input is itself an
ensemble line) and must print MESSAGE. Rows of another shape (several inputs, a note in the
input cell, a multi-line setup) are counted as skipped, never silently passed.

usage: check_error_tables.py ZABSIM DOC
"""
import os
import re
import subprocess
import sys
import tempfile

ROW = re.compile(r"^\| `([^`]+)` \| `([^`]+)` \|\s*$")


def main() -> int:
    zabsim, doc = sys.argv[1], sys.argv[2]
    checked, skipped, failed = 0, 0, []
    with open(doc, encoding="utf-8") as f:
        lines = f.read().split("\n")
    with tempfile.TemporaryDirectory() as tmp:
        # As a user runs it: `zabsim check examples/row.zab`, so that a file named in the row
        # (cfg=missing.cfg) is reported as examples/missing.cfg, as the page shows.
        os.mkdir(os.path.join(tmp, "examples"))
        path = os.path.join("examples", "row.zab")
        for n, line in enumerate(lines, 1):
            m = ROW.match(line)
            if not m:
                continue
            # A table cell writes '|' as '\\|'.
            scenario_line, message = m.group(1).replace("\\|", "|"), m.group(2).replace("\\|", "|")
            # A message must look like one: the command reference tables have the same shape.
            if scenario_line.split()[0] not in message and not re.search(r"expect|must|unknown|not |cannot|got|'", message):
                skipped += 1
                continue
            text = scenario_line + "\n" if scenario_line.startswith("ensemble") else "ensemble participants=3\n" + scenario_line + "\n"
            with open(os.path.join(tmp, path), "w", encoding="utf-8") as out:
                out.write(text)
            run = subprocess.run([os.path.abspath(zabsim), "check", path], capture_output=True, text=True, timeout=60, cwd=tmp)
            checked += 1
            if run.returncode != 2 or message not in run.stderr:
                failed.append(f"{doc}:{n}: `{scenario_line}` should fail with `{message}`; zabsim check "
                              f"exited {run.returncode} and printed: {run.stderr.strip() or run.stdout.strip()}")
    for f in failed:
        print(f)
    print(f"{checked} documented errors checked, {len(failed)} differ, {skipped} rows of other shapes skipped")
    return 1 if failed or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
