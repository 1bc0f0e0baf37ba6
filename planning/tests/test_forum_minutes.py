"""The minutes (notulen) PDF of a learning forum: it holds who came and who did not, each decision with the IDP
rows it answers and the programme it created; only the invited, the chair and the CLO download it; its queries do
not grow with the forum."""

import io
import shutil
import struct
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from planning.lan import Level
from planning.models import DecisionKind, ForumParticipant
from planning.services import forums
from planning.services.minutes import minutes_html
from tests.factories import KeanggotaanFactory, UserFactory

from .conftest import YEAR
from .test_forums import WHEN, programme_data, strategic_line, verified  # noqa: F401 (fixture)


def text_of(content):
    assert content.startswith(b"%PDF-")
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


@pytest.fixture
def held(world, verified):  # noqa: F811
    """A strategis forum with attendance (the CLO and sekda came), minutes and three kinds of decision."""
    forum = forums.schedule(world["clo"], YEAR, Level.STRATEGIC, WHEN, place="Aula BKPSDM")
    forums.record_attendance(
        world["clo"], forum, [world["clo"].pk, world["sekda"].pk], minutes="Rapat dibuka pukul 09.00 oleh CLO."
    )
    ids = strategic_line().verification_ids
    forums.decide(
        world["clo"],
        forum,
        DecisionKind.ACCEPTED,
        ids,
        programme=programme_data(world, target_positions="Kepala Seksi Jalan"),
    )
    forums.decide(world["clo"], forum, DecisionKind.MOVED, ids, reason="Lintas kelompok", moved_to=Level.OPERATIONAL)
    forums.decide(world["clo"], forum, DecisionKind.FINDING, follow_up="Tambah sesi praktik lapangan")
    return forum


def url(forum):
    return reverse("planning:forum_minutes_pdf", args=[forum.pk])


def test_the_minutes_hold_attendance_decisions_and_the_programme(world, held, client):
    client.force_login(world["ketua_asn"])  # an invited participant who did not come
    response = client.get(url(held))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="notulen-forum-strategis-2026-04-07.pdf"'
    text = text_of(response.content)
    assert "NOTULEN FORUM PEMBELAJARAN" in text and "Aula BKPSDM" in text and "Selasa, 7 April 2026" in text
    assert f"09:00 {timezone.localtime(WHEN):%Z}" in text  # WIB with TIME_ZONE Asia/Jakarta
    for who in ("clo", "sekda", "ketua_asn", "ketua_infra"):
        assert str(world[who]) in text
    assert "Diundang: 4 · Hadir: 2 · Tidak hadir: 2" in text
    assert text.count("Tidak hadir") == 3  # two absentees and the count line
    assert "Rapat dibuka pukul 09.00 oleh CLO." in text
    assert "1. Kebutuhan diterima" in text and "Rizky Pratama, S.T." in text and "Komunikasi" in text
    assert world["employee"].nip not in text  # Formulir 2 names the employee; the NIP stays out of the minutes
    assert "2. Dipindahkan ke level lain → level Operasional" in text and "Lintas kelompok" in text
    assert "3. Temuan evaluasi" in text and "Tambah sesi praktik lapangan" in text
    for value in (
        "Pelatihan Komunikasi Publik",
        "Mampu menyampaikan laporan teknis dengan jelas",
        "Widyaiswara BPSDM Kalsel",
        "Bidang Bina Marga, Kepala Seksi Jalan",
        "4 Mei 2026 – 6 Mei 2026",
    ):
        assert value in text


def test_the_forum_page_links_the_minutes_for_a_participant(world, held, client):
    client.force_login(world["sekda"])
    assert url(held) in client.get(reverse("planning:forum", args=[held.pk])).content.decode()


def test_a_teknis_forum_online_names_its_kelompok_and_link_for_the_chair_and_the_clo(world, verified, client):  # noqa: F811
    video = "https://meet.example.org/forum-teknis-infrastruktur"
    forum = forums.schedule(
        world["ketua_infra"], YEAR, Level.TECHNICAL, WHEN, kelompok=world["kk_infra"], video_url=video
    )
    forum.participants.all().delete()  # e.g. the chair left the kelompok afterwards
    for who in ("ketua_infra", "clo"):
        client.force_login(world[who])
        text = text_of(client.get(url(forum)).content)
        assert "Level Teknis" in text and "KK Infrastruktur" in text and video in text.replace(" ", "")
        assert "Tidak ada peserta yang diundang." in text and "Belum ada keputusan." in text


def test_the_document_names_its_language(world, held):
    assert minutes_html(held).startswith('<!DOCTYPE html>\n<html lang="id">')
    with translation.override("en"):
        assert '<html lang="en">' in minutes_html(held)


@pytest.mark.parametrize("who", ["employee", "colleague", "member_asn", "ketua_asn"])
def test_who_is_not_invited_to_a_teknis_forum_is_refused(world, verified, client, who):  # noqa: F811
    """Another kelompok's members (anggota and ketua), other staff and the employee whose row it answers."""
    forum = forums.schedule(world["ketua_infra"], YEAR, Level.TECHNICAL, WHEN, kelompok=world["kk_infra"], place="R2")
    client.force_login(world[who])
    response = client.get(url(forum))
    assert response.status_code == 403 and not response.content.startswith(b"%PDF-")


def test_anonymous_and_inactive_users_are_refused(world, held, client):
    response = client.get(url(held))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    sekda = world["sekda"]
    sekda.is_active = False
    sekda.save()
    client.force_login(sekda)
    assert not client.get(url(held)).content.startswith(b"%PDF-")


def test_a_missing_forum_is_a_404(world, client):
    client.force_login(world["clo"])
    assert client.get(reverse("planning:forum_minutes_pdf", args=[999])).status_code == 404


def test_the_minutes_run_constant_queries(world, held, client, django_assert_max_num_queries):
    client.force_login(world["ketua_asn"])
    client.get(url(held))
    with django_assert_max_num_queries(20) as first:
        client.get(url(held))
    kelompok = world["kk_asn"]
    for n in range(12):
        user = KeanggotaanFactory(kelompok=kelompok, user=UserFactory(username=f"peserta{n}")).user
        ForumParticipant.objects.create(forum=held, user=user, role="Anggota", attended=n % 2 == 0)
    ids = strategic_line().verification_ids
    for n in range(5):
        data = programme_data(world, title=f"Program tambahan {n}", target_units=[world["bidang"], world["other"]])
        forums.decide(world["clo"], held, DecisionKind.ACCEPTED, ids, programme=data)
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(url(held))
    text = text_of(response.content)
    assert "Program tambahan 4" in text and "Diundang: 16 · Hadir: 8 · Tidak hadir: 8" in text


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils (pdftoppm) is not installed")
def test_the_minutes_are_an_a4_portrait_document_poppler_renders(world, held, client, tmp_path):
    client.force_login(world["clo"])
    source = tmp_path / "notulen.pdf"
    source.write_bytes(client.get(url(held)).content)
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", source, tmp_path / "page"], check=True)
    png = next(tmp_path.glob("page*.png")).read_bytes()
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    assert (width, height) == (414, 585)  # A4 (210 × 297 mm) at 50 dpi
