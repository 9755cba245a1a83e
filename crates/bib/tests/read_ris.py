"""Read .ris files with rispy and print what it found as JSON (the Rust tests assert).

Usage: python read_ris.py FILE.ris [FILE.ris ...]
Prints {"FILE": {"version": ..., "records": [{rispy's fields}, ...]}, ...}. Exits 1 when a
line is not a `TAG  - value` line (or blank), when rispy finds another number of records than
`TY` lines, or when it files a tag under `unknown_tag`.
"""
import json
import re
import sys
from importlib.metadata import version

import rispy


def main() -> int:
    out = {}
    status = 0
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8", newline="") as fh:
            text = fh.read()
        records = rispy.loads(text)
        lines = text.split("\r\n")
        bad = [l for l in lines if l and not re.fullmatch(r"[A-Z][A-Z0-9]  - .*", l)]
        starts = sum(1 for l in lines if l.startswith("TY  - "))
        unknown = [r["id"] for r in records if "unknown_tag" in r]
        if bad or starts != len(records) or unknown or not text.endswith("ER  - \r\n\r\n") and text:
            print(f"{path}: bad lines {bad[:5]}, {starts} TY, {len(records)} records, unknown tags in {unknown}", file=sys.stderr)
            status = 1
        out[path] = {"version": version("rispy"), "records": records}
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    return status


if __name__ == "__main__":
    sys.exit(main())
