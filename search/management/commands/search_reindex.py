"""python manage.py search_reindex — rebuild the search index with a progress bar; safe while the site serves."""

import sys
import time

from django.core.management.base import BaseCommand

from search.index import reindex


class Command(BaseCommand):
    help = "Bangun ulang indeks pencarian (aman dijalankan saat situs melayani)."

    def handle(self, **options):
        started = time.perf_counter()
        interactive = sys.stdout.isatty()

        stage_shown = [None]

        def progress(done, total, stage="dokumen"):
            if stage_shown[0] not in (None, stage):
                self.stdout.write("")  # a later stage (e.g. filling Elasticsearch) gets its own bar
            stage_shown[0] = stage
            if interactive or done == total or done % 500 == 0:
                width = 30
                filled = int(width * done / total) if total else width
                bar = f"{'#' * filled}{'.' * (width - filled)}"
                self.stdout.write(f"\r{stage:<13} [{bar}] {done}/{total}", ending="")
                self.stdout.flush()

        count = reindex(progress)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"{count} dokumen terindeks dalam {time.perf_counter() - started:.1f} s."))
