"""The course reaction survey becomes a question set: the default course set with the three Likert questions and
the comment question of the former `courses.ReactionSurvey`, worded as before, and every stored survey copied into
a response (its answers, its time). courses' migration removing ReactionSurvey depends on this one."""

from django.db import migrations

from evaluation.course_survey import ensure_course_set


def create_course_set(apps, schema_editor):
    """Make the default course set (once) and copy every ReactionSurvey into a Response with its answers."""
    QuestionSet = apps.get_model("evaluation", "QuestionSet")
    Question = apps.get_model("evaluation", "Question")
    SurveyTarget = apps.get_model("evaluation", "SurveyTarget")
    Response = apps.get_model("evaluation", "Response")
    Answer = apps.get_model("evaluation", "Answer")
    ReactionSurvey = apps.get_model("courses", "ReactionSurvey")

    question_set = ensure_course_set(QuestionSet, Question)
    questions = {q.key: q for q in Question.objects.filter(question_set=question_set)}
    targets = {t.course_id: t for t in SurveyTarget.objects.filter(course__isnull=False)}
    for survey in ReactionSurvey.objects.select_related("enrolment").order_by("pk").iterator():
        course_id, user_id = survey.enrolment.course_id, survey.enrolment.user_id
        target = targets.get(course_id)
        if target is None:
            target = targets[course_id] = SurveyTarget.objects.create(question_set=question_set, course_id=course_id)
        if Response.objects.filter(target=target, respondent_id=user_id).exists():
            continue
        response = Response.objects.create(target=target, respondent_id=user_id, submitted_at=survey.submitted_at)
        answers = [
            Answer(response=response, question=questions[key], number=getattr(survey, key))
            for key in ("relevance", "quality", "usefulness")
            if key in questions and 1 <= (getattr(survey, key) or 0) <= 5
        ]
        if survey.comment.strip() and "comment" in questions:
            answers.append(Answer(response=response, question=questions["comment"], text=survey.comment.strip()))
        Answer.objects.bulk_create(answers)


def restore_surveys(apps, schema_editor):
    """Backwards: responses about courses back into ReactionSurvey rows (those with the three Likert answers)."""
    Response = apps.get_model("evaluation", "Response")
    Enrolment = apps.get_model("courses", "Enrolment")
    ReactionSurvey = apps.get_model("courses", "ReactionSurvey")
    for response in Response.objects.filter(target__course__isnull=False).select_related("target"):
        values = {a.question.key: a for a in response.answers.select_related("question")}
        enrolment = Enrolment.objects.filter(course_id=response.target.course_id, user_id=response.respondent_id).first()
        if enrolment is None or not all(k in values for k in ("relevance", "quality", "usefulness")):
            continue
        ReactionSurvey.objects.get_or_create(
            enrolment=enrolment,
            defaults={
                "relevance": values["relevance"].number,
                "quality": values["quality"].number,
                "usefulness": values["usefulness"].number,
                "comment": values["comment"].text if "comment" in values else "",
                "submitted_at": response.submitted_at,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0001_initial"),
        ("courses", "0008_mooc_label"),
    ]

    operations = [migrations.RunPython(create_course_set, restore_surveys)]
