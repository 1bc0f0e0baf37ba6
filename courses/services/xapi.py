"""H5P attempts and xAPI statements: scores read from a result, the activity's own result, saved state."""

import json
import math
import uuid
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import DecimalField, F, Value
from django.db.models.functions import Cast, Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext as _

from corpu.access import can_view_object

from ..h5p import recheck
from ..models import (
    CoursePage,
    Enrolment,
    H5PAttempt,
    H5PResult,
    XAPIStatement,
)
from .enrolment import ACTIVE_STATES, enrolment_for, own_attempt
from .progress import refresh_lesson

MAX_SCORE = 100_000  # an xAPI score's `max`: far above any H5P question, within the stored digits
SUB_CONTENT = "http://h5p.org/x-api/h5p-subContentId"
COMPLETED_VERB = "http://adlnet.gov/expapi/verbs/completed"
MAX_STATE = 64_000  # characters of a saved player state: H5P states are a few KB; fits a keepalive request


def open_activities(user, lesson):
    """The lesson's H5P activities this visitor may play, each with a fresh attempt when they are enrolled
    (None otherwise: the content plays but nothing is recorded)."""
    activities = [a for a in dict.fromkeys(lesson.h5p_activities()) if can_view_object(user, a)]
    enrolment = enrolment_for(user, lesson.course)
    if enrolment is None or enrolment.status not in ACTIVE_STATES:
        return dict.fromkeys(activities)
    attempts = H5PAttempt.objects.bulk_create(
        [H5PAttempt(user=user, lesson=lesson, activity=activity) for activity in activities]
    )
    return dict(zip(activities, attempts, strict=True))


def _attempt_for(user, activity, token):
    return own_attempt(
        H5PAttempt.objects,
        "activity_id",
        user,
        activity,
        token,
        _("Kirim id percobaan dari halaman pelajaran bersama pernyataan xAPI."),
    )


def _number(score, key, required=True):
    value = score.get(key)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationError(_("Skor xAPI '%(key)s' harus berupa angka terhingga.") % {"key": key})
    return Decimal(str(value))


def score_percent(result):
    """The score of an xAPI result as a percentage (None without a score); out-of-range scores are refused."""
    score = result.get("score") if isinstance(result, dict) else None
    if score is None:
        return None
    if not isinstance(score, dict):
        raise ValidationError(_("Skor xAPI tidak valid."))
    raw, maximum = _number(score, "raw"), _number(score, "max")
    minimum, scaled = _number(score, "min", required=False), _number(score, "scaled", required=False)
    if not 0 < maximum <= MAX_SCORE:
        raise ValidationError(_("Skor maksimum harus lebih dari 0 dan paling banyak %(max)d.") % {"max": MAX_SCORE})
    if not 0 <= raw <= maximum:
        raise ValidationError(_("Skor harus antara 0 dan skor maksimum (%(max)s).") % {"max": maximum})
    if minimum is not None and minimum > raw:
        raise ValidationError(_("Skor tidak boleh kurang dari skor minimum (%(min)s).") % {"min": minimum})
    if scaled is not None and not 0 <= scaled <= 1:
        raise ValidationError(_("Skor berskala harus antara 0 dan 1."))
    return (raw * 100 / maximum).quantize(Decimal("0.01"))


def _dict(value):
    return value if isinstance(value, dict) else {}


def is_part(statement):
    """Whether a statement is about a part of the activity (a question of a set), not the activity itself:
    H5P names the part in the object id (`?subContentId=`), an extension, or a parent in the context."""
    target, context = _dict(statement.get("object")), _dict(statement.get("context"))
    extensions = (_dict(_dict(target.get("definition")).get("extensions")), _dict(context.get("extensions")))
    return (
        "subContentId=" in str(target.get("id", ""))
        or any(SUB_CONTENT in found for found in extensions)
        or bool(_dict(context.get("contextActivities")).get("parent"))
    )


