"""All-or-nothing CSV imports shared by `import_asn`, `import_ledger` and `import_assets`.

Spreadsheet exports come comma or semicolon separated, UTF-8 with or without BOM (or Latin-1); every error is
collected with its line number and nothing is written while any row is bad.
"""

import csv
import datetime
import io
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _


class ImportFailed(Exception):
    """Raised with every error found; nothing was written."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


def optional_date(value, column, errors):
    """An optional date cell written dd/mm/yyyy (as MyASN shows it) or yyyy-mm-dd; None when empty or bad (then
    the error names the column and the value)."""
    if not value:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    errors.append(_("%(col)s '%(v)s' harus berformat DD/MM/YYYY atau YYYY-MM-DD") % {"col": column, "v": value})
    return None


def read_text(file):
    """The text of a CSV file named on the command line."""
    path = Path(file)
    if not path.is_file():
        raise CommandError(_("Berkas tidak ditemukan: %(path)s") % {"path": file})
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return path.read_text(encoding="latin-1")


def read_rows(text, columns):
    """(line number, row dict) pairs with stripped values; blank rows are skipped, missing columns fail line 1."""
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in columns if name not in header]
    if missing:
        raise ImportFailed([_("Baris 1: kolom wajib tidak ada: %(cols)s.") % {"cols": ", ".join(missing)}])
    reader.fieldnames = header
    rows = []
    for row in reader:
        cleaned = {key: (value or "").strip() for key, value in row.items() if key}
        if any(cleaned.values()):
            rows.append((reader.line_num, cleaned))
    return rows


def fail_command(command, failure):
    """Write every error to stderr and stop the command with the count."""
    for error in failure.errors:
        command.stderr.write(error)
    return CommandError(_("%(n)d kesalahan ditemukan; tidak ada data yang diimpor.") % {"n": len(failure.errors)})
