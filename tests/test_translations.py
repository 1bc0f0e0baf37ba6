"""No untranslated string: every entry of the committed catalogues has an English translation (none fuzzy), and
every string in today's code is in the catalogue (scripts/check_translations.py, imported, does both)."""

import hashlib
import importlib.util
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("check_translations", PROJECT / "scripts" / "check_translations.py")
check_translations = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_translations)

CATALOGUES = sorted(
    path
    for path in PROJECT.glob("**/locale/*/LC_MESSAGES/*.po")
    if not {".venv", "node_modules"} & set(path.relative_to(PROJECT).parts)
)


def test_the_project_has_catalogues():
    assert PROJECT / check_translations.PO in CATALOGUES


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda path: str(path.relative_to(PROJECT)))
def test_every_catalogue_entry_is_translated_and_none_is_fuzzy(po):
    assert check_translations.untranslated(po.read_text(encoding="utf-8")) == []


def test_every_string_in_the_code_is_in_the_catalogue():
    """makemessages into a temporary copy: a string missing from the catalogue comes out untranslated."""
    po = PROJECT / check_translations.PO
    before = hashlib.sha256(po.read_bytes()).hexdigest()
    missing = check_translations.untranslated(check_translations.catalogue_from_source())
    assert hashlib.sha256(po.read_bytes()).hexdigest() == before  # the committed catalogue is untouched
    assert missing == [], f"{len(missing)} string(s) not in {check_translations.PO}: run makemessages -l en"
