"""Attacks on JP verification (issues 12 and 13): self-verification, the same certificate counted twice, repeated
submissions, reasons kept in their own field, the learner told, the estimate before submitting, the queue."""

import datetime
import io
import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ledger import services
from ledger.importer import import_ledger
from ledger.models import AuditLog, Entry, Kind, Notification, Status
from people.roles import CLO, VERIFIKATOR_UNIT, assign_role
from tests.factories import UserFactory, unit

D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def submit(user, title="Seminar Tata Kelola Air", day=None, status=Status.SUBMITTED, **extra):
    """A one-day seminar: submitted by the employee, or posted verified (by `verifier`, never the employee)."""
    day = day or D(2025, 4, 1)
    extra.setdefault("organiser", "Kementerian PUPR")
    extra.setdefault("actor", user if status == Status.SUBMITTED else None)
    entry, _created = services.record_activity(user, "seminar", title, day, day, 1, "hari", status=status, **extra)
    return entry


def verifiers():
    """One account per role that may verify: a unit secretariat, the CLO and a superuser, each in Dinas PUPR."""
    pupr = unit("Dinas PUPR")
    secretariat, clo = UserFactory(unit_kerja=pupr), UserFactory(unit_kerja=pupr)
    assign_role(secretariat, VERIFIKATOR_UNIT)
    assign_role(clo, CLO)
    superuser = UserFactory(unit_kerja=pupr, is_superuser=True, is_staff=True)
    return {"verifikator_unit": secretariat, "clo": clo, "superuser": superuser}


# ---------------------------------------------------------------- nobody acts on their own entry


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["verifikator_unit", "clo", "superuser"])
def test_no_account_verifies_rejects_corrects_or_reverses_its_own_entry_via_the_service(role):
    me = verifiers()[role]
    own = submit(me)
    with pytest.raises(PermissionDenied):
        services.verify(own, me)
    with pytest.raises(PermissionDenied):
        services.reject(own, me, "Tidak jadi")
    own.refresh_from_db()
    assert own.status == Status.SUBMITTED and own.verifier is None
    counted = submit(me, title="Sudah diverifikasi orang lain", day=D(2025, 5, 1))
    services.verify(counted, UserFactory(is_superuser=True))
    with pytest.raises(PermissionDenied):
        services.correct(counted, me, "Lebih lama", quantity=3)
    with pytest.raises(PermissionDenied):
        services.reverse(counted, me, "Ganda")
    with pytest.raises(PermissionDenied):  # nor post one's own activity as verified
        services.record_activity(me, "seminar", "Langsung", D(2025, 6, 1), D(2025, 6, 1), 1, "hari", verifier=me)
    assert Entry.objects.filter(employee=me).count() == 2
    assert not Entry.objects.filter(kind__in=[Kind.CORRECTION, Kind.REVERSAL]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["verifikator_unit", "clo", "superuser"])
def test_no_account_verifies_rejects_or_corrects_its_own_entry_over_http(client, role):
    people = verifiers()
    me = people[role]
    colleague = UserFactory(unit_kerja=unit("Dinas PUPR/Bidang Bina Marga"))
    own = submit(me, title="Milik saya sendiri")
    theirs = submit(colleague, title="Milik rekan")
    counted = submit(me, title="Terverifikasi milik saya", day=D(2025, 5, 1))
    services.verify(counted, people["superuser"] if role != "superuser" else people["clo"])
    client.force_login(me)
    url = reverse("ledger:verifikasi")
    for status in ("submitted", "verified", ""):
        page = client.get(url, {"status": status}).content.decode()
        assert "Milik saya sendiri" not in page and "Terverifikasi milik saya" not in page  # never listed
    assert "Milik rekan" in client.get(url).content.decode()
    client.post(url, {"action": "approve", "entry": own.pk})
    client.post(url, {"action": "reject", "entry": own.pk, "reason": "x"})
    client.post(url, {"action": "approve_selected", "entries": [own.pk]})
    own.refresh_from_db()
    assert own.status == Status.SUBMITTED and own.verifier is None
    detail = reverse("ledger:entri", args=[counted.pk])
    assert "Catat koreksi" not in client.get(detail).content.decode()
    assert client.post(detail, {"action": "reverse", "reason": "Ganda"}).status_code == 403
    data = {"action": "correct", "change_reason": "x", "form": "seminar", "title": "t", "scope": "nasional"}
    data.update(start_date="2025-05-01", end_date="2025-05-02", quantity="2", unit="hari")
    assert client.post(detail, data).status_code == 403
    assert Entry.objects.filter(employee=me).count() == 2
    client.post(url, {"action": "approve", "entry": theirs.pk})  # another's entry: fine
    theirs.refresh_from_db()
    assert theirs.status == Status.VERIFIED and theirs.verifier == me


