import datetime

import pytest
from django.test import Client

from knowledge_assets.models import AssetApplication, AssetComment, AssetCounter, AssetRating
from tests.factories import KeanggotaanFactory, UserFactory

pytestmark = pytest.mark.django_db


def login(user):
    client = Client()
    client.force_login(user)
    return client


def test_rating_is_one_per_user_and_updatable(institution, make_asset):
    asset = make_asset("Nilai saya")
    client = login(institution["visitors"]["staff"])
    assert client.post(f"/pengetahuan/aset/{asset.pk}/nilai/", {"score": 4}).status_code == 302
    client.post(f"/pengetahuan/aset/{asset.pk}/nilai/", {"score": 2})
    client.post(f"/pengetahuan/aset/{asset.pk}/nilai/", {"score": 9})  # refused
    assert list(AssetRating.objects.values_list("score", flat=True)) == [2]
    assert "★ 2,0" in client.get(asset.url).text


def test_comment_and_application(institution, make_asset):
    asset = make_asset("Terapkan saya")
    client = login(institution["visitors"]["asn_elsewhere"])
    client.post(f"/pengetahuan/aset/{asset.pk}/komentar/", {"text": "Sangat membantu"})
    client.post(f"/pengetahuan/aset/{asset.pk}/terapkan/", {"outcome": "Waktu proses turun 30%"})
    client.post(f"/pengetahuan/aset/{asset.pk}/terapkan/", {"outcome": "Waktu proses turun 40%"})
    assert AssetComment.objects.get().text == "Sangat membantu"
    assert AssetApplication.objects.get().outcome == "Waktu proses turun 40%"
    page = client.get(asset.url).text
    assert "Sangat membantu" in page and "1 orang menerapkan" in page


def test_reader_actions_ask_the_policy(institution, make_asset):
    asset = make_asset("Internal kelompok", level="internal", owner_kelompok=institution["kelompok"])
    outsider = login(institution["visitors"]["staff"])
    for action, data in (("nilai", {"score": 5}), ("komentar", {"text": "x"}), ("terapkan", {"outcome": "x"})):
        assert outsider.post(f"/pengetahuan/aset/{asset.pk}/{action}/", data).status_code == 403
        anonymous = Client().post(f"/pengetahuan/aset/{asset.pk}/{action}/", data)
        assert anonymous.status_code == 302 and "/akun/login/" in anonymous["Location"]
        assert outsider.get(f"/pengetahuan/aset/{asset.pk}/{action}/").status_code == 405
    assert not AssetRating.objects.exists() and not AssetComment.objects.exists()
    member = login(institution["visitors"]["kelompok_member"])
    assert member.post(f"/pengetahuan/aset/{asset.pk}/nilai/", {"score": 5}).status_code == 302
    assert AssetRating.objects.count() == 1


def test_dashboard(institution, make_asset):
    kelompok = institution["kelompok"]
    used = make_asset("Paling dipakai", owner_kelompok=kelompok)
    applied = make_asset("Paling diterapkan", owner_kelompok=kelompok)
    old = make_asset("Sudah lewat tinjau", owner_kelompok=kelompok, review_by=datetime.date(2020, 1, 1))
    make_asset("Milik kelompok lain")
    AssetCounter.bump(used.pk, "views")
    AssetCounter.bump(used.pk, "downloads")
    someone = UserFactory()
    AssetApplication.objects.create(page=applied, user=someone, outcome="ok")
    AssetRating.objects.create(page=old, user=someone, score=1)
    url = f"/pengetahuan/dasbor/{kelompok.slug}/"

    member = login(institution["visitors"]["kelompok_member"])
    text = member.get(url).text
    assert "Paling dipakai" in text and "Paling diterapkan" in text and "Sudah lewat tinjau" in text
    assert "Milik kelompok lain" not in text
    assert login(institution["visitors"]["admin"]).get(url).status_code == 200
    kelompok.rumpun.koordinator = institution["visitors"]["unit_member"]
    kelompok.rumpun.save()
    assert login(institution["visitors"]["unit_member"]).get(url).status_code == 200
    assert login(institution["visitors"]["staff"]).get(url).status_code == 403
    assert Client().get(url).status_code == 302
    ketua = KeanggotaanFactory(kelompok=kelompok, peran="ketua").user
    assert login(ketua).get(url).status_code == 200
