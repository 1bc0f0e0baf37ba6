"""The H5P activity's admin edit form works although private storage has no file URL."""

import pytest
from django.core.files import File
from django.test import Client

from corpu.access import AccessLevel
from courses.models import H5PActivity
from tests.factories import UserFactory

from .h5p_helpers import form_data, sample_package


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(UserFactory(username="root", is_superuser=True))
    return client


@pytest.fixture
def activity(private, tmp_path):
    path = sample_package(tmp_path, "awal.h5p")
    with open(path, "rb") as handle:
        made = H5PActivity(title="Awal", access_level=AccessLevel.PUBLIC, package=File(handle, name=path.name))
        made.system_upload = True
        made.save()
    return made


def edit_url(activity):
    return f"/admin/snippets/courses/h5pactivity/edit/{activity.pk}/"


def test_administrator_opens_the_edit_form_and_sees_the_file_name(admin_client, activity):
    response = admin_client.get(edit_url(activity))
    assert response.status_code == 200
    assert "awal" in response.content.decode() and 'type="file"' in response.content.decode()


def test_administrator_saves_without_a_new_package(admin_client, activity):
    folder = activity.folder
    data = {"title": "Judul baru", "access_level": "public"}
    response = admin_client.post(edit_url(activity), data)
    assert response.status_code == 302, response.context["form"].errors
    activity.refresh_from_db()
    assert (activity.title, activity.folder) == ("Judul baru", folder)


def test_administrator_replaces_the_package(admin_client, activity, tmp_path, django_capture_on_commit_callbacks):
    old_folder = activity.folder
    data = form_data(sample_package(tmp_path, "ganti.h5p", params={"question": "<p>Baru</p>", "correct": "false"}))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(edit_url(activity), data)
    assert response.status_code == 302, response.context["form"].errors
    activity.refresh_from_db()
    assert activity.folder != old_folder
    assert b"Baru" in activity.file_path("content/content.json").read_bytes()
    assert admin_client.get(edit_url(activity)).status_code == 200
