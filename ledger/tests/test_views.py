"""'JP saya', the submission form, evidence access, the demo data and the admin."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ledger import services
from ledger.models import Entry, Rule, Source, Status
from people.roles import CLO, assign_role
from tests.factories import UserFactory, unit

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def seminar(user, day, **extra):
    return services.record_activity(user, "seminar", f"Seminar {day}", day, day, 1, "hari", **extra)[0]


@pytest.mark.django_db
def test_jp_saya_requires_login(client):
    response = client.get(reverse("ledger:saya"))
    assert response.status_code == 302 and "/akun/login/" in response["Location"]


@pytest.mark.django_db
def test_jp_saya_shows_progress_mix_entries_and_hint(client):
    user = UserFactory(unit_kerja=unit("Dinas PUPR"))
    year = datetime.date.today().year
    seminar(user, datetime.date(year, 1, 10))
    services.record_activity(
        user, "seminar", "Menunggu", datetime.date(year, 2, 1), datetime.date(year, 2, 1), 1, "hari", status="submitted"
    )
    client.force_login(user)
    response = client.get(reverse("ledger:saya"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "JP saya" in html
    assert "seminar 1 hari × 4 JP = 4 JP" in html
    assert "Kurang 16 JP lagi" in html
    assert "Menunggu" in html and "diajukan" in html
    assert "dari 20 JP" in html
    # the nav links to the page
    assert reverse("ledger:saya") in client.get("/").content.decode()


@pytest.mark.django_db
def test_submission_form_creates_submitted_entry_with_private_evidence(client, settings):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("ledger:ajukan"),
        {
            "form": "seminar",
            "title": "Seminar Tata Kelola Air",
            "organiser": "Kementerian PUPR",
            "scope": "nasional",
            "start_date": "2025-09-01",
            "end_date": "2025-09-01",
            "quantity": "1",
            "unit": "hari",
            "stated_jp": "",
            "certificate_no": "SRT-77",
            "certificate_date": "2025-09-05",
            "valid_until": "2028-09-05",
            "issuer": "Kementerian PUPR",
            "rumpun": "Sumber daya air",
            "evidence": SimpleUploadedFile("sertifikat.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    entry = Entry.objects.get(employee=user)
    assert entry.status == Status.SUBMITTED and entry.source == Source.EXTERNAL
    # the certificate's date and validity, which the MyASN export and the Kartu Data print
    assert (entry.certificate_date, entry.valid_until) == (datetime.date(2025, 9, 5), datetime.date(2028, 9, 5))
    assert str(settings.PRIVATE_MEDIA_ROOT) in entry.evidence.path
    assert str(settings.MEDIA_ROOT) not in entry.evidence.path
    # the owner and the CLO may download it; a colleague may not
    url = reverse("ledger:bukti", args=[entry.pk])
    assert b"".join(client.get(url).streaming_content) == PDF
    colleague = UserFactory()
    client.force_login(colleague)
    assert client.get(url).status_code == 403
    clo = UserFactory()
    assign_role(clo, CLO)
    client.force_login(clo)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302


@pytest.mark.django_db
def test_submission_form_refuses_other_file_types(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("ledger:ajukan"),
        {
            "form": "seminar",
            "title": "x",
            "scope": "nasional",
            "start_date": "2025-09-02",
            "end_date": "2025-09-01",
            "quantity": "1",
            "unit": "hari",
            "evidence": SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream"),
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"evidence", "end_date"}
    assert Entry.objects.count() == 0


@pytest.mark.django_db
def test_demo_seed_is_idempotent():
    from ledger import demo
    from people import demo as people_demo

    people_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    count = Entry.objects.count()
    assert count >= 10
    demo.seed(io.StringIO())
    assert Entry.objects.count() == count
    asn = Entry.objects.filter(employee__username="asn")
    assert asn.filter(status=Status.VERIFIED).count() >= 9
    summary = services.employee_year_summary(asn.first().employee, datetime.date.today().year)
    assert summary["total_jp"] > 0 and all(r.explanation for r in summary["results"])


@pytest.mark.django_db
def test_rule_edit_in_admin_is_logged(client):
    from wagtail.models import ModelLogEntry

    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    rule = Rule.objects.get(rulebook__slug="blitar-2023", form="coaching")
    url = reverse("ledger_rule:edit", args=[rule.pk])
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    data = {name: ("" if value is None else value) for name, value in form.initial.items() if name in form.fields}
    data.update({"jp_per_unit_internasional": "4", "interpretation": "Dibaca 4 JP per sesi internasional."})
    for name, value in list(data.items()):
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            else:
                del data[name]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    rule.refresh_from_db()
    assert rule.jp_per_unit_internasional == 4
    assert ModelLogEntry.objects.filter(object_id=str(rule.pk), action="wagtail.edit").exists()
    entry = seminar(UserFactory(), datetime.date(2025, 3, 3))
    assert client.get(reverse("ledger_entry:edit", args=[entry.pk])).status_code in (302, 403)


@pytest.mark.django_db
def test_verifier_queue_approve_reject_and_bulk(client):
    owner = UserFactory()
    day = datetime.date(2025, 4, 1)
    first, second, third = (seminar(owner, day + datetime.timedelta(days=i), status="submitted") for i in range(3))
    url = reverse("ledger:verifikasi")
    client.force_login(owner)
    assert client.get(url).status_code == 403
    clo = UserFactory()
    assign_role(clo, CLO)
    client.force_login(clo)
    response = client.get(url)
    assert response.status_code == 200
    assert "3 entri menunggu verifikasi" in response.content.decode()
    assert "seminar 1 hari × 4 JP = 4 JP" in response.content.decode()
    client.post(url, {"action": "reject", "entry": first.pk, "reason": ""})
    first.refresh_from_db()
    assert first.status == Status.SUBMITTED
    client.post(url, {"action": "reject", "entry": first.pk, "reason": "Sertifikat palsu"})
    client.post(url, {"action": "approve_selected", "entries": [second.pk, third.pk]})
    statuses = dict(Entry.objects.values_list("pk", "status"))
    assert statuses == {first.pk: Status.REJECTED, second.pk: Status.VERIFIED, third.pk: Status.VERIFIED}
    assert Entry.objects.get(pk=second.pk).verifier == clo
    assert "Tidak ada entri" in client.get(url).content.decode()


@pytest.mark.django_db
def test_downloads(client):
    import openpyxl

    user = UserFactory(unit_kerja=unit("Dinas PUPR"), nama="Rizky Pratama")
    seminar(user, datetime.date(2025, 3, 3), certificate_no="SRT-1", organiser="Kementerian PUPR")
    client.force_login(user)
    xlsx = client.get(reverse("ledger:unduh", args=["kartu.xlsx"]) + "?tahun=2025")
    assert xlsx.status_code == 200 and "kartu-jp-2025.xlsx" in xlsx["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    assert "Rizky Pratama" in values and "SRT-1" in values and 4 in values
    pdf = client.get(reverse("ledger:unduh", args=["kartu.pdf"]) + "?tahun=2025")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    myasn = client.get(reverse("ledger:unduh", args=["myasn.csv"]) + "?tahun=2025").content.decode()
    lines = myasn.strip().splitlines()
    assert lines[0].startswith("No.,NIP,Nama pegawai,Jenis Diklat (MyASN),Kode bentuk CorpU,Nama Diklat")
    assert lines[1].startswith(f"1,{user.nip},Rizky Pratama,Seminar,seminar,Seminar 2025-03-03,Kementerian PUPR,SRT-1,")
    assert client.get(reverse("ledger:unduh", args=["lain.txt"])).status_code == 404


@pytest.mark.django_db
def test_dashboard_figures_permissions_and_exports(client):
    import openpyxl

    from people.models import JenisPegawai

    bina = unit("Dinas PUPR/Bidang Bina Marga")
    cipta = unit("Dinas PUPR/Bidang Cipta Karya")
    dinkes = unit("Dinas Kesehatan")
    done = UserFactory(unit_kerja=bina, nama="Sudah Cukup")
    for day in range(5):
        seminar(done, datetime.date(2025, 3, 3 + day))
    short = UserFactory(unit_kerja=cipta, nama="Masih Kurang")
    seminar(short, datetime.date(2025, 4, 1))
    UserFactory(unit_kerja=cipta, nama="Belum Ada", jenis_pegawai=JenisPegawai.PPPK)
    UserFactory(unit_kerja=dinkes, nama="Pegawai Dinkes")
    UserFactory(unit_kerja=dinkes, nama="Kontrak", jenis_pegawai=JenisPegawai.TKK, nip=None)

    url = reverse("ledger:dasbor")
    client.force_login(short)
    assert client.get(url).status_code == 403
    clo = UserFactory(unit_kerja=dinkes)
    assign_role(clo, CLO)
    client.force_login(clo)
    response = client.get(url, {"tahun": 2025})
    assert response.status_code == 200
    data = response.context["data"]
    assert data["pns"] == 4 and data["pns_met"] == 1  # done, short, dinkes pegawai, clo
    at_risk = [row["name"] for row in data["at_risk"]]
    assert len(at_risk) == 3 and at_risk[-1] == "Masih Kurang"  # lowest JP first; TKK have no target
    # Banjarbaru's PPPK 24 JP is a ceiling, "paling banyak 24 ... untuk PPPK" (banjarbaru-perwali-23-2025.txt L103)
    assert "Pegawai Dinkes" in at_risk and not {"Belum Ada", "Kontrak"} & set(at_risk)
    assert data["distribution"]["20–39"] == 1 and data["distribution"]["1–9"] == 1
    assert data["trend"][2] == 20 and data["trend"][3] == 4
    assert data["mix"]["classical"] == 24
    assert {u["unit"].nama for u in data["units"]} == {"Dinas PUPR", "Dinas Kesehatan"}
    assert "chart.umd.min.js" in response.content.decode()

    pupr = unit("Dinas PUPR")
    narrowed = client.get(url, {"tahun": 2025, "unit": pupr.pk}).context["data"]
    assert narrowed["staff"] == 3
    # Cipta Karya: "Belum Ada" is a PPPK under a ceiling, so without a shortfall
    assert {u["unit"].nama: u["met"] for u in narrowed["units"]} == {"Bidang Bina Marga": 1, "Bidang Cipta Karya": 1}

    csv_text = client.get(reverse("ledger:dasbor_ekspor", args=["csv"]), {"tahun": 2025, "unit": pupr.pk})
    lines = csv_text.content.decode().strip().splitlines()
    assert lines[0] == (
        "No.,NIP,Nama,Jenis pegawai,Unit kerja,JP dihitung,Target JP,Target tercapai,"
        "klasikal & belajar mandiri (10%),bimbingan (20%),terintegrasi di tempat kerja (70%)"
    )
    assert any(
        line.endswith(f"{done.nip},Sudah Cukup,PNS,Dinas PUPR / Bidang Bina Marga,20,20,Ya,20,0,0") for line in lines
    )
    xlsx = client.get(reverse("ledger:dasbor_ekspor", args=["xlsx"]), {"tahun": 2025})
    rows = list(openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("No.", "NIP", "Nama") and len(rows) == 1 + 6
    assert [row[0] for row in rows[1:]] == [1, 2, 3, 4, 5, 6]
    assert client.get(reverse("ledger:dasbor_ekspor", args=["pdf"]), {"tahun": 2025}).status_code == 404


@pytest.mark.django_db
def test_admin_listings_render(client):
    from wagtail.models import Site

    admin = UserFactory(is_superuser=True, is_staff=True)
    entry = seminar(UserFactory(), datetime.date(2025, 3, 3))
    client.force_login(admin)
    for name in ("ledger_rulebook", "ledger_rule", "ledger_entry", "ledger_audit"):
        assert client.get(reverse(f"{name}:index")).status_code == 200, name
    assert client.get(reverse("ledger_entry:inspect", args=[entry.pk])).status_code == 200
    assert client.get(reverse("ledger_entry:add")).status_code in (302, 403)
    site = Site.objects.get(is_default_site=True)
    assert client.get(reverse("wagtailsettings:edit", args=["ledger", "ledgersettings", site.pk])).status_code == 200


@pytest.mark.django_db
def test_unit_secretariat_verifies_only_its_own_units_entries(client):
    from people.roles import VERIFIKATOR_UNIT

    day = datetime.date(2025, 5, 5)
    mine = seminar(UserFactory(unit_kerja=unit("Dinas PUPR/Bidang Bina Marga")), day, status="submitted")
    other = seminar(UserFactory(unit_kerja=unit("Dinas Kesehatan")), day, status="submitted")
    secretariat = UserFactory(unit_kerja=unit("Dinas PUPR"))
    assign_role(secretariat, VERIFIKATOR_UNIT)
    client.force_login(secretariat)
    url = reverse("ledger:verifikasi")
    page = client.get(url).content.decode()
    assert "1 entri menunggu verifikasi" in page
    client.post(url, {"action": "approve", "entry": other.pk})
    other.refresh_from_db()
    assert other.status == Status.SUBMITTED  # outside the secretariat's units: not even found
    client.post(url, {"action": "approve", "entry": mine.pk})
    mine.refresh_from_db()
    assert mine.status == Status.VERIFIED and mine.verifier == secretariat


@pytest.mark.django_db
def test_a_certificate_valid_until_before_its_issue_date_is_refused_and_nothing_is_lost(client):
    client.force_login(UserFactory())
    data = {
        "form": "seminar",
        "title": "Seminar K3 Konstruksi",
        "organiser": "LPJK",
        "scope": "nasional",
        "start_date": "2025-09-01",
        "end_date": "2025-09-01",
        "quantity": "1",
        "unit": "hari",
        "certificate_no": "K3-1",
        "certificate_date": "2025-09-05",
        "valid_until": "2025-01-01",
        "evidence": SimpleUploadedFile("sertifikat.pdf", PDF, content_type="application/pdf"),
    }
    response = client.post(reverse("ledger:ajukan"), data)
    assert response.status_code == 200 and not Entry.objects.exists()
    assert "Masa berlaku tidak boleh berakhir sebelum tanggal sertifikat." in response.content.decode()
    assert 'value="Seminar K3 Konstruksi"' in response.content.decode()  # what was typed stays in the form
