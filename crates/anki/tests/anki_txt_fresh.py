"""Imports papercat's text file into a fresh collection with the real `anki` library.

Usage: anki_txt_fresh.py WORKDIR DECK.apkg EMPTY.apkg DECK.txt

DECK.apkg and DECK.txt are written from the same catalogue with the same options; EMPTY.apkg
from an empty catalogue with those options (our note types, no notes).

A. a fresh collection imports DECK.apkg (Anki's default options);
B. another fresh collection
   1. imports DECK.txt as it is: Anki's text import cannot create note types, so every row
      is reported as a missing note type;
   2. imports EMPTY.apkg: Anki brings a package's note types along only with its notes, so no
      note type arrives;
   3. receives DECK.apkg's note types (and nothing else) through the anki API: the package's
      own collection is opened with anki and each papercat note type is added to B as it is,
      under a new id (Anki refuses to add a note type with a given id);
   4. imports DECK.txt again.
It prints one JSON object with the logs and snapshots (see anki_import.py) of A and of B after
each step; the Rust test asserts B ends up with the same notes as A.
"""

import json
import os
import sys
import zipfile

from anki.collection import Collection
from anki.import_export_pb2 import ImportCsvRequest

from anki_import import import_apkg, snapshot


def import_txt(col, path):
    metadata = col.get_csv_metadata(path, None)
    log = col.import_csv(ImportCsvRequest(path=path, metadata=metadata)).log
    return {"new": len(log.new), "updated": len(log.updated), "duplicate": len(log.duplicate),
            "conflicting": len(log.conflicting), "missing_notetype": len(log.missing_notetype),
            "empty_first_field": len(log.empty_first_field)}


def package_notetypes(work, package):
    """The papercat note types of a package, as anki reads them from its collection."""
    folder = os.path.join(work, "package")
    with zipfile.ZipFile(package) as z:
        z.extract("collection.anki2", folder)
    col = Collection(os.path.join(folder, "collection.anki2"))
    notetypes = [col.models.get(n.id) for n in col.models.all_names_and_ids()
                 if n.name.startswith("papercat ")]
    col.close()
    return notetypes


def notetype_names(col):
    return sorted(n.name for n in col.models.all_names_and_ids())


def main():
    work, package, empty, txt = sys.argv[1:5]
    out = {}
    a = Collection(os.path.join(work, "a.anki2"))
    out["a_log"] = import_apkg(a, package)
    out["a"] = snapshot(a)
    a.close()

    b = Collection(os.path.join(work, "b.anki2"))
    out["b_notetypes_fresh"] = notetype_names(b)
    out["b_txt_alone_log"] = import_txt(b, txt)
    out["b_txt_alone_note_count"] = b.note_count()
    out["b_empty_log"] = import_apkg(b, empty)
    out["b_notetypes_after_empty"] = notetype_names(b)
    for notetype in package_notetypes(work, package):
        notetype["id"] = 0
        b.models.add_dict(notetype)
    out["b_notetypes_added"] = notetype_names(b)
    out["b_log"] = import_txt(b, txt)
    out["b"] = snapshot(b)
    b.close()
    print(json.dumps(out, ensure_ascii=False, sort_keys=True))


if __name__ == "__main__":
    main()
