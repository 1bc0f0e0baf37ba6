"""Issue 13 "Counting", beyond totals: fallback rates flagged for the verifier, ceilings said in the explanation,
rulebooks in force by date, the PPPK ceiling on every report path, and the institution's rulebook setting."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Site

from ledger import services
from ledger.models import LedgerSettings, Rule, Rulebook
from people.models import JenisPegawai
from tests.factories import UserFactory, unit

D = datetime.date


def post(user, form, start, end, quantity, unit_name, stated=None, scope="nasional"):
    return services.record_activity(
        user,
        form,
        f"{form} {start}",
        start,
        end,
        quantity,
        unit_name,
        scope=scope,
        stated_jp=stated,
        status="verified",
        source="import",
        source_ref=f"t:{form}:{start}:{quantity}:{unit_name}:{scope}",
    )[0]


def report(year, slug):
    out = io.StringIO()
    call_command("jp_report", "--year", str(year), "--rulebook", slug, "--format", "json", stdout=out)
    return {row["nip"]: row for row in json.loads(out.getvalue())}


@pytest.fixture
def person(db):
    return UserFactory(unit_kerja=unit("Dinas Uji"), jenis_pegawai=JenisPegawai.PNS)


@pytest.mark.django_db
def test_magang_with_only_days_uses_the_editable_rate_and_is_flagged(person):
    """kutai-barat-dpupr-2024.txt L1367: "disesuaikan dengan durasi magang dengan ketentuan paling banyak dalam 1
    (satu) kali kegiatan magang adalah 20 (dua puluh) JP" — no per-day rate in the seed: the rule's
    fallback_jp_per_day (8, editable) × days, under the ceiling, flagged; never silently the ceiling."""
    post(person, "magang", D(2025, 5, 5), D(2025, 5, 6), 2, "hari")
    row = report(2025, "kutai-barat-2024")[person.nip]
    assert row["total_jp"] == 16
    assert "2 hari × 8 JP (tarif pengganti" in row["entries"][0]["explanation"]
    assert "perlu diperiksa verifikator" in row["entries"][0]["explanation"]
    stored = services.year_report(2025, Rulebook.objects.get(slug="kutai-barat-2024"))
    assert [r.review for r in next(r for r in stored if r["nip"] == person.nip)["results"]] == [True]
    rule = Rule.objects.get(rulebook__slug="kutai-barat-2024", form="magang")
    rule.fallback_jp_per_day = 4
    rule.save()  # an admin edit: the stored summaries follow
    assert report(2025, "kutai-barat-2024")[person.nip]["total_jp"] == 8


@pytest.mark.django_db
def test_per_day_maximum_is_the_value_only_when_just_days_are_known_and_says_so(person):
    """banjarbaru-perwali-23-2025.txt L519: "Paling tinggi 1 hari 4 JP akses pembelajaran secara dalam jaringan"."""
    post(person, "e_learning", D(2025, 9, 1), D(2025, 9, 2), 2, "hari")
    entry = report(2025, "banjarbaru-2025")[person.nip]["entries"][0]
    assert entry["jp"] == 8
    assert "JP program tidak tertera, dipakai nilai paling tinggi 2 hari × 4 JP = 8 JP" in entry["explanation"]


@pytest.mark.django_db
def test_activity_before_the_rulebook_is_counted_under_the_one_in_force_else_with_a_note(person):
    """A workshop of 2 days without stated JP on 2025-03-03: Banjarbaru (in force from 2025-07-25) cannot count
    it ("Sesuai JP program pelatihan", banjarbaru-perwali-23-2025.txt L507) and says it is out of its period;
    with Blitar set as the rulebook it superseded (until 2025-07-24), Blitar's "5 JP" per day counts it."""
    post(person, "workshop", D(2025, 3, 3), D(2025, 3, 4), 2, "hari")
    entry = report(2025, "banjarbaru-2025")[person.nip]["entries"][0]
    assert entry["jp"] == 0
    assert "di luar masa berlaku banjarbaru-2025 (2025-07-25 s.d. -)" in entry["explanation"]
    blitar = Rulebook.objects.get(slug="blitar-2023")
    blitar.effective_until = D(2025, 7, 24)
    blitar.save()
    banjarbaru = Rulebook.objects.get(slug="banjarbaru-2025")
    banjarbaru.supersedes = blitar
    banjarbaru.save()
    entry = report(2025, "banjarbaru-2025")[person.nip]["entries"][0]
    assert entry["jp"] == 10
    assert "dihitung menurut blitar-2023, peraturan yang berlaku pada 2025-03-03" in entry["explanation"]
    rule = Rule.objects.get(rulebook=blitar, form="workshop")
    rule.jp_per_unit_nasional = 6
    rule.save()  # editing the earlier rulebook refreshes the later one's stored summaries
    assert report(2025, "banjarbaru-2025")[person.nip]["total_jp"] == 12
    direct = services.year_report_direct(2025, banjarbaru)
    stored = services.year_report(2025, banjarbaru)
    assert [(r["total_jp"], [x.explanation for x in r["results"]]) for r in stored] == [
        (r["total_jp"], [x.explanation for x in r["results"]]) for r in direct
    ]


