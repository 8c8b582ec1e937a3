"""Fill the Chinese catalogue from `msgid<TAB>msgstr` lines on standard input, then compile it.

    make messages                                  # collect new English strings (needs gettext)
    python scripts/po_fill.py < my-translations.tsv   # one line each: English<TAB>中文

Only the entries named are touched; a translated entry loses its "fuzzy" mark. Prints what is still
untranslated, so nothing ships in English by mistake.
"""

import sys
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def main() -> int:
    po = polib.pofile(str(CATALOGUE))
    entries = {entry.msgid: entry for entry in po}
    unknown = []
    for number, line in enumerate(sys.stdin, 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        try:
            msgid, msgstr = line.split("\t")
        except ValueError:
            print(f"line {number}: expected English<TAB>中文", file=sys.stderr)
            return 1
        msgid, msgstr = msgid.replace("\\n", "\n"), msgstr.replace("\\n", "\n")
        entry = entries.get(msgid)
        if entry is None:
            unknown.append(msgid)
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: msgstr}
        else:
            entry.msgstr = msgstr
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save()
    po.save_as_mofile(str(CATALOGUE.with_suffix(".mo")))
    for msgid in unknown:
        print(f"not in the catalogue (run make messages?): {msgid!r}", file=sys.stderr)
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
