"""RPL pages: the employee's form and list, the detail page through the policy, the queues in constant queries."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ledger.models import Entry, Source
from planning.models import Recommendation, RplRequest, RplState
from planning.services import drafting, rpl

from .conftest import YEAR, technical_row


def pdf(name="sertifikat.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 bukti", content_type="application/pdf")


def form_data(world, **extra):
    return {
        "competency": world["jalan"].pk,
        "description": "Pengawas lapangan peningkatan jalan 2019–2021",
        "start_date": f"{YEAR}-01-05",
        "end_date": f"{YEAR}-01-09",
        **extra,
    }


def make(world, employee=None):
    return rpl.submit(
        employee or world["employee"],
        world["jalan"],
        "Sertifikat ahli muda jalan",
        datetime.date(YEAR, 1, 5),
        datetime.date(YEAR, 1, 9),
        [pdf()],
    )


def test_employee_submits_through_the_page_and_the_clo_approves(client, world):
    plan, _created = drafting.open_plan(world["employee"], YEAR)
    row = drafting.save_row(plan, world["employee"], technical_row(world))
    client.force_login(world["employee"])
    page = client.get(reverse("planning:rpl")).content.decode()
    assert 'enctype="multipart/form-data"' in page and "C1: Pengawasan Konstruksi Jalan" in page
    response = client.post(reverse("planning:rpl"), {**form_data(world, row=row.pk), "files": [pdf(), pdf("sk.pdf")]})
    request = RplRequest.objects.get()
    assert response.url == reverse("planning:rpl_detail", args=[request.pk])
    assert request.row == row and request.evidence.count() == 2

    client.force_login(world["ketua_infra"])
    assert "Rizky" in client.get(reverse("planning:rpl_assess")).content.decode()
    detail = reverse("planning:rpl_detail", args=[request.pk])
    client.post(detail, {"step": "assess", "assess-recommendation": Recommendation.RECOMMEND, "assess-notes": "ok"})
    client.force_login(world["clo"])
    assert "Sertifikat" not in client.get(reverse("planning:rpl_decide")).content.decode()  # list shows names only
    data = {"step": "decide", "decide-approve": "1", "decide-jp": "6", "decide-form": "pelatihan_teknis"}
    client.post(detail, data)
    again = client.post(detail, data, follow=True)  # a double click
    assert "sudah berpindah tahap: disetujui" in again.content.decode()
    request.refresh_from_db()
    assert request.state == RplState.APPROVED
    assert Entry.objects.filter(employee=world["employee"], source=Source.RPL).count() == 1
    client.force_login(world["employee"])
    assert "terpenuhi melalui RPL" in client.get(detail).content.decode()
    plan_page = client.get(reverse("planning:plan", args=[plan.pk])).content.decode()
    assert 'data-testid="recognised"' in plan_page and "6 JP diakui" in plan_page


def test_a_forbidden_file_type_is_refused_on_the_page_and_the_typing_kept(client, world):
    client.force_login(world["employee"])
    response = client.post(
        reverse("planning:rpl"), {**form_data(world), "files": [SimpleUploadedFile("bukti.exe", b"MZ\x90")]}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "bukti.exe: Jenis berkas tidak diizinkan: hanya PDF, JPG, JPEG, PNG." in page
    assert "Pengawas lapangan peningkatan jalan" in page
    assert not RplRequest.objects.exists()


def test_a_colleague_cannot_see_a_request_or_its_evidence(client, world):
    request = make(world)
    evidence = request.evidence.get()
    for user, status in [
        (world["colleague"], 403),
        (world["ketua_asn"], 403),
        (world["ketua_infra"], 200),
        (world["clo"], 200),
        (world["employee"], 200),
    ]:
        client.force_login(user)
        assert client.get(reverse("planning:rpl_detail", args=[request.pk])).status_code == status
        assert client.get(reverse("planning:rpl_evidence", args=[request.pk, evidence.pk])).status_code == status
    client.force_login(world["colleague"])
    assert "Sertifikat" not in client.get(reverse("planning:rpl")).content.decode()
    assert client.get(reverse("planning:rpl_decide")).status_code == 403


def test_nobody_decides_their_own_request_through_the_page(client, world):
    request = make(world, employee=world["clo"])
    rpl.assess(request, world["ketua_infra"], Recommendation.RECOMMEND)
    client.force_login(world["clo"])
    detail = reverse("planning:rpl_detail", args=[request.pk])
    assert "Keputusan Koordinator" not in client.get(detail).content.decode()
    data = {"step": "decide", "decide-approve": "1", "decide-jp": "6", "decide-form": "pelatihan_teknis"}
    assert client.post(detail, data).status_code == 403
    assert not Entry.objects.filter(employee=world["clo"]).exists()


def test_queues_run_constant_queries(client, world, django_assert_max_num_queries):
    for _n in range(3):
        rpl.assess(make(world), world["ketua_infra"], Recommendation.RECOMMEND)
    make(world)
    client.force_login(world["clo"])
    client.get(reverse("planning:rpl_decide"))  # warm the session and permission caches
    with django_assert_max_num_queries(13) as few:  # 12 + the header work menu (courses facilitated)
        client.get(reverse("planning:rpl_decide"))
    for _n in range(5):
        rpl.assess(make(world), world["ketua_infra"], Recommendation.RECOMMEND)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("planning:rpl_decide")).content.decode()
    assert page.count("Pengawasan Konstruksi Jalan") == 8
    client.force_login(world["ketua_infra"])
    client.get(reverse("planning:rpl_assess"))
    with django_assert_max_num_queries(13) as few:  # 12 + the header work menu (courses facilitated)
        client.get(reverse("planning:rpl_assess"))
    for _n in range(4):
        make(world)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("planning:rpl_assess")).content.decode()
    assert page.count("Pengawasan Konstruksi Jalan") == 5
