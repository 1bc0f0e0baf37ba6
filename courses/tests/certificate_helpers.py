"""Shared helpers of the certificate tests: a one-lesson course completed through the services, the settings."""

import subprocess
from decimal import Decimal

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from corpu.access import AccessLevel
from courses import services
from courses.models import CourseCatalogPage, CoursePage, LessonPage

SIGNATORY_NIP = "197203041998031002"


def catalog(home):
    return home.add_child(instance=CourseCatalogPage(title="Kursus", slug="kursus-sertifikat"))


def course(parent, title="Etika Pelayanan Publik", jp=4):
    fields = {"access_level": AccessLevel.PUBLIC, "jp_value": Decimal(jp), "ledger_form": "e_learning"}
    page = parent.add_child(instance=CoursePage(title=title, **fields))
    page.add_child(instance=LessonPage(title="Materi", body=[("text", "<p>Materi</p>")]))
    return page


def complete(user, page):
    """Enrol and finish the course's only lesson: the course completes and its certificate is issued."""
    enrolment = services.enrol(user, page)
    services.complete_lesson(user, page.get_children().specific().get())
    enrolment.refresh_from_db()
    return enrolment.valid_certificate


def configure(images=True, **fields):
    """The default site's certificate settings (a logo and a signature image unless told otherwise)."""
    from courses.models import CertificateSettings

    chosen = CertificateSettings.for_site(Site.objects.get(is_default_site=True))
    values = {
        "institution_name": "Pemerintah Kabupaten Balangan",
        "signatory_name": "Drs. Ahmad Fauzi, M.Si.",
        "signatory_nip": SIGNATORY_NIP,
        "signatory_position": "Kepala BKPSDM Kabupaten Balangan",
    }
    values.update(fields)
    for name, value in values.items():
        setattr(chosen, name, value)
    if images:
        image = get_image_model()
        chosen.institution_logo = image.objects.create(title="Lambang Pemkab", file=get_test_image_file("logo.png"))
        chosen.signature = image.objects.create(title="Tanda tangan Kepala", file=get_test_image_file("ttd.png"))
    chosen.full_clean()
    chosen.save()
    return chosen


def pdf_text(tmp_path, content):
    path = tmp_path / "sertifikat.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def pdf_image_count(tmp_path, content):
    path = tmp_path / "gambar.pdf"
    path.write_bytes(content)
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    return len(listing.strip().splitlines()) - 2  # two header lines
