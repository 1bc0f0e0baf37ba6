"""python manage.py idp_reminders — e-mail the owners of open IDP tasks due within three days or overdue (run daily)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from planning.services.tasks import send_reminders


class Command(BaseCommand):
    help = "Kirim pengingat tugas IDP yang tenggatnya dekat atau terlewat (jalankan setiap hari)."

    def handle(self, **options):
        sent = send_reminders()
        self.stdout.write(_("%(n)s pengingat IDP terkirim.") % {"n": sent})
