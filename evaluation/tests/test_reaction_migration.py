"""The course reaction survey's data moves into evaluation responses (migration evaluation 0002), and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("evaluation", "0001_initial"), ("courses", "0008_mooc_label")]
AFTER = [("evaluation", "0002_course_reaction_survey"), ("courses", "0009_reaction_survey_moved_to_evaluation")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_course_survey_becomes_a_response_of_the_default_course_set():
    old = migrate(BEFORE)

    User = old.get_model("people", "User")
    Enrolment = old.get_model("courses", "Enrolment")
    ReactionSurvey = old.get_model("courses", "ReactionSurvey")
    CoursePage = old.get_model("courses", "CoursePage")
    course_ids = list(CoursePage.objects.values_list("pk", flat=True))
    if not course_ids:  # a course page made with the old state (treebeard fields by hand)
        Page = old.get_model("wagtailcore", "Page")
        ContentType = old.get_model("contenttypes", "ContentType")
        root = Page.objects.get(depth=1)
        content_type, _made = ContentType.objects.get_or_create(app_label="courses", model="coursepage")
        made = []
        for n in (1, 2):
            page = CoursePage.objects.create(
                title=f"Kursus {n}",
                slug=f"kursus-migrasi-{n}",
                path=f"{root.path}ZZ{n:02d}",
                depth=2,
                numchild=0,
                url_path=f"/kursus-migrasi-{n}/",
                content_type=content_type,
                locale_id=root.locale_id,
                live=True,
            )
            made.append(page.pk)
        course_ids = made
    first, second = course_ids[0], course_ids[-1]
    users = [User.objects.create(username=f"migrasi{n}", nama=f"Peserta {n}") for n in range(3)]
    when = timezone.make_aware(timezone.datetime(2025, 5, 4, 10, 0))
    rows = [
        (users[0], first, 5, 4, 3, "Sangat membantu"),
        (users[1], first, 2, 3, 4, "  "),
        (users[2], second, 1, 1, 1, ""),
    ]
    for user, course_id, relevance, quality, usefulness, comment in rows:
        enrolment = Enrolment.objects.create(course_id=course_id, user=user, status="completed")
        ReactionSurvey.objects.create(
            enrolment=enrolment,
            relevance=relevance,
            quality=quality,
            usefulness=usefulness,
            comment=comment,
            submitted_at=when,
        )

    new = migrate(AFTER)
    Response = new.get_model("evaluation", "Response")
    Answer = new.get_model("evaluation", "Answer")
    responses = Response.objects.filter(respondent__username__startswith="migrasi").order_by("respondent__username")
    assert [(r.respondent.username, r.target.course_id, r.submitted_at) for r in responses] == [
        ("migrasi0", first, when),
        ("migrasi1", first, when),
        ("migrasi2", second, when),
    ]
    assert all(r.target.question_set.default_for == "kursus" for r in responses)
    stored = {
        (a.response.respondent.username, a.question.key): a.number or a.text
        for a in Answer.objects.filter(response__in=responses).select_related("response__respondent", "question")
    }
    assert stored == {
        ("migrasi0", "relevance"): 5,
        ("migrasi0", "quality"): 4,
        ("migrasi0", "usefulness"): 3,
        ("migrasi0", "comment"): "Sangat membantu",
        ("migrasi1", "relevance"): 2,
        ("migrasi1", "quality"): 3,
        ("migrasi1", "usefulness"): 4,
        ("migrasi2", "relevance"): 1,
        ("migrasi2", "quality"): 1,
        ("migrasi2", "usefulness"): 1,
    }  # a blank comment makes no answer

    back = migrate(BEFORE)  # reversing puts the surveys back in courses
    restored = back.get_model("courses", "ReactionSurvey").objects.order_by("enrolment__user__username")
    assert [(s.enrolment.user.username, s.relevance, s.comment) for s in restored] == [
        ("migrasi0", 5, "Sangat membantu"),
        ("migrasi1", 2, ""),
        ("migrasi2", 1, ""),
    ]
    migrate(executor_leaves())


def executor_leaves():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