@pytest.mark.django_db
def test_a_verifier_corrects_and_reverses_another_employees_entry_over_http_with_a_reason(client):
    people = verifiers()
    employee = UserFactory(unit_kerja=unit("Dinas PUPR"))
    entry = submit(employee, certificate_no="SRT-9")
    services.verify(entry, people["clo"])
    client.force_login(people["verifikator_unit"])
    detail = reverse("ledger:entri", args=[entry.pk])
    data = {"action": "correct", "change_reason": "Dua hari menurut sertifikat", "form": "seminar"}
    data.update(title=entry.title, organiser=entry.organiser, scope="nasional", certificate_no="SRT-9")
    data.update(start_date="2025-04-01", end_date="2025-04-02", quantity="2", unit="hari")
    response = client.post(detail, data)
    correction = Entry.objects.get(kind=Kind.CORRECTION)
    assert response.status_code == 302 and correction.status == Status.SUBMITTED
    assert correction.change_reason == "Dua hari menurut sertifikat" and correction.amends == entry
    client.force_login(people["clo"])
    client.post(reverse("ledger:verifikasi"), {"action": "approve", "entry": correction.pk})
    correction.refresh_from_db()
    assert correction.status == Status.VERIFIED  # the same certificate: it replaces the original
    response = client.post(reverse("ledger:entri", args=[correction.pk]), {"action": "reverse", "reason": ""})
    assert not Entry.objects.filter(kind=Kind.REVERSAL).exists()
    client.post(reverse("ledger:entri", args=[correction.pk]), {"action": "reverse", "reason": "Kegiatan ganda"})
    reversal = Entry.objects.get(kind=Kind.REVERSAL)
    assert reversal.change_reason == "Kegiatan ganda" and reversal.organiser == entry.organiser
    assert "Kegiatan ganda" in client.get(reverse("ledger:entri", args=[reversal.pk])).content.decode()


# ---------------------------------------------------------------- one certificate counts once


@pytest.mark.django_db
def test_the_same_certificate_cannot_be_verified_twice_for_one_employee(client, tmp_path):
    verifier = UserFactory(is_superuser=True)
    employee = UserFactory()
    first = submit(employee, certificate_no="SRT-77")
    second = submit(employee, title="Seminar yang sama", certificate_no=" srt - 77 ", organiser="kementerian  pupr")
    services.verify(first, verifier)
    with pytest.raises(ValidationError, match="sudah terverifikasi"):
        services.verify(second, verifier)
    second.refresh_from_db()
    assert second.status == Status.SUBMITTED
    # nor submitted again, by the form or the service
    with pytest.raises(ValidationError, match="sudah terverifikasi"):
        submit(employee, title="Lagi", certificate_no="SRT-77")
    client.force_login(employee)
    data = {"form": "seminar", "title": "Lagi", "organiser": "KEMENTERIAN PUPR", "scope": "nasional"}
    data.update(start_date="2025-04-01", end_date="2025-04-01", quantity="1", unit="hari", certificate_no="SRT-77")
    data["evidence"] = SimpleUploadedFile("s.pdf", PDF, content_type="application/pdf")
    response = client.post(reverse("ledger:ajukan"), data)
    assert response.status_code == 200 and "sudah terverifikasi" in str(response.context["form"].errors)
    # nor imported as verified
    csv_text = (
        "nip,form,title,start_date,end_date,quantity,unit,scope,stated_jp,certificate_no,organiser\n"
        f"{employee.nip},seminar,Impor,2025-04-01,2025-04-01,1,hari,nasional,,SRT-77,Kementerian PUPR\n"
    )
    with pytest.raises(ValidationError, match="sudah terverifikasi"):
        import_ledger(csv_text)
    path = tmp_path / "impor.csv"
    path.write_text(csv_text)
    errors = io.StringIO()
    with pytest.raises(CommandError, match="tidak ada data yang diimpor"):
        call_command("import_ledger", str(path), stderr=errors)
    assert "sudah terverifikasi" in errors.getvalue()
    # another employee with the same number, or another organiser's number, is a different certificate
    submit(UserFactory(), certificate_no="SRT-77", status=Status.VERIFIED)
    submit(employee, certificate_no="SRT-77", organiser="LAN RI", status=Status.VERIFIED)
    assert Entry.objects.filter(employee=employee, status=Status.VERIFIED).count() == 2


