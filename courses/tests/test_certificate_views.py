"""Issue 18: "Sertifikat saya" and the CLO's certificate management (search, revoke, reissue) — access, CSRF, bad
input and constant queries."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Certificate, CertificateAudit, CertificateStatus
from courses.services import certificates as service
from courses.tests.certificate_helpers import catalog, complete, configure, course
from people.roles import CLO, assign_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MINE = reverse("courses:my_certificates")
MANAGE = reverse("courses:manage_certificates")


@pytest.fixture
def world(home):
    configure(images=False)
    learner = UserFactory(nama="Siti Rahmah", nip="199001152015032001")
    clo = UserFactory()
    assign_role(clo, CLO)
    parent = catalog(home)
    certificate = complete(learner, course(parent))
    return {"learner": learner, "clo": clo, "other": UserFactory(), "catalog": parent, "certificate": certificate}


def signed_in(user, **options):
    client = Client(**options)
    client.force_login(user)
    return client


def more_certificates(world, count, user=None):
    for n in range(count):
        complete(user or UserFactory(), course(world["catalog"], title=f"Kursus {n}-{user and user.pk}"))


def test_my_certificates_lists_course_jp_status_and_links(world):
    certificate = world["certificate"]
    page = signed_in(world["learner"]).get(MINE)
    assert page.status_code == 200
    for expected in ("Etika Pelayanan Publik", "sah", certificate.code):
        assert expected in page.text
    assert reverse("courses:certificate_pdf", args=[certificate.code]) in page.text
    assert f"/sertifikat/{certificate.code}/" in page.text
    assert MANAGE not in page.text and MANAGE in signed_in(world["clo"]).get(MINE).text
    assert "Siti" not in signed_in(world["other"]).get(MINE).text  # only one's own
    assert Client().get(MINE).status_code == 302


def test_my_certificates_shows_a_revoked_one_without_its_pdf(world):
    certificate = service.revoke(world["certificate"], world["clo"], "Keliru")
    page = signed_in(world["learner"]).get(MINE).text
    assert "dicabut" in page and reverse("courses:certificate_pdf", args=[certificate.code]) not in page


def queries(client, url):
    """The number of queries one request of the page runs, and the certificates it lists."""
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url)
    return len(captured), page.text.count('class="card" id="sertifikat-')


def test_my_certificates_runs_constant_queries(world):
    client = signed_in(world["learner"])
    more_certificates(world, 1, user=world["learner"])
    client.get(MINE)  # warm the session and site caches
    at_two = queries(client, MINE)
    more_certificates(world, 4, user=world["learner"])
    client.get(MINE)  # new courses start a new page-cache generation: the navigation is computed again once
    at_six = queries(client, MINE)
    assert (at_two[1], at_six[1]) == (2, 6) and at_two[0] == at_six[0]


def test_only_the_clo_manages_certificates(world):
    code = world["certificate"].code
    for user in (world["learner"], world["other"]):
        client = signed_in(user)
        assert client.get(MANAGE).status_code == 403
        assert client.post(reverse("courses:revoke_certificate", args=[code]), {"reason": "x"}).status_code == 403
        assert client.post(reverse("courses:reissue_certificate", args=[code])).status_code == 403
    assert Client().get(MANAGE).status_code == 302
    assert Client().post(reverse("courses:revoke_certificate", args=[code]), {"reason": "x"}).status_code == 302
    certificate = Certificate.objects.get()
    assert certificate.status == CertificateStatus.VALID and not CertificateAudit.objects.exclude(action="issue")
    assert signed_in(world["clo"]).get(MANAGE).status_code == 200


def test_manage_searches_by_name_nip_and_code(world):
    more_certificates(world, 2)
    client = signed_in(world["clo"])
    code = world["certificate"].code
    for query in ("siti rah", "199001152015032001", code.lower()):
        page = client.get(MANAGE, {"q": query}).text
        assert f'id="sertifikat-{code}"' in page and page.count('class="card" id="sertifikat-') == 1, query
    assert client.get(MANAGE, {"q": "tidak-ada"}).text.count('class="card" id="sertifikat-') == 0


def test_manage_runs_constant_queries(world):
    client = signed_in(world["clo"])
    service.reissue(world["certificate"], world["clo"])  # a replaced row with its successor
    client.get(MANAGE)
    at_two = queries(client, MANAGE)
    more_certificates(world, 4)
    client.get(MANAGE)  # new courses start a new page-cache generation: the navigation is computed again once
    at_six = queries(client, MANAGE)
    assert (at_two[1], at_six[1]) == (2, 6) and at_two[0] == at_six[0]


def test_manage_is_paginated(world, monkeypatch):
    from courses import certificate_views

    monkeypatch.setattr(certificate_views, "PAGE_SIZE", 2)
    more_certificates(world, 2)
    client = signed_in(world["clo"])
    first = client.get(MANAGE).text
    assert first.count('class="card" id="sertifikat-') == 2 and "halaman=2" in first
    assert client.get(MANAGE, {"halaman": 2}).text.count('class="card" id="sertifikat-') == 1


def test_revoke_needs_post_csrf_and_a_reason(world):
    code = world["certificate"].code
    url = reverse("courses:revoke_certificate", args=[code])
    assert signed_in(world["clo"]).get(url).status_code == 405
    assert signed_in(world["clo"], enforce_csrf_checks=True).post(url, {"reason": "x"}).status_code == 403
    missing = signed_in(world["clo"]).post(url, {"reason": "   "})
    assert missing.status_code == 400 and "Alasan pencabutan wajib diisi." in missing.text
    assert Certificate.objects.get().status == CertificateStatus.VALID
    done = signed_in(world["clo"]).post(url, {"reason": "Peserta tidak hadir"}, follow=True)
    assert "telah dicabut" in done.text
    revoked = Certificate.objects.get()
    assert (revoked.status, revoked.revoked_reason) == (CertificateStatus.REVOKED, "Peserta tidak hadir")
    again = signed_in(world["clo"]).post(url, {"reason": "Lagi"}, follow=True)
    assert "Hanya sertifikat yang sah" in again.text
    assert Certificate.objects.get().revoked_reason == "Peserta tidak hadir"


def test_a_long_reason_is_refused_and_kept_in_the_form(world):
    url = reverse("courses:revoke_certificate", args=[world["certificate"].code])
    response = signed_in(world["clo"]).post(url, {"reason": "panjang " * 200})
    assert response.status_code == 400 and "panjang panjang" in response.text
    assert Certificate.objects.get().status == CertificateStatus.VALID


def test_reissue_through_the_page(world):
    old = world["certificate"]
    url = reverse("courses:reissue_certificate", args=[old.code])
    assert signed_in(world["clo"], enforce_csrf_checks=True).post(url).status_code == 403
    done = signed_in(world["clo"]).post(url, follow=True)
    new = Certificate.objects.get(status=CertificateStatus.VALID)
    assert new.code != old.code and f"diganti dengan sertifikat baru {new.code}" in done.text
    old.refresh_from_db()
    assert old.status == CertificateStatus.REPLACED and old.replaced_by == new
    assert reverse("courses:certificate_pdf", args=[new.code]) in signed_in(world["learner"]).get(MINE).text
