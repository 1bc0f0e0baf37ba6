import pytest
from django.contrib.auth.models import Group
from django.test import Client

from people.roles import ANGGOTA, CLO, KETUA, KOORDINATOR, ROLE_NAMES, assign_role, user_roles
from tests.factories import KeanggotaanFactory, RumpunFactory, UserFactory, unit


@pytest.mark.django_db
def test_role_groups_exist_with_real_permissions():
    clo = Group.objects.get(name=ROLE_NAMES[CLO])
    perms = set(clo.permissions.values_list("codename", flat=True))
    assert {"access_admin", "add_user", "change_unitkerja", "view_all_content"} <= perms
    anggota = set(Group.objects.get(name=ROLE_NAMES[ANGGOTA]).permissions.values_list("codename", flat=True))
    assert "add_user" not in anggota and "access_admin" in anggota


@pytest.mark.django_db
def test_membership_and_coordination_follow_the_data():
    member = KeanggotaanFactory(peran="ketua")
    user = member.user
    assert set(user_roles(user)) == {KETUA, ANGGOTA}
    member.peran = "anggota"
    member.save()
    assert set(user_roles(user)) == {ANGGOTA}
    member.delete()
    assert user_roles(user) == []
    rumpun = RumpunFactory(koordinator=user)
    assert user_roles(user) == [KOORDINATOR]
    successor = UserFactory()
    rumpun.koordinator = successor
    rumpun.save()
    assert user_roles(user) == [] and user_roles(successor) == [KOORDINATOR]


@pytest.mark.django_db
def test_clo_can_manage_people_in_wagtail_admin_and_learner_cannot():
    clo = UserFactory()
    assign_role(clo, CLO)
    client = Client()
    client.force_login(clo)
    assert client.get("/admin/unit_kerja/").status_code == 200
    assert client.get("/admin/users/").status_code == 200
    response = client.post("/admin/unit_kerja/new/", {"nama": "Dinas Sosial", "kode": "DINSOS", "parent": ""})
    assert response.status_code == 302
    learner = UserFactory()
    client.force_login(learner)
    assert client.get("/admin/unit_kerja/").status_code == 302  # no admin access: sent away


@pytest.mark.django_db
def test_profil_saya_shows_asn_data_and_memberships():
    user = UserFactory(
        nama="Siti Rahmah", unit_kerja=unit("Dinas PUPR/Bidang Bina Marga"), pangkat_golongan="Penata (III/c)"
    )
    KeanggotaanFactory(user=user, kelompok__nama="KK Infrastruktur")
    client = Client()
    assert client.get("/profil/").status_code == 302
    client.force_login(user)
    page = client.get("/profil/").text
    for text in (
        "Profil saya",
        "Siti Rahmah",
        user.nip,
        "Dinas PUPR / Bidang Bina Marga",
        "KK Infrastruktur",
        "Penata (III/c)",
        "Anggota Kelompok Keahlian",
    ):
        assert text in page
    response = client.post("/profil/", {"email": "baru@pupr.go.id", "pendidikan": "S2"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "baru@pupr.go.id" and user.pendidikan == "S2"


@pytest.mark.django_db
def test_admin_user_form_has_asn_fields_and_validates_the_nip():
    admin = UserFactory(is_superuser=True)
    client = Client()
    client.force_login(admin)
    assert 'name="nip"' in client.get("/admin/users/new/").text
    response = client.post(
        "/admin/users/new/",
        {
            "username": "baru",
            "email": "baru@pupr.go.id",
            "nama": "Pegawai Baru",
            "nip": "198513122010012003",
            "jenis_pegawai": "PNS",
            "password1": "Sandi-kuat-2026",
            "password2": "Sandi-kuat-2026",
        },
    )
    assert response.status_code == 200 and "Tanggal lahir pada NIP" in response.text
