"""python manage.py import_asn FILE.csv — onboard employees from an HR export, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from people.importer import COLUMNS, ImportFailed, import_asn


class Command(BaseCommand):
    help = "Impor pegawai dari CSV ekspor kepegawaian. Kolom: " + ",".join(COLUMNS)

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("berkas CSV"))
        parser.add_argument("--dry-run", action="store_true", help=_("periksa saja, jangan simpan"))

    def handle(self, file, dry_run=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("Berkas tidak ditemukan: %(path)s") % {"path": file})
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            text = path.read_text(encoding="latin-1")
        try:
            result = import_asn(text, dry_run=dry_run)
        except ImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(error)
            raise CommandError(
                _("%(n)d kesalahan ditemukan; tidak ada data yang diimpor.") % {"n": len(failure.errors)}
            ) from None
        if dry_run:
            self.stdout.write(_("Pemeriksaan lolos: %(n)d baris siap diimpor.") % {"n": len(result.rows)})
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("Impor selesai: %(c)d pegawai baru, %(u)d diperbarui, %(k)d unit kerja baru.")
                % {"c": result.created, "u": result.updated, "k": result.units_created}
            )
        )
