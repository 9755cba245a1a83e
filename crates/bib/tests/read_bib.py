"""Read .bib files with bibtexparser and print what it found as JSON (the Rust test asserts).

Usage: python read_bib.py FILE.bib [FILE.bib ...]
Prints {"FILE": [{"ID": ..., "ENTRYTYPE": ..., field: value, ...}, ...], ...}.
Exits 1 when a file holds fewer entries than `@` lines start, i.e. bibtexparser dropped some.
"""
import json
import sys

import bibtexparser
from bibtexparser.bparser import BibTexParser


def main() -> int:
    out = {}
    status = 0
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        parser = BibTexParser(common_strings=True, ignore_nonstandard_types=False)
        db = bibtexparser.loads(text, parser=parser)
        starts = sum(1 for line in text.splitlines() if line.startswith("@"))
        if len(db.entries) != starts:
            print(f"{path}: {len(db.entries)} entries read, {starts} written", file=sys.stderr)
            status = 1
        out[path] = db.entries
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    return status


if __name__ == "__main__":
    sys.exit(main())
