"""The behaviour-evaluation pages: the supervisor's list and form, the employee's self-report and own list, the
overdue list; each refuses whoever the policy does not admit, and lists run a constant number of queries."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from corpu.access import AccessLevel
from evaluation.models import BehaviourSelfReport, BehaviourTask, TaskStatus
from evaluation.services import behaviour
from knowledge_assets.models import AssetApplication, KnowledgeAssetPage
from knowledge_assets.setup import ensure_knowledge_setup
from people.models import UnitKerja
from tests.factories import UserFactory

from .behaviour_world import training, world_fixture  # noqa: F401

LIST = reverse("evaluation:behaviour_list")
MINE = reverse("evaluation:behaviour_mine")
OVERDUE = reverse("evaluation:behaviour_overdue")


def _due_task(world, employee=None, days_ago=1, ref=None):
    """A task of `employee` that fell due `days_ago` days ago (entries dated in the past, the clock as it is)."""
    employee = employee or world["employee"]
    today = timezone.localdate()
    done = today - datetime.timedelta(days=days_ago)
    start = done.replace(year=done.year - 1) if done.month <= 6 else done.replace(month=done.month - 6)
    training(employee, world["secretariat"], start, ref=ref)
    created = behaviour.create_due_tasks(today + datetime.timedelta(days=200))  # made now, dated back below
    assert len(created) == 1
    BehaviourTask.objects.filter(pk=created[0].pk).update(due_on=done)
    return BehaviourTask.objects.get(pk=created[0].pk)


def _url(task, name="behaviour_task"):
    return reverse(f"evaluation:{name}", args=[task.pk])


@pytest.mark.parametrize("url", [LIST, MINE, OVERDUE])
def test_anonymous_visitors_are_sent_to_sign_in(client, world, url):
    response = client.get(url)
    assert response.status_code == 302 and "login" in response.url


def test_the_supervisor_assesses_beside_the_self_report_and_applications(client, world, home):
    task = _due_task(world)
    catalogue = ensure_knowledge_setup(home)
    asset = KnowledgeAssetPage(title="SOP Uji Mutu Perkerasan", abstract="x", asset_type="sop")
    catalogue.add_child(instance=asset)
    asset.save_revision().publish()
    hidden = KnowledgeAssetPage(
        title="Catatan internal Dinkes",
        abstract="x",
        asset_type="sop",
        access_level=AccessLevel.INTERNAL,
        owner_unit=world["other"],
    )
    catalogue.add_child(instance=hidden)
    hidden.save_revision().publish()
    AssetApplication.objects.create(page=asset, user=world["employee"], outcome="Dipakai di paket jalan Paringin")
    AssetApplication.objects.create(page=hidden, user=world["employee"], outcome="rahasia")
    BehaviourSelfReport.objects.create(task=task, applied="sebagian", examples="Daftar periksa mutu")
    client.force_login(world["kabid"])
    assert task.entry.title in client.get(LIST).content.decode()
    page = client.get(_url(task)).content.decode()
    assert "Daftar periksa mutu" in page and "Dipakai di paket jalan Paringin" in page
    assert "Catatan internal Dinkes" not in page  # an asset the supervisor may not see stays hidden
    assert "Menerapkan pengetahuan dari kegiatan" in page and 'name="gap"' in page
    data = {f"indikator_{i}": "ya" for i in range(4)} | {"gap": "rendah", "notes": "Sudah diterapkan"}
    response = client.post(_url(task), data)
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.gap, task.answers) == (TaskStatus.ASSESSED, "rendah", ["ya"] * 4)


def test_a_missing_indicator_is_named_and_nothing_is_saved(client, world):
    task = _due_task(world)
    client.force_login(world["kabid"])
    data = {"indikator_0": "ya", "indikator_1": "tidak", "gap": "tinggi", "notes": "Catatan saya"}
    response = client.post(_url(task), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Catatan saya" in page and page.count('class="errorlist"') == 2  # indicators 3 and 4 left out
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN and task.gap == ""


@pytest.mark.parametrize("who", ["employee", "colleague", "other_head", "other_secretariat", "kadis", "clo"])
def test_nobody_but_the_assessor_may_post_an_assessment(client, world, who):
    task = _due_task(world)
    client.force_login(world[who])
    data = {f"indikator_{i}": "ya" for i in range(4)} | {"gap": "rendah"}
    assert client.post(_url(task), data).status_code == 403
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("employee", 200),
        ("kabid", 200),
        ("kadis", 200),
        ("secretariat", 200),
        ("bidang_secretariat", 200),
        ("clo", 200),
        ("dewan", 200),
        ("colleague", 403),
        ("other_head", 403),
        ("other_secretariat", 403),
        ("other_staff", 403),
    ],
)
def test_who_may_open_a_task(client, world, who, status):
    task = _due_task(world)
    client.force_login(world[who])
    response = client.get(_url(task))
    assert response.status_code == status
    if status == 200 and who != "kabid":
        assert 'name="gap"' not in response.content.decode()  # read-only for everyone but the assessor


def test_an_anonymous_visitor_is_sent_to_sign_in_from_a_task(client, world):
    task = _due_task(world)
    for name in ["behaviour_task", "behaviour_self_report"]:
        response = client.get(_url(task, name))
        assert response.status_code == 302 and "login" in response.url


def test_the_employee_writes_their_self_report_and_nobody_else(client, world):
    task = _due_task(world)
    client.force_login(world["kabid"])
    assert client.get(_url(task, "behaviour_self_report")).status_code == 403
    assert client.post(_url(task, "behaviour_self_report"), {"applied": "ya"}).status_code == 403
    client.force_login(world["employee"])
    assert task.entry.title in client.get(MINE).content.decode()
    response = client.post(_url(task, "behaviour_self_report"), {"applied": "ya", "examples": "Laporan mingguan"})
    assert response.status_code == 302
    assert BehaviourSelfReport.objects.get(task=task).examples == "Laporan mingguan"
    bad = client.post(_url(task, "behaviour_self_report"), {"applied": "mungkin", "examples": "tetap di sini"})
    assert bad.status_code == 200 and "tetap di sini" in bad.content.decode()
    assert BehaviourSelfReport.objects.get(task=task).applied == "ya"


def test_the_overdue_list_for_the_clo_and_unit_secretariats(client, world):
    late = _due_task(world, days_ago=40, ref="late")
    _due_task(world, days_ago=5, ref="fresh")  # due, not yet overdue
    other_late = _due_task(world, employee=world["other_staff"], days_ago=45, ref="other")
    client.force_login(world["employee"])
    assert client.get(OVERDUE).status_code == 403
    client.force_login(world["clo"])
    page = client.get(OVERDUE).content.decode()
    assert len(re.findall(r'href="/evaluasi/perilaku/\d+/"', page)) == 2
    assert _url(late) in page and _url(other_late) in page
    client.force_login(world["secretariat"])
    page = client.get(OVERDUE).content.decode()
    assert _url(late) in page and _url(other_late) not in page
    client.force_login(world["other_secretariat"])
    page = client.get(OVERDUE).content.decode()
    assert _url(late) not in page and _url(other_late) in page


def test_an_unassigned_task_is_listed_at_once_as_without_assessor(client, world):
    UnitKerja.objects.update(kepala=None)
    world["employee"].refresh_from_db()
    task = _due_task(world, days_ago=0)
    assert task.assessor is None
    client.force_login(world["bidang_secretariat"])
    page = client.get(OVERDUE).content.decode()
    assert _url(task) in page and "Tanpa penilai" in page
    assert 'name="gap"' in client.get(_url(task)).content.decode()  # the secretariat assesses it


def test_lists_run_a_constant_number_of_queries(client, world, django_assert_max_num_queries):
    _due_task(world, days_ago=40, ref="a")
    client.force_login(world["kabid"])
    counts = {}
    for url in [LIST, OVERDUE]:
        with django_assert_max_num_queries(20) as first:
            client.get(url)
        counts[url] = len(first.captured_queries)
    client.force_login(world["employee"])
    with django_assert_max_num_queries(20) as first:
        client.get(MINE)
    counts[MINE] = len(first.captured_queries)
    for n in range(6):
        colleague = UserFactory(unit_kerja=world["bidang"])
        task = _due_task(world, employee=colleague, days_ago=40, ref=f"more{n}")
        BehaviourSelfReport.objects.create(task=task, applied="ya")
        _due_task(world, days_ago=35 + n, ref=f"mine{n}")
    client.force_login(world["kabid"])
    for url in [LIST, OVERDUE]:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200
    client.force_login(world["employee"])
    with django_assert_max_num_queries(counts[MINE]):
        client.get(MINE)


def test_the_command_prints_its_summary(world, capsys):
    call_command("evaluation_due")
    assert "0 tugas baru" in capsys.readouterr().out
