"""python manage.py idp_recap --year YYYY [--unit PATH] --format json|csv — the CLO recap rows (Formulir 2)."""

import csv
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ledger.services import find_unit
from planning.services.recap import RECAP_KEYS, clo_recap


class Command(BaseCommand):
    help = "Rekap Koordinator Pembelajaran (Formulir 2) per level: kompetensi, pengembangan, metode, sumber, waktu, "
    help += "unit peserta dan jumlah pegawai peserta."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help=_("tahun, mis. 2026"))
        parser.add_argument("--unit", help=_("path unit kerja, mis. 'Dinas PUPR/Bidang Bina Marga'"))
        parser.add_argument("--format", choices=["json", "csv"], default="json", help=_("format keluaran"))

    def handle(self, year, unit=None, format="json", **options):
        unit_obj = None
        if unit:
            unit_obj = find_unit(unit)
            if unit_obj is None:
                raise CommandError(_("Unit kerja tidak ditemukan: %(path)s") % {"path": unit})
        rows = [line.as_dict() for line in clo_recap(year, unit_obj)]
        if format == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        writer = csv.DictWriter(self.stdout, fieldnames=RECAP_KEYS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "units": "; ".join(row["units"])})
