"""python manage.py jp_report --year YYYY [--rulebook SLUG] [--unit PATH] --format json|csv"""

import csv
import json
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ledger.models import Rulebook
from ledger.services import find_unit, year_report

CSV_COLUMNS = [
    "nip",
    "name",
    "employment_type",
    "total_jp",
    "target_jp",
    "met",
    "classical",
    "guidance",
    "workplace",
]


def number(value):
    """A Decimal as a JSON number: 20 rather than 20.00, 4.8 as a float."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def report_rows(report):
    return [
        {
            "nip": row["nip"],
            "name": row["name"],
            "employment_type": row["employment_type"],
            "total_jp": number(row["total_jp"]),
            "target_jp": number(row["target_jp"]),
            "met": row["met"],
            "by_bucket": {bucket: number(jp) for bucket, jp in row["by_bucket"].items()},
            "entries": [
                {
                    "form": result.activity.form,
                    "title": result.activity.title,
                    "jp": number(result.jp),
                    "explanation": result.explanation,
                }
                for result in row["results"]
            ],
        }
        for row in report
    ]


class Command(BaseCommand):
    help = "Laporan JP tahunan per pegawai (JSON atau CSV)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help=_("tahun, mis. 2025"))
        parser.add_argument("--rulebook", help=_("kode peraturan konversi (bawaan: yang berlaku di situs)"))
        parser.add_argument("--unit", help=_("path unit kerja, mis. 'Dinas PUPR/Bidang Bina Marga'"))
        parser.add_argument("--format", choices=["json", "csv"], default="json", help=_("format keluaran"))

    def handle(self, year, rulebook=None, unit=None, format="json", **options):
        book = Rulebook.objects.filter(slug=rulebook).first() if rulebook else Rulebook.active()
        if book is None:
            raise CommandError(_("Peraturan konversi tidak dikenal: %(slug)s") % {"slug": rulebook or "-"})
        unit_obj = None
        if unit:
            unit_obj = find_unit(unit)
            if unit_obj is None:
                raise CommandError(_("Unit kerja tidak ditemukan: %(path)s") % {"path": unit})
        rows = report_rows(year_report(year, rulebook=book, unit=unit_obj))
        if format == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        writer = csv.DictWriter(self.stdout, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            flat = {name: row[name] for name in CSV_COLUMNS[:6]}
            flat["met"] = "" if row["met"] is None else ("true" if row["met"] else "false")
            flat.update(row["by_bucket"])
            writer.writerow(flat)
