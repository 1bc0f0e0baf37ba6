"""The CLO edits reaction question sets (with their ordered questions) and pre/post pairs in the Wagtail admin;
other admin users may not."""

import pytest
from django.test import Client

from evaluation.models import QuestionSet
from people.roles import CLO, KETUA, assign_role
from tests.factories import UserFactory


def question(index, kind, text, options="", required="on"):
    prefix = f"questions-{index}-"
    row = {f"{prefix}kind": kind, f"{prefix}text": text, f"{prefix}options": options, f"{prefix}key": ""}
    row.update({f"{prefix}ORDER": str(index + 1), f"{prefix}DELETE": "", f"{prefix}id": ""})
    if required:
        row[f"{prefix}required"] = required
    return row


def new_set(client, *questions, **fields):
    data = {"title": "Survei sesi", "intro": "", "default_for": "", "active": "on", **fields}
    data.update({"questions-TOTAL_FORMS": str(len(questions)), "questions-INITIAL_FORMS": "0"})
    data.update({"questions-MIN_NUM_FORMS": "1", "questions-MAX_NUM_FORMS": "1000"})
    for row in questions:
        data.update(row)
    return client.post("/admin/evaluation_questionset/new/", data)


@pytest.mark.django_db
def test_clo_creates_a_question_set_with_ordered_questions():
    clo = UserFactory()
    assign_role(clo, CLO)
    client = Client()
    client.force_login(clo)
    assert client.get("/admin/evaluation_questionset/").status_code == 200
    reply = new_set(
        client,
        question(0, "likert", "Topik relevan"),
        question(1, "choice", "Format", "Luring\nDaring"),
        question(2, "text", "Usul", required=""),
        default_for="sesi",
    )
    assert reply.status_code == 302, reply.context["form"].errors if reply.context else reply
    made = QuestionSet.objects.get(title="Survei sesi")
    assert made.default_for == "sesi"
    assert list(made.questions.order_by("sort_order").values_list("text", "kind", "required")) == [
        ("Topik relevan", "likert", True),
        ("Format", "choice", True),
        ("Usul", "text", False),
    ]
    refused = new_set(client, question(0, "choice", "Format", "Hanya satu"), title="Salah")
    assert refused.status_code == 200 and not QuestionSet.objects.filter(title="Salah").exists()
    assert "dua pilihan" in refused.text
    assert client.get("/admin/evaluation_surveytarget/new/").status_code == 200
    assert client.get("/admin/evaluation_prepost/new/").status_code == 200


@pytest.mark.django_db
def test_other_admin_users_may_not_edit_question_sets():
    ketua = UserFactory()
    assign_role(ketua, KETUA)
    client = Client()
    client.force_login(ketua)
    assert client.get("/admin/evaluation_questionset/").status_code in (302, 403)
    new_set(client, question(0, "likert", "Topik relevan"))
    assert not QuestionSet.objects.filter(title="Survei sesi").exists()
