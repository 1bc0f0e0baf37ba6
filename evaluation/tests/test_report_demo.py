"""The yearly report renders from the `seed_demo` institution: built by the task, its first pages converted to PNG
with pdftoppm (poppler-utils), as a person would look at them."""

import io
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from evaluation.figures import FIGURES, SECTIONS, compute
from evaluation.models import ReportStatus
from evaluation.report.builder import format_value
from evaluation.services import report as service
from people.models import User

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) not installed")


@pytest.mark.django_db
def test_the_report_renders_from_seed_demo_data(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call_command("seed_demo", stdout=io.StringIO())
    year = timezone.localdate().year
    clo = User.objects.get(username="clo")
    with django_capture_on_commit_callbacks(execute=True):
        report = service.request_report(clo, year, "Pemerintah Kabupaten Balangan")
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    assert report.failed_sections == []
    # the demo year is not empty: the institution has staff, JP, published assets, courses and programmes
    for name in ("jp_pns_count", "jp_total", "km_assets_published", "infra_courses_published", "align_programmes"):
        assert compute(name, year), name
    pdf_path = tmp_path / "laporan.pdf"
    with report.pdf.open("rb") as handle:
        pdf_path.write_bytes(handle.read())
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(pdf_path).pages).split())
    assert all(" ".join(str(title).split()) in text for title in SECTIONS.values())
    for name in FIGURES:
        value = compute(name, year)
        for piece in value.values() if isinstance(value, dict) else [value]:
            assert format_value(piece) in text, name
    pages = settings.TEST_MEDIA / "laporan-evaluasi-png"
    shutil.rmtree(pages, ignore_errors=True)
    pages.mkdir(parents=True)
    shutil.copy(pdf_path, pages / "laporan.pdf")  # kept (git-ignored) for a person to look at
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", pdf_path, pages / "halaman"], check=True)
    images = sorted(pages.glob("halaman-*.png"))
    assert len(images) == 2 and all(image.stat().st_size > 5_000 for image in images)
    assert all(image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for image in images)
