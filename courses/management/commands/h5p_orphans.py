"""python manage.py h5p_orphans [--delete] — list (or delete) H5P files in private storage that no row uses.

Orphans are package files, extracted content folders and library folders with no H5PActivity or H5PLibrary
row, and staging folders of uploads that never finished. Exit status 1 when orphans are found and kept.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from corpu.storage import private_storage
from courses.h5p.install import CONTENT_ROOT, LIBRARY_ROOT, PACKAGE_ROOT, STAGING_ROOT, remove
from courses.models import H5PActivity, H5PLibrary

STAGING_GRACE_SECONDS = 3600  # an upload in progress is not an orphan


def orphans():
    """Storage names (relative to private storage) of H5P files and folders nothing refers to."""
    used = set(H5PActivity.objects.values_list("package", flat=True))
    used |= set(H5PActivity.objects.values_list("folder", flat=True))
    used |= set(H5PLibrary.objects.values_list("folder", flat=True))
    found = []
    for root in (PACKAGE_ROOT, CONTENT_ROOT, LIBRARY_ROOT, STAGING_ROOT):
        directory = Path(private_storage.path(root))
        if not directory.is_dir():
            continue
        for entry in sorted(directory.iterdir()):
            name = f"{root}/{entry.name}"
            stale = root != STAGING_ROOT or entry.stat().st_mtime < time.time() - STAGING_GRACE_SECONDS
            if name not in used and stale:
                found.append(name)
    return found


class Command(BaseCommand):
    help = "Daftar (atau hapus dengan --delete) berkas dan folder H5P di penyimpanan privat yang tidak dipakai."

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Hapus yatim yang ditemukan.")

    def handle(self, delete=False, **options):
        found = orphans()
        for name in found:
            self.stdout.write(name)
        if delete:
            remove(*found)
            self.stdout.write(f"{len(found)} dihapus.")
        elif found:
            raise CommandError(f"{len(found)} berkas/folder H5P yatim; jalankan dengan --delete untuk menghapus.")
