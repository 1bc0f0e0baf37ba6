"""The default course reaction survey (the former courses.ReactionSurvey, same wording): made by migration 0002 and
again whenever it is missing (a flushed test database, an administrator who deleted it)."""

COURSE_SET = {"title": "Survei reaksi kursus", "intro": "Bagaimana kursus ini menurut Anda?", "default_for": "kursus"}
QUESTIONS = [
    ("relevance", "likert", "Materi relevan dengan pekerjaan saya", True),
    ("quality", "likert", "Materi dan fasilitator berkualitas", True),
    ("usefulness", "likert", "Saya akan menerapkan yang saya pelajari", True),
    ("comment", "text", "Saran", False),
]


def ensure_course_set(QuestionSet, Question):  # noqa: N803 - the models, historical ones in the migration
    """The default course set, created with its questions when there is none."""
    question_set = QuestionSet.objects.filter(default_for="kursus").first()
    if question_set is None:
        question_set = QuestionSet.objects.create(**COURSE_SET)
        for order, (key, kind, text, required) in enumerate(QUESTIONS):
            Question.objects.create(
                question_set=question_set, sort_order=order, key=key, kind=kind, text=text, required=required
            )
    return question_set
