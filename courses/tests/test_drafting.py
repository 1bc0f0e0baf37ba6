"""Draft courses other apps ask for: unpublished, hidden from learners, editable by the CLO, no slug clash."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from courses.models import CourseCatalogPage, CoursePage
from courses.services.drafting import draft_course
from people.roles import CLO, assign_role
from tests.factories import UserFactory


def test_a_draft_course_is_unpublished_hidden_and_editable_by_the_clo(home, client):
    catalog = home.add_child(instance=CourseCatalogPage(title="Kursus", slug="kursus"))
    catalog.save_revision().publish()
    clo = UserFactory(username="clo")
    assign_role(clo, CLO)
    first = draft_course("Komunikasi Publik", "Mampu presentasi", competency="manajerial", owner=clo)
    second = draft_course("Komunikasi Publik", "Angkatan kedua", owner=clo)
    assert first.slug != second.slug and not first.live and not second.live
    assert (
        CoursePage.objects.live().count() == 0 and first.get_latest_revision().content["summary"] == "Mampu presentasi"
    )
    learner = UserFactory(username="asn")
    client.force_login(learner)
    assert "Komunikasi Publik" not in client.get(catalog.get_url()).content.decode()
    assert client.get(first.get_url()).status_code == 404
    assert client.get(reverse("wagtailadmin_pages:edit", args=[first.pk])).status_code == 302  # not for learners
    client.force_login(clo)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[first.pk])).status_code == 200


@pytest.mark.django_db
def test_no_catalogue_is_a_clear_refusal():
    with pytest.raises(ValidationError, match="Katalog kursus belum ada"):
        draft_course("Kursus", "Tujuan")
