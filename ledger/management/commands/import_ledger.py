"""python manage.py import_ledger FILE.csv [--rulebook SLUG] [--dry-run] — verified JP entries from a CSV
(optional columns: rumpun, issuer, certificate_date, valid_until)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from corpu.csvimport import ImportFailed, fail_command, read_text
from ledger.importer import COLUMNS, OPTIONAL_COLUMNS, import_ledger
from ledger.models import Rulebook


class Command(BaseCommand):
    help = (
        "Impor riwayat pengembangan kompetensi (entri JP terverifikasi). Kolom: "
        + ",".join(COLUMNS)
        + "; opsional: "
        + ",".join(OPTIONAL_COLUMNS)
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("berkas CSV"))
        parser.add_argument("--rulebook", help=_("kode peraturan konversi untuk memeriksa bentuk kegiatan"))
        parser.add_argument("--dry-run", action="store_true", help=_("periksa saja, jangan simpan"))

    def handle(self, file, rulebook=None, dry_run=False, **options):
        text = read_text(file)
        book = None
        if rulebook:
            book = Rulebook.objects.filter(slug=rulebook).first()
            if book is None:
                raise CommandError(_("Peraturan konversi tidak dikenal: %(slug)s") % {"slug": rulebook})
        try:
            result = import_ledger(text, rulebook=book, dry_run=dry_run)
        except ImportFailed as failure:
            raise fail_command(self, failure) from None
        except ValidationError as error:  # refused while posting, e.g. a certificate already counting
            raise fail_command(self, ImportFailed(error.messages)) from None
        if dry_run:
            self.stdout.write(
                _("Pemeriksaan lolos: %(n)d baris, %(c)d akan ditambahkan, %(e)d sudah ada.")
                % {"n": len(result.rows), "c": result.created, "e": result.existing}
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("Impor selesai: %(c)d entri baru, %(e)d sudah ada sebelumnya.")
                % {"c": result.created, "e": result.existing}
            )
        )
