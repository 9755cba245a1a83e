"""Read .bib files with bibtexparser 2 and print what it found as JSON (the Rust tests assert).

Usage: python read_bib.py FILE.bib [FILE.bib ...]
Prints {"FILE": {"version": ..., "failed": [...], "entries": [...]}, ...} where each entry is
{"key": ..., "type": ..., "fields": [[name, raw value], ...], "title_text": ...}:
- "fields" are the values as bibtexparser's default parse stack reads them (string references
  such as `apr` resolved or kept, the enclosing braces removed), names as written, in order;
- "title_text" is the title decoded to plain text by bibtexparser's LatexDecodingMiddleware
  (pylatexenc), with math read as text (`{$\\varphi$}`, how the writer spells a Greek
  letter, is `φ`); null when the entry has no title. pylatexenc's
  default macro table lacks three standard LaTeX text macros our writer uses for lone
  braces and carets; they are added with their LaTeX meaning (`\textbraceleft` is `{`,
  `\textbraceright` is `}`, `\textasciicircum` is `^`, where pylatexenc would give U+02C6).
- "failed" lists bibtexparser's failed blocks (duplicate keys or fields, unparsable text).
Exits 1 when a file has failed blocks or holds fewer entries than `@` lines start there.
"""
import json
import sys

import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db


def decoder() -> LatexNodes2Text:
    """bibtexparser's default decoder (see LatexDecodingMiddleware) plus the three macros."""
    db = get_default_latex_context_db()
    db.add_context_category(
        "papercat-read-bib",
        prepend=True,
        macros=[
            MacroTextSpec("url", simplify_repl="%s"),
            MacroTextSpec("textbraceleft", simplify_repl="{"),
            MacroTextSpec("textbraceright", simplify_repl="}"),
            MacroTextSpec("textasciicircum", simplify_repl="^"),
        ],
    )
    return LatexNodes2Text(latex_context=db, keep_braced_groups=False, math_mode="text")


def read(text: str) -> dict:
    library = bibtexparser.parse_string(text)
    decoded = bibtexparser.parse_string(
        text, append_middleware=[LatexDecodingMiddleware(decoder=decoder())]
    )
    titles = {}
    for entry in decoded.entries:
        field = entry.fields_dict.get("title")
        titles[entry.key] = None if field is None else field.value
    entries = []
    for entry in library.entries:
        entries.append(
            {
                "key": entry.key,
                "type": entry.entry_type,
                "fields": [[f.key, f.value] for f in entry.fields],
                "title_text": titles.get(entry.key),
            }
        )
    failed = [
        f"{type(b).__name__} at line {b.start_line}: {getattr(b, 'error', None)!r}"
        for b in library.failed_blocks
    ]
    return {"version": bibtexparser.__version__, "failed": failed, "entries": entries}


def main() -> int:
    out = {}
    status = 0
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        result = read(text)
        starts = sum(1 for line in text.splitlines() if line.startswith("@"))
        if result["failed"] or len(result["entries"]) != starts:
            print(
                f"{path}: {len(result['entries'])} entries read, {starts} written, "
                f"failed blocks: {result['failed']}",
                file=sys.stderr,
            )
            status = 1
        out[path] = result
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    return status


if __name__ == "__main__":
    sys.exit(main())
