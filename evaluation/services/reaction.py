"""Reaction surveys: which question set an activity uses, who may answer it, the answer form, storing one
response per participant, and the anonymous results per item (constant queries)."""

from collections import Counter, defaultdict

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.utils.translation import gettext as _

from ..course_survey import ensure_course_set
from ..models import Answer, Question, QuestionKind, QuestionSet, Response, SurveyTarget, TargetKind
from ..models.reaction import TARGET_FIELDS

COURSE_SET_TITLE = "Survei reaksi kursus"  # the default course set made by migration 0002 (data, not a UI string)


def models_by_kind():
    from communities.models import CopSession
    from courses.models import CoursePage
    from ledger.models import Entry
    from planning.models import LearningProgramme

    return {
        TargetKind.COURSE: CoursePage,
        TargetKind.COP_SESSION: CopSession,
        TargetKind.PROGRAMME: LearningProgramme,
        TargetKind.EXTERNAL: Entry,
    }


def kind_of(obj):
    """The TargetKind of an activity object."""
    for kind, model in models_by_kind().items():
        if isinstance(obj, model):
            return kind
    raise TypeError(f"{type(obj).__name__} takes no reaction survey")


def default_set(kind):
    """The active default set of a kind of activity; courses always have one (the former course survey)."""
    found = QuestionSet.objects.filter(default_for=kind, active=True).first()
    if found is None and kind == TargetKind.COURSE and not QuestionSet.objects.filter(default_for=kind).exists():
        ensure_course_set(QuestionSet, Question)
        found = QuestionSet.objects.filter(default_for=kind, active=True).first()
    return found


def target_of(obj):
    """The SurveyTarget of an activity: its own row, else an unsaved one with its kind's default set; None when
    neither exists (the activity has no survey)."""
    kind = kind_of(obj)
    field = TARGET_FIELDS[kind]
    target = SurveyTarget.objects.select_related("question_set").filter(**{field: obj}).first()
    if target is not None:
        return target if target.question_set.active else None
    question_set = default_set(kind)
    return SurveyTarget(question_set=question_set, **{field: obj}) if question_set else None


def may_answer(user, obj):
    """Only a participant answers: a course's learner who finished it, a CoP session's attendee, an employee a
    programme targets, the employee of an external activity's ledger entry."""
    if not user.is_authenticated:
        return False
    kind = kind_of(obj)
    if kind == TargetKind.COURSE:
        return obj.enrolments.filter(user=user, status="completed").exists()
    if kind == TargetKind.COP_SESSION:
        return obj.attendances.filter(user=user).exists()
    if kind == TargetKind.PROGRAMME:
        from planning.services.calendar import is_target

        return is_target(obj, user)
    return obj.employee_id == user.pk and obj.source == "external" and obj.status != "rejected"


def has_answered(user, target):
    return bool(target.pk) and Response.objects.filter(target=target, respondent=user).exists()


def questions_of(question_set):
    return list(Question.objects.filter(question_set=question_set).order_by("sort_order", "pk"))


