"""python manage.py import_asn FILE.csv — onboard employees from an HR export, all or nothing."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from corpu.csvimport import ImportFailed, fail_command, read_text
from people.importer import COLUMNS, OPTIONAL_COLUMNS, import_asn


class Command(BaseCommand):
    help = (
        "Impor pegawai dari CSV ekspor kepegawaian. Kolom: "
        + ",".join(COLUMNS)
        + "; opsional: "
        + ",".join(OPTIONAL_COLUMNS)
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("berkas CSV"))
        parser.add_argument("--dry-run", action="store_true", help=_("periksa saja, jangan simpan"))
        parser.add_argument(
            "--allow-mass-deactivation",
            action="store_true",
            help=_("izinkan menonaktifkan lebih dari 20%% pegawai aktif sekaligus"),
        )

    def handle(self, file, dry_run=False, allow_mass_deactivation=False, **options):
        try:
            result = import_asn(read_text(file), dry_run=dry_run, allow_mass_deactivation=allow_mass_deactivation)
        except ImportFailed as failure:
            raise fail_command(self, failure) from None
        if dry_run:
            self.stdout.write(_("Pemeriksaan lolos: %(n)d baris siap diimpor.") % {"n": len(result.rows)})
            self._list_deactivated(result, _("Akan dinonaktifkan (tidak ada lagi dalam berkas): %(n)d pegawai"))
            return
        self._list_deactivated(result, _("Dinonaktifkan (tidak ada lagi dalam berkas): %(n)d pegawai"))
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Impor selesai: %(c)d pegawai baru, %(u)d diperbarui, %(r)d diaktifkan kembali, "
                    "%(d)d dinonaktifkan, %(k)d unit kerja baru."
                )
                % {
                    "c": result.created,
                    "u": result.updated,
                    "r": result.reactivated,
                    "d": len(result.deactivated),
                    "k": result.units_created,
                }
            )
        )

    def _list_deactivated(self, result, heading):
        self.stdout.write(heading % {"n": len(result.deactivated)})
        for identity, name in result.deactivated:
            self.stdout.write(f"  {identity}  {name}")
