"""python manage.py programme_invitations [--tahun N] — invite the targets of a year's learning programmes and
e-mail the invitations not e-mailed yet (idempotent: nobody is invited or e-mailed twice)."""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from planning.services.invitations import invite_year


class Command(BaseCommand):
    help = "Kirim undangan program pembelajaran satu tahun kepada pegawai sasaran (aman dijalankan ulang)."

    def add_arguments(self, parser):
        parser.add_argument("--tahun", type=int, default=None, help="Tahun program (bawaan: tahun ini).")

    def handle(self, **options):
        year = options["tahun"] or timezone.localdate().year
        made, sent = invite_year(year)
        self.stdout.write(
            _("Program %(year)s: %(made)s undangan baru, %(sent)s surel terkirim.")
            % {"year": year, "made": made, "sent": sent}
        )