@pytest.mark.django_db
def test_the_database_refuses_a_second_holder_of_one_certificate():
    employee = UserFactory()
    submit(employee, certificate_no="SRT-1", status=Status.VERIFIED)
    other = submit(employee, title="Lain", certificate_no="SRT-2", status=Status.VERIFIED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.filter(pk=other.pk).update(
            certificate_key=Entry.objects.get(certificate_no="SRT-1").certificate_key
        )


@pytest.mark.django_db
def test_corrections_and_reversals_pass_the_certificate_on():
    verifier = UserFactory(is_superuser=True)
    employee = UserFactory()
    entry = submit(employee, certificate_no="SRT-5", status=Status.VERIFIED, verifier=verifier, actor=verifier)
    correction = services.correct(entry, verifier, "Dua hari", quantity=2, end_date=D(2025, 4, 2))
    services.verify(correction, verifier)  # the same certificate replaces the corrected entry
    assert Entry.objects.get(holds_certificate=True) == correction
    services.reverse(correction, verifier, "Dibatalkan")
    assert not Entry.objects.filter(holds_certificate=True).exists()
    again = submit(employee, title="Diajukan ulang", certificate_no="SRT-5")  # free again after the reversal
    services.verify(again, verifier)
    assert Entry.objects.get(holds_certificate=True) == again
    assert services.employee_year_summary(employee, 2025)["total_jp"] > 0


@pytest.mark.django_db
def test_a_repeated_submission_is_flagged_in_the_queue_with_a_link_to_the_earlier_entry(client):
    clo = UserFactory()
    assign_role(clo, CLO)
    employee = UserFactory(unit_kerja=unit("Dinas PUPR"))
    earlier = submit(employee, status=Status.VERIFIED, verifier=clo, actor=clo)
    repeat = submit(employee, title="  seminar tata  kelola AIR ", organiser="KEMENTERIAN PUPR")
    fresh = submit(employee, title="Seminar lain", day=D(2025, 4, 2))
    client.force_login(clo)
    html = client.get(reverse("ledger:verifikasi")).content.decode()
    link = reverse("ledger:entri", args=[earlier.pk])
    assert html.count('data-testid="repeat"') == 1 and link in html
    item = html[html.index(f'id="entri-{repeat.pk}"') :]
    assert 'data-testid="repeat"' in item[: item.index("</li>")]
    assert f'id="entri-{fresh.pk}"' in html
    assert client.get(link).status_code == 200


# ---------------------------------------------------------------- reasons in their own field, audited


@pytest.mark.django_db
def test_correction_and_reversal_reasons_have_their_own_field_and_are_audited():
    verifier = UserFactory()
    employee = UserFactory()
    entry = submit(employee, status=Status.VERIFIED, verifier=verifier, actor=verifier)
    with pytest.raises(ValidationError):
        services.reverse(entry, verifier, " ")
    with pytest.raises(ValidationError):
        services.correct(entry, verifier, "", quantity=2)
    correction = services.correct(entry, verifier, "Sertifikat menyebut dua hari", quantity=2)
    reversal = services.reverse(entry, verifier, "Kegiatan ganda")
    assert reversal.organiser == "Kementerian PUPR" and reversal.change_reason == "Kegiatan ganda"
    assert correction.change_reason == "Sertifikat menyebut dua hari"
    assert AuditLog.objects.get(entry=reversal, action="create").after["change_reason"] == "Kegiatan ganda"


# ---------------------------------------------------------------- the learner is told


@pytest.mark.django_db
def test_the_learner_is_told_in_app_and_by_email_after_commit(client, django_capture_on_commit_callbacks):
    verifier = UserFactory()
    employee = UserFactory()
    good = submit(employee, title="Seminar diterima")
    bad = submit(employee, title="Seminar ditolak", day=D(2025, 4, 2))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.verify(good, verifier)
    assert not mail.outbox and callbacks  # nothing leaves before the commit (the e-mail is one of the callbacks)
    for callback in callbacks:
        callback()
    with django_capture_on_commit_callbacks(execute=True):
        services.reject(bad, verifier, "Sertifikat tidak terbaca")
    assert [message.to for message in mail.outbox] == [[employee.email], [employee.email]]
    assert "terverifikasi" in mail.outbox[0].subject and "Seminar diterima" in mail.outbox[0].subject
    assert "ditolak" in mail.outbox[1].subject and "Sertifikat tidak terbaca" in mail.outbox[1].body
    kinds = set(Notification.objects.filter(user=employee).values_list("kind", flat=True))
    assert kinds == {Notification.Kind.VERIFIED, Notification.Kind.REJECTED}
    client.force_login(employee)
    html = client.get(reverse("ledger:saya"), {"tahun": 2025}).content.decode()
    assert "Pemberitahuan" in html and "Sertifikat tidak terbaca" in html
    assert not Notification.objects.filter(user=employee, read_at=None).exists()


# ---------------------------------------------------------------- the estimate and the bucket


@pytest.mark.django_db
def test_the_estimate_uses_the_engine_and_names_the_bucket(client):
    employee = UserFactory()
    client.force_login(employee)
    activity = {"form": "coaching", "scope": "nasional", "start_date": "2025-04-01", "end_date": "2025-04-01"}
    activity.update(quantity="1", unit="kegiatan", stated_jp="2")
    data = client.get(reverse("ledger:perkiraan"), activity).json()
    assert data["ok"] and data["bucket"] == "guidance" and "bimbingan" in data["bucket_label"]
    assert data["jp"] == "2" and data["explanation"]
    assert client.get(reverse("ledger:perkiraan"), {"form": "seminar"}).json()["ok"] is False
    # the server-rendered fallback: the same figure, nothing submitted
    response = client.post(reverse("ledger:ajukan"), {**activity, "action": "estimate", "title": "Coaching"})
    html = response.content.decode()
    assert response.status_code == 200 and "Perkiraan: 2 JP" in html and "bimbingan" in html
    assert not Entry.objects.exists()
    page = client.get(reverse("ledger:ajukan")).content.decode()
    assert "ledger/perkiraan.js" in page and "Hitung perkiraan" in page
    assert "<script>" not in page.split("<main", 1)[1]  # no inline script (CSP)


@pytest.mark.django_db
def test_jp_saya_shows_the_bucket_of_every_entry(client):
    employee = UserFactory()
    verifier = UserFactory()
    submit(employee, status=Status.VERIFIED, verifier=verifier, actor=verifier)
    services.record_activity(
        employee, "coaching", "Coaching", D(2025, 5, 1), D(2025, 5, 1), 1, "kegiatan", stated_jp=2, status="submitted"
    )
    client.force_login(employee)
    html = client.get(reverse("ledger:saya"), {"tahun": 2025}).content.decode()
    assert html.count('data-testid="bucket"') == 2
    assert "klasikal &amp; belajar mandiri (10%)" in html and "bimbingan (20%)" in html


# ---------------------------------------------------------------- the queue: filters, pages, constant queries


def _queue_entries(count, employees):
    for n in range(count):
        submit(employees[n % len(employees)], title=f"Kegiatan {n}", day=D(2025, 1, 1) + datetime.timedelta(days=n))


@pytest.mark.django_db
def test_the_queue_filters_by_status_unit_form_and_period_and_pages(client):
    clo = UserFactory()
    assign_role(clo, CLO)
    bina, dinkes = UserFactory(unit_kerja=unit("Dinas PUPR/Bidang Bina Marga")), UserFactory(unit_kerja=unit("Dinkes"))
    _queue_entries(25, [bina])
    services.record_activity(dinkes, "coaching", "Coaching Dinkes", D(2025, 8, 1), D(2025, 8, 1), 1, "kegiatan")
    client.force_login(clo)
    url = reverse("ledger:verifikasi")
    first = client.get(url)
    assert "25 entri menunggu verifikasi" in first.content.decode()
    assert len(first.context["rows"]) == 20 and "halaman=2" in first.content.decode()
    assert len(client.get(url, {"halaman": 2}).context["rows"]) == 5
    pupr = Entry.objects.get(title="Kegiatan 0").employee.unit_kerja.get_parent()
    assert client.get(url, {"unit": pupr.pk}).context["total"] == 25
    assert client.get(url, {"unit": dinkes.unit_kerja_id}).context["total"] == 0
    assert client.get(url, {"status": "verified", "unit": dinkes.unit_kerja_id}).context["total"] == 1
    assert client.get(url, {"form": "coaching", "status": ""}).context["total"] == 1
    period = client.get(url, {"dari": "2025-01-03", "sampai": "2025-01-05"})
    assert [row["entry"].title for row in period.context["rows"]] == ["Kegiatan 2", "Kegiatan 3", "Kegiatan 4"]


@pytest.mark.django_db
def test_the_queue_runs_a_constant_number_of_queries(client):
    clo = UserFactory()
    assign_role(clo, CLO)
    employees = [UserFactory(unit_kerja=unit(f"Dinas {n}/Bidang {n}")) for n in range(5)]
    client.force_login(clo)
    url = reverse("ledger:verifikasi")

    def count_queries(params):
        with CaptureQueriesContext(connection) as context:
            assert client.get(url, params).status_code == 200
        return len(context)

    _queue_entries(10, employees)
    count_queries({})  # warm: the site, the settings and the permission caches
    small = count_queries({"halaman": 1})
    _queue_entries(90, employees)
    big = count_queries({"halaman": 1})
    Entry.objects.update(certificate_no="")  # every entry now a possible repeat of none
    assert small == big == count_queries({"halaman": 3, "status": ""}), (small, big)


@pytest.mark.django_db
def test_the_estimate_endpoint_needs_a_signed_in_user(client):
    response = client.get(reverse("ledger:perkiraan"), {"form": "seminar"})
    assert response.status_code == 302


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL and real concurrency")
@pytest.mark.django_db(transaction=True)
def test_parallel_verifications_of_one_certificate_count_it_once():
    employee, verifier = UserFactory(), UserFactory(is_superuser=True)
    copies = [submit(employee, title=f"Salinan {n}", certificate_no="SRT-PAR") for n in range(6)]
    barrier = threading.Barrier(len(copies))
    refused, other_errors = [], []

    def worker(entry):
        try:
            barrier.wait(timeout=10)
            services.verify(entry, verifier)
        except ValidationError as error:
            refused.append(error)
        except Exception as error:  # noqa: BLE001 - reported below
            other_errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(entry,)) for entry in copies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert other_errors == []
    assert Entry.objects.filter(employee=employee, status=Status.VERIFIED).count() == 1
    assert len(refused) == len(copies) - 1