@pytest.mark.django_db
def test_pppk_ceiling_on_every_path_and_off_the_at_risk_list():
    """banjarbaru-perwali-23-2025.txt L103 "paling banyak 24 (dua puluh empat) jam pelajaran untuk PPPK";
    blitar-perwali-35-2023.txt L299 "setiap ASN paling sedikit 20 (dua puluh) jam pelajaran"."""
    place = unit("Dinas Uji")
    under = UserFactory(unit_kerja=place, jenis_pegawai=JenisPegawai.PPPK, nama="PPPK 22")
    over = UserFactory(unit_kerja=place, jenis_pegawai=JenisPegawai.PPPK, nama="PPPK 30")
    post(under, "pelatihan_teknis", D(2025, 9, 1), D(2025, 9, 3), 22, "jp")
    post(over, "pelatihan_teknis", D(2025, 9, 1), D(2025, 9, 4), 30, "jp")
    banjarbaru = Rulebook.objects.get(slug="banjarbaru-2025")
    for rows in (services.year_report(2025, banjarbaru), services.year_report_direct(2025, banjarbaru)):
        flags = {row["name"]: (row["total_jp"], row["met"], row["over_ceiling"]) for row in rows}
        assert flags == {"PPPK 22": (22, True, False), "PPPK 30": (30, True, True)}
    data = services.dashboard(2025, banjarbaru)
    assert data["at_risk"] == [] and [row["name"] for row in data["over_ceiling"]] == ["PPPK 30"]
    blitar = services.dashboard(2025, Rulebook.objects.get(slug="blitar-2023"))
    assert [row["name"] for row in blitar["at_risk"]] == []  # 22 and 30 both reach Blitar's minimum of 20
    assert blitar["over_ceiling"] == []


@pytest.mark.django_db
def test_rulebook_in_use_is_an_institution_setting_shown_with_its_reason(client):
    rulebook, reason = services.rulebook_in_use()
    assert rulebook.slug == "banjarbaru-2025" and "belum dipilih" in reason
    settings_row = LedgerSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.rulebook = Rulebook.objects.get(slug="kutai-barat-2024")
    settings_row.rulebook_reason = "Kabupaten belum memiliki tabel konversi sendiri; memakai pedoman Kutai Barat."
    settings_row.save()
    assert services.rulebook_in_use()[0].slug == "kutai-barat-2024"
    assert Rulebook.active().slug == "kutai-barat-2024"
    user = UserFactory(unit_kerja=unit("Dinas Uji"))
    client.force_login(user)
    html = client.get(reverse("ledger:saya")).content.decode()
    assert "(kutai-barat-2024)" in html and "memakai pedoman Kutai Barat" in html
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    html = client.get(reverse("ledger:dasbor")).content.decode()
    assert "memakai pedoman Kutai Barat" in html
    html = client.get(reverse("ledger_rulebook:index")).content.decode()
    assert "memakai pedoman Kutai Barat" in html


@pytest.mark.django_db
def test_demo_institution_names_its_rulebook_and_why():
    from ledger import demo

    demo.choose_rulebook()
    rulebook, reason = services.rulebook_in_use()
    assert rulebook.slug == demo.DEMO_RULEBOOK and "belum menetapkan tabel konversi JP sendiri" in reason


@pytest.mark.django_db
def test_admin_edits_dates_supersedes_ceiling_fallback_and_reason(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    banjarbaru = Rulebook.objects.get(slug="banjarbaru-2025")
    html = client.get(reverse("ledger_rulebook:edit", args=[banjarbaru.pk])).content.decode()
    for field in ("effective_until", "supersedes", "target_jp_pppk_is_ceiling"):
        assert f'name="{field}"' in html, field
    magang = Rule.objects.get(rulebook__slug="kutai-barat-2024", form="magang")
    html = client.get(reverse("ledger_rule:edit", args=[magang.pk])).content.decode()
    assert 'name="fallback_jp_per_day"' in html
    site = Site.objects.get(is_default_site=True)
    html = client.get(reverse("wagtailsettings:edit", args=["ledger", "ledgersettings", site.pk])).content.decode()
    assert 'name="rulebook_reason"' in html


@pytest.mark.django_db
def test_shipped_readings_are_loaded():
    banjarbaru = Rulebook.objects.get(slug="banjarbaru-2025")
    assert banjarbaru.target_jp_pppk_is_ceiling and banjarbaru.effective_from == D(2025, 7, 25)
    assert not Rulebook.objects.get(slug="blitar-2023").target_jp_pppk_is_ceiling
    assert Rule.objects.get(rulebook__slug="kutai-barat-2024", form="magang").fallback_jp_per_day == 8
