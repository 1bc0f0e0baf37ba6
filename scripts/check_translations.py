"""Fail when a user-facing string has no English translation (or only a fuzzy one).

Runs `makemessages -l en` over the project into a temporary copy of the committed catalogue and reads that copy,
so the check changes no file. Run from the project folder: `.venv/bin/python scripts/check_translations.py`.
tests/test_translations.py imports `untranslated` and `catalogue_from_source`.
"""

import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
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


def catalogue_from_source():
    """The English catalogue as `makemessages` makes it from today's code, made in a copy of the committed one.

    The copy lives in a hidden folder of the project (makemessages skips hidden folders) that is the only
    LOCALE_PATHS entry, and locale/ folders are skipped, so every project file's strings go to the copy and
    locale/ stays untouched. Needs Django set up."""
    from django.core.management import call_command
    from django.test.utils import override_settings

    with tempfile.TemporaryDirectory(dir=PROJECT, prefix=".translations-") as tmp:
        copy = Path(tmp) / PO.relative_to("locale")
        copy.parent.mkdir(parents=True)
        shutil.copy(PROJECT / PO, copy)
        here = os.getcwd()
        os.chdir(PROJECT)
        try:
            with override_settings(LOCALE_PATHS=[Path(tmp)]):
                skip = [".venv", "node_modules", "locale"]
                call_command("makemessages", locale=["en"], ignore_patterns=skip, verbosity=0)
        finally:
            os.chdir(here)
        return copy.read_text(encoding="utf-8")


def main():
    import django

    sys.path.insert(0, str(PROJECT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corpu.settings.dev")
    django.setup()
    missing = untranslated(catalogue_from_source())
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