@pytest.mark.django_db
def test_an_entry_page_opens_only_for_its_employee_and_the_verifiers_of_their_unit(client):
    """/jp/entri/<pk>/ shows the title, reasons and corrections: a colleague or another unit's verifier gets 403."""
    employee = UserFactory(unit_kerja=unit("Dinas PUPR/Bidang Bina Marga"))
    entry = submit(employee, title="Seminar Rahasia Pegawai")
    own_unit, other_unit = UserFactory(unit_kerja=unit("Dinas PUPR")), UserFactory(unit_kerja=unit("Dinas Kesehatan"))
    assign_role(own_unit, VERIFIKATOR_UNIT)
    assign_role(other_unit, VERIFIKATOR_UNIT)
    url = reverse("ledger:entri", args=[entry.pk])
    for outsider in (UserFactory(unit_kerja=employee.unit_kerja), other_unit):
        client.force_login(outsider)
        response = client.get(url)
        assert response.status_code == 403 and "Seminar Rahasia Pegawai" not in response.content.decode()
    for insider in (employee, own_unit):
        client.force_login(insider)
        assert "Seminar Rahasia Pegawai" in client.get(url).content.decode()


@pytest.mark.django_db
def test_jp_saya_runs_the_same_number_of_queries_whatever_the_number_of_entries(client):
    """Counted, pending, corrected entries and notifications: 2 of each or 12 of each, the same queries."""
    employee, verifier = UserFactory(unit_kerja=unit("Dinas PUPR")), UserFactory(unit_kerja=unit("Dinas PUPR"))
    assign_role(verifier, VERIFIKATOR_UNIT)
    client.force_login(employee)

    def add(count, start):
        for n in range(start, start + count):
            day = D(2025, 1, 1) + datetime.timedelta(days=n)
            counted = submit(employee, title=f"Seminar {n}", day=day)
            services.verify(counted, verifier)
            submit(employee, title=f"Diajukan {n}", day=day, organiser=f"Penyelenggara {n}")
            services.correct(counted, verifier, "Judul keliru", title=f"Seminar {n} (koreksi)")

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("ledger:saya"), {"tahun": 2025}).status_code == 200
        return len(context.captured_queries)

    queries()  # the first visit creates the site's ledger settings row
    add(2, 0)
    few = queries()
    add(10, 2)
    assert queries() == few


@pytest.mark.django_db
def test_the_learners_email_greets_them_by_name_in_their_language(django_capture_on_commit_callbacks):
    from wagtail.users.models import UserProfile

    verifier, employee = UserFactory(), UserFactory(nama="Siti Rahmah, S.E.")
    with django_capture_on_commit_callbacks(execute=True):
        services.verify(submit(employee, title="Seminar SDM"), verifier)
    assert mail.outbox[0].body.startswith("Yth. Siti Rahmah, S.E.,")
    assert mail.outbox[0].subject == "[CorpU] Kegiatan Anda terverifikasi: Seminar SDM"
    UserProfile.objects.create(user=employee, preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.verify(submit(employee, title="Seminar K3", day=D(2025, 5, 2)), verifier)
    assert mail.outbox[1].body.startswith("Dear Siti Rahmah, S.E.,") and "Seminar K3" in mail.outbox[1].subject
