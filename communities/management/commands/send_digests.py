"""python manage.py send_digests — one e-mail per member with their pending community notifications."""

from django.core.management.base import BaseCommand

from communities.services import send_digests


class Command(BaseCommand):
    help = "Kirim ringkasan e-mail notifikasi komunitas belajar (satu e-mail per pengguna)."

    def handle(self, **options):
        sent = send_digests()
        self.stdout.write(self.style.SUCCESS(f"{sent} e-mail ringkasan terkirim."))
