"""Wagtail's own admin speaks Indonesian: its catalogues ship as `id_ID`, which gettext finds for Django's "id"
(ADR 0020); English when the user chose it in their account settings."""

import pytest
from django.utils import translation
from wagtail.users.models import UserProfile

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_wagtails_indonesian_catalogue_serves_the_id_language():
    with translation.override("id"):
        assert translation.gettext("Pages") == "Halaman" and translation.gettext("Search") == "Pencarian"
    with translation.override("en"):
        assert translation.gettext("Pages") == "Pages"


def test_the_admin_is_indonesian_unless_the_user_chose_english(client):
    admin = UserFactory(is_superuser=True)
    client.force_login(admin)
    dashboard = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").text
    assert '<html lang="id"' in dashboard and "Halaman" in dashboard and "Pencarian" in dashboard
    assert '"Pages"' not in dashboard
    UserProfile.objects.create(user=admin, preferred_language="en")
    english = client.get("/admin/").text
    assert '<html lang="en"' in english and "Pages" in english and "Halaman" not in english
