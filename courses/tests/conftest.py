from decimal import Decimal

import pytest
from django.core.files import File

from corpu.access import AccessLevel
from courses.h5p.build import SAMPLES_DIR
from courses.models import CourseCatalogPage, CoursePage, H5PActivity, LessonPage
from courses.tests.scorm_helpers import scorm_course  # noqa: F401  (a fixture of the SCORM tests)


@pytest.fixture
def h5p_activity(db):
    def make(sample="netralitas-asn.h5p", level=AccessLevel.PUBLIC, **extra):
        """An activity from a shipped sample, or from a package at an absolute path."""
        path = SAMPLES_DIR / sample
        with open(path, "rb") as handle:
            activity = H5PActivity(title=path.name, access_level=level, package=File(handle, name=path.name), **extra)
            activity.system_upload = True
            activity.full_clean()
            activity.save()
        return activity

    return make


@pytest.fixture
def mooc(home, h5p_activity):
    """A public MOOC worth 2 JP: a text lesson and a lesson with the true/false H5P activity."""
    catalog = home.add_child(instance=CourseCatalogPage(title="Kursus", slug="kursus-daring"))
    course = catalog.add_child(
        instance=CoursePage(
            title="Netralitas ASN", access_level=AccessLevel.PUBLIC, jp_value=Decimal(2), ledger_form="e_learning"
        )
    )
    activity = h5p_activity()
    text = course.add_child(instance=LessonPage(title="Pengantar", body=[("text", "<p>Halo</p>")]))
    quiz = course.add_child(instance=LessonPage(title="Kuis", body=[("h5p", activity)]))
    return {"catalog": catalog, "course": course, "text": text, "quiz": quiz, "activity": activity}


def statement(activity, raw=1, maximum=1, statement_id="2f1c3c1e-8f2b-4c1e-9a53-0d7f9d6b1a11", right=None):
    """An `answered` statement as the player sends it: the score posted and, for CorpU's own question types, the
    answer given — right when the score is full marks, wrong otherwise, unless `right` says (a forged score)."""
    from courses.tests.h5p_helpers import corpu_answer

    result = {"score": {"min": 0, "max": maximum, "raw": raw}, "success": raw == maximum, "completion": True}
    response = corpu_answer(activity, raw == maximum if right is None else right)
    if response is not None:
        result["response"] = response
    return {
        "id": statement_id,
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
        "object": {"id": f"http://testserver/kursus/h5p/{activity.pk}/"},
        "result": result,
    }


@pytest.fixture
def private(settings, tmp_path):
    """A private storage of this test's own, so H5P upload leftovers can be listed exactly."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return tmp_path / "private"


def attempt_token(user, lesson, activity):
    """The attempt id the lesson page issues to an enrolled learner opening the activity."""
    from courses import services

    return str(services.open_activities(user, lesson)[activity].token)


def open_lesson(client, lesson):
    """Render the lesson page as the browser does: {"attempt": id or "", "frame": the player's frame URL}."""
    import re

    html = client.get(lesson.url).text
    attempt = re.search(r'data-attempt="([^"]*)"', html)
    frame = re.search(r'<iframe class="h5p-frame" src="([^"]+)"', html)
    return {"attempt": attempt.group(1) if attempt else "", "frame": frame.group(1) if frame else None, "html": html}
