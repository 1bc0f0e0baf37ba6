"""The Wagtail user admin: only a superuser may grant superuser or break-glass status (the CLO manages users but
cannot escalate anyone, themselves included)."""

import pytest
from django.urls import reverse

from people.forms import AsnUserEditForm
from people.models import User
from people.roles import CLO, assign_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Rahasia-Kuat-2026"


def edit_data(target, **changes):
    """The edit form's current values as a browser would post them, with `changes`."""
    form = AsnUserEditForm(instance=target, editor=UserFactory.build(is_superuser=True))
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, False, ""):
            data[name] = "on" if value is True else value
    data.update({"first_name": "Budi", "last_name": "Santoso", **changes})
    return data


@pytest.fixture
def clo(client):
    user = UserFactory(username="clo")
    assign_role(user, CLO)
    client.force_login(user)
    return user


def test_the_clo_cannot_make_another_user_a_superuser_or_break_glass(client, clo):
    target = UserFactory(username="pegawai")
    response = client.post(
        reverse("wagtailusers_users:edit", args=[target.pk]),
        edit_data(target, is_superuser="on", break_glass="on", jabatan="Analis"),
    )
    assert response.status_code == 302, response.context["form"].errors
    target.refresh_from_db()
    assert target.jabatan == "Analis"  # the edit itself went through
    assert not target.is_superuser and not target.break_glass


def test_the_clo_cannot_escalate_themselves_or_create_a_superuser(client, clo):
    client.post(reverse("wagtailusers_users:edit", args=[clo.pk]), edit_data(clo, is_superuser="on", break_glass="on"))
    clo.refresh_from_db()
    assert not clo.is_superuser and not clo.break_glass
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "baru",
            "email": "baru@example.go.id",
            "first_name": "Baru",
            "last_name": "Pegawai",
            "nama": "Pegawai Baru",
            "jenis_pegawai": "NON_ASN",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "is_active": "on",
            "is_superuser": "on",
            "break_glass": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    created = User.objects.get(username="baru")
    assert not created.is_superuser and not created.break_glass
    page = client.get(reverse("wagtailusers_users:edit", args=[created.pk])).content.decode()
    assert 'name="break_glass"' in page and "disabled" in page.split('name="break_glass"')[1].split(">")[0]


def test_a_superuser_grants_break_glass(client):
    admin = UserFactory(is_superuser=True)
    target = UserFactory(username="darurat")
    client.force_login(admin)
    response = client.post(reverse("wagtailusers_users:edit", args=[target.pk]), edit_data(target, break_glass="on"))
    assert response.status_code == 302, response.context["form"].errors
    target.refresh_from_db()
    assert target.break_glass and not target.is_superuser


@pytest.mark.parametrize("powers", [{"is_superuser": True}, {"break_glass": True}])
def test_the_clo_cannot_take_over_a_superuser_or_break_glass_account(client, clo, powers):
    target = UserFactory(username="darurat", **powers)
    target.set_password(PASSWORD)
    target.save()
    url = reverse("wagtailusers_users:edit", args=[target.pk])
    refused = reverse("wagtailadmin_home")  # Wagtail's answer to PermissionDenied: back to the dashboard

    def denied(response):
        return response.status_code == 302 and response.url == refused

    assert denied(client.get(url))
    data = edit_data(
        target, password1="Sandi-Baru-CLO-2026", password2="Sandi-Baru-CLO-2026", email="clo@example.go.id"
    )
    assert denied(client.post(url, data))
    target.refresh_from_db()
    assert target.check_password(PASSWORD) and target.email != "clo@example.go.id"
    assert denied(client.post(reverse("wagtailusers_users:delete", args=[target.pk])))
    assert User.objects.filter(pk=target.pk).exists()


def test_a_superuser_edits_a_break_glass_account(client):
    client.force_login(UserFactory(is_superuser=True))
    target = UserFactory(username="darurat", break_glass=True)
    response = client.post(reverse("wagtailusers_users:edit", args=[target.pk]), edit_data(target, jabatan="Cadangan"))
    assert response.status_code == 302, response.context["form"].errors
    target.refresh_from_db()
    assert target.jabatan == "Cadangan" and target.break_glass
