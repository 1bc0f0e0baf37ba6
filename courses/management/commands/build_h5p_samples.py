"""python manage.py build_h5p_samples [DIR] — package CorpU's own H5P content types as sample `.h5p` files."""

from django.core.management.base import BaseCommand

from courses.h5p.build import SAMPLES_DIR, build_samples
from courses.h5p.package import validate_package


class Command(BaseCommand):
    help = "Bangun paket contoh .h5p dari jenis konten H5P milik CorpU."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default=str(SAMPLES_DIR))

    def handle(self, directory, **options):
        for path in build_samples(directory):
            package = validate_package(path)
            self.stdout.write(f"{path} — {package.title} ({package.main_library})")
