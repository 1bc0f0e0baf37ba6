"""python manage.py import_assets DIR --metadata FILE.csv — draft assets from existing PDF/DOCX files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from corpu.csvimport import ImportFailed, fail_command, read_text
from knowledge_assets.importer import COLUMNS, import_assets


class Command(BaseCommand):
    help = "Buat draf aset pengetahuan dari berkas PDF/DOCX beserta metadata CSV. Kolom: " + ",".join(COLUMNS)

    def add_arguments(self, parser):
        parser.add_argument("directory", help=_("folder berisi berkas PDF/DOCX"))
        parser.add_argument("--metadata", required=True, help=_("berkas CSV metadata"))
        parser.add_argument("--dry-run", action="store_true", help=_("periksa saja, jangan simpan"))

    def handle(self, directory, metadata, dry_run=False, **options):
        folder = Path(directory)
        if not folder.is_dir():
            raise CommandError(_("Folder tidak ditemukan: %(path)s") % {"path": directory})
        try:
            result = import_assets(folder, read_text(metadata), dry_run=dry_run)
        except ImportFailed as failure:
            raise fail_command(self, failure) from None
        if dry_run:
            self.stdout.write(_("Pemeriksaan lolos: %(n)d baris siap diimpor.") % {"n": len(result.created)})
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("Impor selesai: %(n)d draf aset dibuat; ajukan ke revidu pakar untuk diterbitkan.")
                % {"n": len(result.created)}
            )
        )
