"""python manage.py load_rulebooks — create the shipped JP rulebooks and rules that are missing (never overwrites)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ledger.loader import load_rulebooks


class Command(BaseCommand):
    help = "Muat peraturan konversi JP bawaan (hanya yang belum ada; suntingan admin tidak ditimpa)."

    def handle(self, **options):
        books, rules = load_rulebooks()
        self.stdout.write(
            self.style.SUCCESS(_("%(b)d peraturan dan %(r)d aturan baru dimuat.") % {"b": books, "r": rules})
        )