def record_xapi(user, activity, attempt_token, statement):
    """Store an xAPI statement of an attempt once (by its id), keep the best score, update completion.

    Only the activity's own statements raise its score or complete it; those about a part are only stored. For
    an activity the server can re-check, the score counted is the server's own from `result.response`; a posted
    score that differs is kept as reported and marked `disagrees` for the facilitator.

    Refused before anything is stored: an unknown or someone else's attempt, a course the learner may no longer
    open or is not enrolled in, an out-of-range score."""
    attempt = _attempt_for(user, activity, attempt_token)
    if not isinstance(statement, dict):
        raise ValidationError(_("Pernyataan xAPI tidak valid."))
    try:
        statement_id = uuid.UUID(str(statement.get("id")))
    except ValueError:
        raise ValidationError(_("Pernyataan xAPI harus memiliki id UUID.")) from None
    result = _dict(statement.get("result"))
    percent = score_percent(result)
    score = result.get("score") or {}
    verb = str(_dict(statement.get("verb")).get("id", ""))[:200]
    part = is_part(statement)
    checked = None if part or percent is None else _checked_percent(activity, attempt, result)
    with transaction.atomic():
        stored, created = XAPIStatement.objects.get_or_create(
            statement_id=statement_id,
            defaults={
                "activity": activity,
                "user": user,
                "attempt": attempt,
                "verb": verb,
                "score_raw": score.get("raw"),
                "score_max": score.get("max"),
                "success": result.get("success") if isinstance(result.get("success"), bool) else None,
                "completion": result.get("completion") if isinstance(result.get("completion"), bool) else None,
                "reported_score": percent,
                "checked_score": checked,
                "disagrees": checked is not None and checked != percent,
                "statement": statement,
            },
        )
        if stored.user_id != user.pk:
            raise PermissionDenied(_("Pernyataan xAPI ini milik pengguna lain."))
        row, _made = H5PResult.objects.only("pk").get_or_create(activity=activity, user=user)
        changes = {"updated_at": timezone.now()}
        own = created and not part
        if own and (verb == COMPLETED_VERB or result.get("completion") is True):
            changes["completed"] = True
        counted = percent if checked is None else checked  # a re-checkable activity counts only the server's score
        if own and counted is not None:  # in SQL, so a legacy out-of-range best score is never read
            number = DecimalField(max_digits=5, decimal_places=2)
            changes["best_score"] = Greatest(Least(F("best_score"), Value(100)), Cast(Value(counted), number))
        H5PResult.objects.filter(pk=row.pk).update(**changes)
    for lesson, course in _lessons_using(activity, user):
        refresh_lesson(user, lesson, course)
    return stored, created, attempt


def _checked_percent(activity, attempt, result):
    """The server's own score (percent) of the activity's answer, or None when it cannot re-check the activity;
    a set is scored from its questions' answers earlier in the same attempt."""
    params = recheck.content_params(activity)
    if not recheck.can_recheck(activity.main_library, params):
        return None
    parts = []
    if recheck.machine_name(activity.main_library) in recheck.SETS:
        parts = [
            stored
            for stored in attempt.statements.order_by("stored_at", "pk").values_list("statement", flat=True)
            if isinstance(stored, dict) and is_part(stored)
        ]
    raw, maximum = recheck.check(activity.main_library, params, result.get("response"), parts)
    return (Decimal(raw) * 100 / Decimal(maximum)).quantize(Decimal("0.01")) if maximum else Decimal(0)


def _lessons_using(activity, user):
    """Lessons (with their course) that contain this activity, in courses the user is enrolled in."""
    enrolled = Enrolment.objects.filter(user=user, status__in=ACTIVE_STATES).values_list("course_id", flat=True)
    for course in CoursePage.objects.filter(pk__in=list(enrolled)):
        for lesson in course.lessons():
            if any(a.pk == activity.pk for a in lesson.h5p_activities()):
                yield lesson, course


def _refuse_constant(name):
    raise ValueError(name)


def state_too_large():
    return ValidationError(
        _("Status aktivitas terlalu besar (paling banyak %(max)d karakter); status sebelumnya tetap tersimpan.")
        % {"max": MAX_STATE},
        code="too_large",
    )


def save_state(user, activity, attempt_token, state):
    """Keep the learner's latest player state (H5P contentUserData) of their own attempt, to resume later.

    Refused, the stored state left as it was: someone else's or an unknown attempt (as for statements), a state
    that is not a JSON text, is null, or is longer than MAX_STATE characters."""
    attempt = _attempt_for(user, activity, attempt_token)
    if not isinstance(state, str):
        raise ValidationError(_("Status aktivitas harus dikirim sebagai teks JSON."), code="invalid")
    if len(state) > MAX_STATE:
        raise state_too_large()
    try:
        value = json.loads(state, parse_constant=_refuse_constant)
    except ValueError:
        value = None
    if value is None:
        raise ValidationError(
            _("Status aktivitas bukan JSON yang sah; status sebelumnya tetap tersimpan."), code="invalid"
        )
    row, _made = H5PResult.objects.only("pk").get_or_create(activity=activity, user=user)
    H5PResult.objects.filter(pk=row.pk).update(state=state, updated_at=timezone.now())
    return attempt


def saved_states(user, activities):
    """The learner's saved player state per activity id, to resume where they left off."""
    if not user.is_authenticated or not activities:
        return {}
    rows = H5PResult.objects.filter(user=user, activity__in=activities).exclude(state="")
    return {str(activity_id): state for activity_id, state in rows.values_list("activity_id", "state")}
