"""Recognition of prior learning: submission → kelompok assessment → CLO decision → one `rpl` ledger entry."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections

from ledger.models import Entry, Source, Status
from planning.models import PlanAudit, Recommendation, RowEntryLink, RplRequest, RplState, Section, Task, TaskKind
from planning.services import drafting, rpl
from planning.services.realised import plan_realisation
from tests.factories import UserFactory

from .conftest import YEAR, technical_row

PDF = b"%PDF-1.4 sertifikat pelatihan"


def pdf(name="sertifikat.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def request_for(world, row=None, **extra):
    return rpl.submit(
        world["employee"],
        world["jalan"],
        "Pengawas lapangan peningkatan jalan Paringin 2019–2021",
        datetime.date(YEAR, 1, 5),
        datetime.date(YEAR, 1, 9),
        [pdf()],
        row=row,
        **extra,
    )


def own_row(world):
    plan, _created = drafting.open_plan(world["employee"], YEAR)
    return drafting.save_row(plan, world["employee"], technical_row(world))


def assessed(world, row=None):
    request = request_for(world, row)
    return rpl.assess(request, world["ketua_infra"], Recommendation.RECOMMEND, "Bukti lengkap dan relevan")


def test_full_path_posts_one_rpl_entry_and_fulfils_the_row(world):
    row = own_row(world)
    request = request_for(world, row)
    assert request.kelompok == world["kk_infra"]
    assert Task.objects.filter(user=world["ketua_infra"], kind=TaskKind.RPL_ASSESS, done_at=None).exists()

    request = rpl.assess(request, world["ketua_infra"], Recommendation.RECOMMEND, "Relevan dengan jabatannya")
    assert request.state == RplState.ASSESSED
    assert Task.objects.filter(user=world["clo"], kind=TaskKind.RPL_DECIDE, done_at=None).exists()
    assert not Task.objects.filter(user=world["ketua_infra"], kind=TaskKind.RPL_ASSESS, done_at=None).exists()

    request = rpl.decide(request, world["clo"], approve=True, jp=10, form="pelatihan_teknis", notes="Setara bimtek")
    assert request.state == RplState.APPROVED
    entry = Entry.objects.get(employee=world["employee"])
    assert (entry.source, entry.source_ref, entry.status) == (Source.RPL, f"rpl:{request.pk}", Status.VERIFIED)
    assert entry.verifier == world["clo"]
    assert request.entry == entry and request.decided_jp == Decimal(10)
    assert "10 JP diakui CLO" in request.explanation and "dihitung" in request.explanation
    assert rpl.recognised(row) == request
    assert RowEntryLink.objects.filter(row=row, entry=entry).exists()
    assert [r.linked_jp for r in plan_realisation(row.plan) if r.row.pk == row.pk] == [Decimal(10)]
    assert Task.objects.filter(user=world["employee"], kind=TaskKind.RPL_RESULT, done_at=None).exists()
    assert not Task.objects.filter(user=world["clo"], kind=TaskKind.RPL_DECIDE, done_at=None).exists()
    actions = list(PlanAudit.objects.filter(target=f"rpl:{request.pk}").order_by("id").values_list("action", flat=True))
    assert actions == ["rpl_submit", "rpl_assess", "rpl_decide"]


def test_the_engine_caps_the_jp_the_clo_states(world):
    request = assessed(world)
    request = rpl.decide(request, world["clo"], approve=True, jp=200, form="belajar_mandiri")
    # belajar mandiri counts at most 2 JP a day: five days → 10 JP, however many the CLO states
    assert "dihitung 10 JP" in request.explanation


def test_approving_twice_gives_one_entry(world):
    request = assessed(world)
    first = rpl.decide(request, world["clo"], approve=True, jp=8, form="pelatihan_teknis")
    again = rpl.decide(request, world["clo"], approve=True, jp=30, form="seminar")
    assert Entry.objects.filter(employee=world["employee"], source=Source.RPL).count() == 1
    assert again.entry_id == first.entry_id and again.decided_jp == Decimal(8)
    with pytest.raises(ValidationError):
        rpl.decide(request, world["clo"], approve=False, notes="berubah pikiran")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locking and real concurrency")
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_give_one_entry(world):
    request = assessed(world)
    barrier = threading.Barrier(4)
    results, errors = [], []

    def approve():
        try:
            barrier.wait(timeout=10)
            results.append(rpl.decide(request, world["clo"], approve=True, jp=8, form="pelatihan_teknis"))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Entry.objects.filter(employee=world["employee"], source=Source.RPL).count() == 1
    assert len({result.entry_id for result in results}) == 1
    assert PlanAudit.objects.filter(target=f"rpl:{request.pk}", action="rpl_decide").count() == 1


def test_nobody_assesses_or_decides_their_own_request(world):
    ketua = world["ketua_infra"]
    own = rpl.submit(
        ketua, world["jalan"], "Sertifikat ahli jalan", datetime.date(YEAR, 1, 5), datetime.date(YEAR, 1, 5), [pdf()]
    )
    with pytest.raises(PermissionDenied):
        rpl.assess(own, ketua, Recommendation.RECOMMEND)
    assert rpl.assessment_queue(ketua).filter(pk=own.pk).count() == 0

    clo = world["clo"]
    mine = rpl.submit(
        clo, world["jalan"], "Sertifikat manajemen", datetime.date(YEAR, 1, 5), datetime.date(YEAR, 1, 5), [pdf()]
    )
    rpl.assess(mine, ketua, Recommendation.RECOMMEND)
    with pytest.raises(PermissionDenied):
        rpl.decide(mine, clo, approve=True, jp=5, form="seminar")
    assert not rpl.decision_queue(clo).filter(pk=mine.pk).exists()
    assert not Entry.objects.filter(employee=clo).exists()


def test_only_the_competencys_kelompok_assesses_and_only_the_clo_decides(world):
    request = request_for(world)
    with pytest.raises(PermissionDenied):
        rpl.assess(request, world["ketua_asn"], Recommendation.RECOMMEND)
    rpl.assess(request, world["ketua_infra"], Recommendation.RECOMMEND)
    with pytest.raises(PermissionDenied):
        rpl.decide(request, world["ketua_infra"], approve=True, jp=5, form="seminar")


def test_asking_for_more_goes_back_to_the_employee(world):
    request = request_for(world)
    with pytest.raises(ValidationError):
        rpl.assess(request, world["ketua_infra"], Recommendation.MORE_INFO, "")
    request = rpl.assess(request, world["ketua_infra"], Recommendation.MORE_INFO, "Lampirkan SK penugasan")
    assert request.state == RplState.MORE_INFO
    with pytest.raises(PermissionDenied):
        rpl.resubmit(request, world["colleague"], "lain")
    request = rpl.resubmit(request, world["employee"], "Dengan SK penugasan", [pdf("sk.pdf")])
    assert request.state == RplState.SUBMITTED and request.evidence.count() == 2
    request = rpl.assess(request, world["ketua_infra"], Recommendation.REFUSE, "Tidak terkait jabatan")
    request = rpl.decide(request, world["clo"], approve=False, notes="Tidak relevan")
    assert request.state == RplState.REFUSED and request.entry is None
    assert not Entry.objects.filter(employee=world["employee"]).exists()


def test_a_forbidden_file_type_is_refused_with_a_clear_message(world):
    with pytest.raises(ValidationError) as refused:
        rpl.submit(
            world["employee"],
            world["jalan"],
            "Sertifikat",
            datetime.date(YEAR, 1, 5),
            datetime.date(YEAR, 1, 5),
            [SimpleUploadedFile("bukti.exe", b"MZ\x90\x00")],
        )
    assert "bukti.exe: Jenis berkas tidak diizinkan: hanya PDF, JPG, JPEG, PNG." in refused.value.messages
    renamed = SimpleUploadedFile("bukti.pdf", b"<html>bukan pdf</html>")
    with pytest.raises(ValidationError, match="Isi berkas tidak sesuai"):
        rpl.submit(
            world["employee"],
            world["jalan"],
            "Sertifikat",
            datetime.date(YEAR, 1, 5),
            datetime.date(YEAR, 1, 5),
            [renamed],
        )
    assert not RplRequest.objects.exists()


def test_only_ones_own_rows_are_fulfilled(world):
    plan, _created = drafting.open_plan(world["colleague"], YEAR)
    theirs = drafting.save_row(plan, world["colleague"], technical_row(world))
    with pytest.raises(PermissionDenied):
        request_for(world, row=theirs)
    assert theirs.section == Section.PROPOSED and not RplRequest.objects.exists()


def test_visibility_follows_the_policy(world):
    request = request_for(world)
    visible = {
        user: rpl.visible_requests(user).filter(pk=request.pk).exists()
        for user in (
            world["employee"],
            world["ketua_infra"],
            world["clo"],
            world["colleague"],
            world["ketua_asn"],
            world["kabid"],
        )
    }
    assert visible == {
        world["employee"]: True,
        world["ketua_infra"]: True,
        world["clo"]: True,
        world["colleague"]: False,
        world["ketua_asn"]: False,
        world["kabid"]: False,
    }
    assert UserFactory() not in visible
