"""Fail when a user-facing string has no English translation (or only a fuzzy one).

Runs `makemessages -l en` over the project, reads the catalogue it produced, then puts the committed catalogue
back, so the check changes no file. Run from the project folder: `.venv/bin/python scripts/check_translations.py`.
"""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PO = Path("locale/en/LC_MESSAGES/django.po")


def untranslated(text):
    """The msgids of entries whose msgstr is empty or that are marked fuzzy."""
    found = []
    for block in text.split("\n\n")[1:]:
        if block.lstrip().startswith("#~"):
            continue  # obsolete entries: no longer in the code
        found_id = re.search(r'^msgid ((?:".*"\n?)+)', block + "\n", re.M)
        msgid = "".join(re.findall(r'"(.*)"', found_id.group(1))) if found_id else ""
        strings = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block + "\n", re.M)
        empty = any("".join(re.findall(r'"(.*)"', s)) == "" for s in strings)
        if empty or "#, fuzzy" in block:
            found.append(msgid)
    return found


def main():
    with tempfile.TemporaryDirectory() as tmp:
        backup = Path(tmp) / "django.po"
        shutil.copy(PO, backup)
        try:
            subprocess.run(
                [
                    sys.executable,
                    "manage.py",
                    "makemessages",
                    "-l",
                    "en",
                    "--ignore=.venv",
                    "--ignore=node_modules",
                    "-v0",
                ],
                check=True,
            )
            missing = untranslated(PO.read_text(encoding="utf-8"))
        finally:
            shutil.copy(backup, PO)
    if missing:
        print(f"translations: {len(missing)} string(s) without an English translation in {PO}:")
        for msgid in missing:
            print(f"  {msgid!r}")
        print("run `python manage.py makemessages -l en`, translate them, and commit the catalogue")
        return 1
    print("translations: every string has an English translation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
