"""python manage.py purge_sign_in_events [--days N] — delete sign-in audit events older than the retention."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from people.signin_audit import purge


class Command(BaseCommand):
    help = "Hapus catatan audit masuk yang lebih tua dari masa simpan (SIGN_IN_AUDIT_RETENTION_DAYS, bawaan 365 hari)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help=_("masa simpan dalam hari"))

    def handle(self, days=None, **options):
        self.stdout.write(_("%(n)d catatan audit masuk dihapus.") % {"n": purge(days)})
