"""python manage.py seed_demo — fill the site with a living demo institution (idempotent)."""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from corpu.mail import site_url


class Command(BaseCommand):
    help = "Isi situs dengan data demo (unit kerja, pegawai, kelompok keahlian, konten). Aman dijalankan ulang."

    def handle(self, **options):
        """Run `<app>.demo.seed(stdout)` for every CorpU app that has one, in INSTALLED_APPS order."""
        for app in settings.CORPU_APPS:
            try:
                module = import_module(f"{app}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{app}.demo":
                    raise
                continue
            with transaction.atomic():
                module.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Data demo siap: {site_url('/')} (admin: {site_url('/admin/')})."))