class SurveyForm(forms.Form):
    """The answer form of a question set: one field `q<question id>` per question, in order."""

    def __init__(self, questions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = self._field(question)

    @staticmethod
    def _field(question):
        if question.kind == QuestionKind.LIKERT:
            field = forms.TypedChoiceField(
                choices=[(value, str(value)) for value, _label in question.scale_labels()],
                coerce=int,
                widget=forms.RadioSelect,
            )
            field.scale = question.scale_labels()
        elif question.kind == QuestionKind.CHOICE:
            field = forms.ChoiceField(choices=[(o, o) for o in question.option_list], widget=forms.RadioSelect)
        else:
            field = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
        field.label = question.text
        field.required = question.required
        field.kind = question.kind
        return field

    def answers(self):
        """Answer rows (unsaved, without response) for what was given."""
        rows = []
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            if value in (None, ""):
                continue
            if question.kind == QuestionKind.LIKERT:
                rows.append(Answer(question=question, number=value))
            else:
                rows.append(Answer(question=question, text=str(value).strip()))
        return rows


def survey_form(target, data=None):
    form = SurveyForm(questions_of(target.question_set), data=data, prefix="reaksi")
    form.heading = target.question_set.intro or target.question_set.title
    return form


def submit(user, obj, data):
    """Store a participant's answers about an activity. Refused: a non-participant (PermissionDenied), an activity
    without a survey or an invalid form (ValidationError, the form in `error.form`), a second response."""
    target = target_of(obj)
    if target is None:
        raise ValidationError(_("Kegiatan ini tidak memiliki survei reaksi."))
    if not may_answer(user, obj):
        raise PermissionDenied(_("Hanya peserta kegiatan ini yang dapat mengisi survei reaksinya."))
    if has_answered(user, target):
        raise ValidationError(_("Anda sudah mengisi survei reaksi kegiatan ini; jawaban tidak dapat diubah."))
    form = survey_form(target, data)
    if not form.is_valid():
        error = ValidationError(_("Periksa kembali jawaban Anda: ada pertanyaan wajib yang belum diisi."))
        error.form = form
        raise error
    try:
        with transaction.atomic():
            if target.pk is None:
                field = TARGET_FIELDS[target.kind]
                target, _made = SurveyTarget.objects.get_or_create(
                    **{field: obj}, defaults={"question_set": target.question_set}
                )
            response = Response.objects.create(target=target, respondent=user)
            answers = form.answers()
            for answer in answers:
                answer.response = response
            Answer.objects.bulk_create(answers)
    except IntegrityError:
        raise ValidationError(_("Anda sudah mengisi survei reaksi kegiatan ini; jawaban tidak dapat diubah.")) from None
    return response


def survey_state(user, obj):
    """What a participant sees of an activity's survey: None (no survey, or not a participant) or a dict with
    `answered` and, while unanswered, the blank `form`."""
    if not user.is_authenticated:
        return None
    if not may_answer(user, obj):  # the cheaper question first: most visitors are not participants
        return None
    target = target_of(obj)
    if target is None:
        return None
    if has_answered(user, target):
        return {"answered": True, "target": target}
    return {"answered": False, "target": target, "form": survey_form(target)}


def results(target):
    """The anonymous results of one activity: n of responses and, per question, the counts per option and the
    mean (Likert) or the answers' texts (free text), never who answered. Five queries."""
    questions = questions_of(target.question_set) if target else []
    if target is None or target.pk is None:
        return {"n": 0, "items": [_item(q, Counter(), None, []) for q in questions]}
    n = Response.objects.filter(target=target).count()
    answers = Answer.objects.filter(response__target=target)
    counts = defaultdict(Counter)
    for question_id, number, text, times in (
        answers.exclude(question__kind=QuestionKind.TEXT)
        .values_list("question_id", "number", "text")
        .annotate(times=Count("id"))
    ):
        counts[question_id][number if number is not None else text] += times
    texts = defaultdict(list)
    for question_id, text in (
        answers.filter(question__kind=QuestionKind.TEXT).order_by("text").values_list("question_id", "text")
    ):
        texts[question_id].append(text)
    means = dict(
        answers.filter(question__kind=QuestionKind.LIKERT).values_list("question_id").annotate(mean=Avg("number"))
    )
    return {
        "n": n,
        "items": [_item(q, counts[q.pk], means.get(q.pk), texts[q.pk]) for q in questions],
    }


def _item(question, counts, mean, texts):
    if question.kind == QuestionKind.LIKERT:
        options = [(f"{value} – {label}", counts.get(value, 0)) for value, label in question.scale_labels()]
    elif question.kind == QuestionKind.CHOICE:
        options = [(option, counts.get(option, 0)) for option in question.option_list]
    else:
        options = []
    return {
        "question": question,
        "options": options,
        "answered": sum(counts.values()) if options else len(texts),
        "mean": round(mean, 2) if mean is not None else None,
        "texts": texts,
    }


def likert_means(target):
    """(question text, mean, n answers) of each Likert question of an activity's survey (the facilitator's
    summary). Two queries."""
    if target is None or target.pk is None:
        return []
    rows = {
        question_id: (mean, n)
        for question_id, mean, n in Answer.objects.filter(response__target=target, number__isnull=False)
        .values_list("question_id")
        .annotate(mean=Avg("number"), n=Count("id"))
    }
    return [
        (q.text, round(rows[q.pk][0], 2), rows[q.pk][1])
        for q in questions_of(target.question_set)
        if q.kind == QuestionKind.LIKERT and q.pk in rows
    ]


def results_count(target):
    """How many participants answered an activity's survey."""
    return Response.objects.filter(target=target).count() if target is not None and target.pk else 0


def pending_for(user, programmes=None):
    """(kind, activity, question set) of the CoP sessions a user attended, the programmes of this year targeting
    them that have started (`programmes`: those programmes when the caller has read them already), and their
    external activities, whose survey they have not answered. Constant queries."""
    from django.db.models import Q
    from django.utils import timezone

    from communities.models import CopSession
    from ledger.models import Entry
    from planning.services.calendar import my_programmes

    today = timezone.localdate()
    candidates = [
        (TargetKind.COP_SESSION, s)
        for s in CopSession.objects.filter(attendances__user=user).order_by("-starts_at")[:50]
    ]
    if programmes is None:
        programmes = my_programmes(user, today.year)
    candidates += [(TargetKind.PROGRAMME, p) for p in programmes if p.starts_on <= today]
    entries = Entry.objects.filter(employee=user, source="external", kind="original").exclude(status="rejected")
    candidates += [(TargetKind.EXTERNAL, e) for e in entries.order_by("-start_date")[:50]]
    if not candidates:
        return []
    by_field = Q(pk__in=[])
    for kind, obj in candidates:
        by_field |= Q(**{TARGET_FIELDS[kind]: obj.pk})
    own = {(t.kind, t.object_id): t for t in SurveyTarget.objects.filter(by_field).select_related("question_set")}
    defaults = {s.default_for: s for s in QuestionSet.objects.filter(active=True).exclude(default_for="")}
    answered = set(Response.objects.filter(respondent=user).values_list("target_id", flat=True))
    pending = []
    for kind, obj in candidates:
        target = own.get((kind, obj.pk))
        question_set = target.question_set if target else defaults.get(kind)
        if question_set is None or not question_set.active or (target and target.pk in answered):
            continue
        pending.append((kind, obj, question_set))
    return pending
