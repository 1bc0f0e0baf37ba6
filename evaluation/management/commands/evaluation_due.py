"""python manage.py evaluation_due — the daily evaluation run (schedule it once a day, e.g. cron
`15 6 * * * cd /srv/corpu && .venv/bin/python manage.py evaluation_due`): behaviour tasks follow the ledger
(reversals cancel, corrections move), open tasks follow the unit heads, tasks due today are created, and their
assessors are reminded. Idempotent: running it twice, or twice at once, creates and sends nothing more."""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation.services import behaviour


class Command(BaseCommand):
    help = "Buat tugas evaluasi perilaku yang jatuh tempo dan kirim pengingatnya (jalankan setiap hari)."

    def handle(self, **options):
        today = timezone.localdate()
        moved, cancelled = behaviour.follow_ledger()
        reassigned = behaviour.reassign_open_tasks()
        created = behaviour.create_due_tasks(today)
        sent = behaviour.send_reminders(today)
        self.stdout.write(
            _(
                "Evaluasi perilaku: %(created)s tugas baru, %(sent)s pengingat terkirim, %(moved)s dipindahkan, "
                "%(cancelled)s dibatalkan, %(reassigned)s berganti penilai."
            )
            % {"created": len(created), "sent": sent, "moved": moved, "cancelled": cancelled, "reassigned": reassigned}
        )
