"""SCORM attempts: a launch per lesson render, the resume values, and commits of CMI data (idempotent)."""

import json
import math
import uuid
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from corpu.access import can_view_object

from ..services.enrolment import ACTIVE_STATES, enrolment_for, own_attempt
from ..services.progress import refresh_lesson
from . import player
from .models import ScormAttempt, ScormVersion
from .rules import packages_of

MAX_CMI_BYTES = 256 * 1024
MAX_SUSPEND_DATA = 64_000
MAX_LOCATION = 1000
LESSON_STATUSES = frozenset({"passed", "completed", "failed", "incomplete", "browsed", "not attempted"})
COMPLETION_STATUSES = frozenset({"completed", "incomplete", "not attempted", "unknown"})
SUCCESS_STATUSES = frozenset({"passed", "failed", "unknown"})


class StaleCommit(Exception):
    """A commit from a player that was opened again since (another tab, or before a reload)."""


def launch(request, lesson):
    """Per visible SCORM package of the lesson: the player's frame URL and, for an enrolled learner, their
    attempt (created once, kept to resume) with a new session and the values scorm-again starts from."""
    user = request.user
    packages = [p for p in packages_of(lesson) if can_view_object(user, p)]
    if not packages:
        return {}
    enrolment = enrolment_for(user, lesson.course)
    enrolled = enrolment is not None and enrolment.status in ACTIVE_STATES
    players = {}
    for package in packages:
        attempt = None
        if enrolled:
            attempt, _made = ScormAttempt.objects.get_or_create(user=user, lesson=lesson, package=package)
            attempt.session, attempt.sequence = uuid.uuid4(), 0
            ScormAttempt.objects.filter(pk=attempt.pk).update(session=attempt.session, sequence=0)
        players[package.pk] = {
            "frame": player.frame_url(user, package, attempt, request) if player.playable(request) else "",
            "attempt": attempt,
            "start": {"version": package.version, "cmi": resume_values(user, package, attempt)},
            "script_id": f"scorm-start-{package.pk}",
        }
    return players


def resume_values(user, package, attempt):
    """The CMI values scorm-again loads before the SCO starts: the learner, and where they left off."""
    cmi = (attempt.cmi if attempt else None) or {}
    resumed = bool(attempt and (attempt.suspend_data or attempt.location))
    entry = "resume" if resumed else "ab-initio"
    name = user.get_full_name() if user.is_authenticated else ""
    learner = str(user.get_username()) if user.is_authenticated else ""
    if package.version == ScormVersion.SCORM_12:
        core = {"student_id": learner, "student_name": name, "entry": entry}
        if attempt:
            core.update(lesson_location=attempt.location, lesson_status=attempt.lesson_status or "not attempted")
            score = _dict(_dict(cmi.get("core")).get("score"))
            core["score"] = {k: str(score[k]) for k in ("raw", "min", "max") if score.get(k) not in (None, "")}
        return {"core": core, "suspend_data": attempt.suspend_data if attempt else ""}
    values = {"learner_id": learner, "learner_name": name, "entry": entry}
    if attempt:
        values.update(
            location=attempt.location,
            suspend_data=attempt.suspend_data,
            completion_status=attempt.completion_status or "unknown",
            success_status=attempt.success_status or "unknown",
        )
        score = _dict(cmi.get("score"))
        values["score"] = {k: str(score[k]) for k in ("scaled", "raw", "min", "max") if score.get(k) not in (None, "")}
    return values


def _attempt_for(user, package, token):
    return own_attempt(
        ScormAttempt.objects, "package_id", user, package, token, _("Kirim id percobaan SCORM dari halaman pelajaran.")
    )


def _dict(value):
    return value if isinstance(value, dict) else {}


def _number(value, name):
    """A CMI number (SCORM sends strings); '' is no value."""
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        number = None
    if number is None or not math.isfinite(number) or isinstance(value, bool):
        raise ValidationError(_("Nilai SCORM %(name)s harus berupa angka.") % {"name": name})
    return number


def score_percent(score, version):
    """The reported score as a percentage (None when the SCO reported none); impossible scores are refused."""
    prefix = "cmi.core.score" if version == ScormVersion.SCORM_12 else "cmi.score"
    raw, maximum = _number(score.get("raw"), f"{prefix}.raw"), _number(score.get("max"), f"{prefix}.max")
    minimum = _number(score.get("min"), f"{prefix}.min")
    scaled = _number(score.get("scaled"), "cmi.score.scaled") if version == ScormVersion.SCORM_2004 else None
    if scaled is not None:
        if not -1 <= scaled <= 1:
            raise ValidationError(_("cmi.score.scaled harus antara -1 dan 1."))
        return max(scaled * 100, Decimal(0)).quantize(Decimal("0.01"))
    if raw is None:
        return None
    top = maximum if maximum is not None else Decimal(100)
    if top <= 0 or not (minimum if minimum is not None else 0) <= raw <= top:
        raise ValidationError(_("Skor SCORM harus antara skor minimum dan maksimum (%(max)s).") % {"max": top})
    return (raw * 100 / top).quantize(Decimal("0.01"))


def _status(value, allowed, name):
    value = "" if value is None else str(value)
    if value and value not in allowed:
        raise ValidationError(_("Nilai %(name)s tidak dikenal: %(value)s") % {"name": name, "value": value[:40]})
    return value


def _text(value, limit, name):
    value = "" if value is None else value
    if not isinstance(value, str) or len(value) > limit:
        message = _("%(name)s harus berupa teks paling banyak %(max)d karakter.")
        raise ValidationError(message % {"name": name, "max": limit})
    return value


def read_cmi(cmi, version):
    """The fields CorpU keeps from a commit's CMI object; anything malformed is refused with a reason."""
    if not isinstance(cmi, dict) or len(json.dumps(cmi)) > MAX_CMI_BYTES:
        message = _("Data CMI harus berupa objek JSON paling besar %(kb)d KB.")
        raise ValidationError(message % {"kb": MAX_CMI_BYTES // 1024})
    if version == ScormVersion.SCORM_12:
        core = _dict(cmi.get("core"))
        return {
            "lesson_status": _status(core.get("lesson_status"), LESSON_STATUSES, "cmi.core.lesson_status"),
            "score": score_percent(_dict(core.get("score")), version),
            "location": _text(core.get("lesson_location"), MAX_LOCATION, "cmi.core.lesson_location"),
            "suspend_data": _text(cmi.get("suspend_data"), MAX_SUSPEND_DATA, "cmi.suspend_data"),
        }
    return {
        "completion_status": _status(cmi.get("completion_status"), COMPLETION_STATUSES, "cmi.completion_status"),
        "success_status": _status(cmi.get("success_status"), SUCCESS_STATUSES, "cmi.success_status"),
        "score": score_percent(_dict(cmi.get("score")), version),
        "location": _text(cmi.get("location"), MAX_LOCATION, "cmi.location"),
        "suspend_data": _text(cmi.get("suspend_data"), MAX_SUSPEND_DATA, "cmi.suspend_data"),
    }


def record_commit(user, package, token, session, sequence, cmi):
    """Store a commit of the learner's own attempt; returns (attempt, applied).

    A commit is applied once: one already applied (same session, same or lower sequence) changes nothing, and
    one from a session the lesson page has since replaced raises StaleCommit. Completion is re-checked after."""
    attempt = _attempt_for(user, package, token)
    try:
        session = uuid.UUID(str(session))
    except ValueError:
        raise ValidationError(_("Kirim id sesi pemutar SCORM bersama datanya.")) from None
    if isinstance(sequence, bool) or not isinstance(sequence, int) or not 0 < sequence < 2**31:
        raise ValidationError(_("Nomor urut commit SCORM harus bilangan bulat positif."))
    fields = read_cmi(cmi, package.version)
    with transaction.atomic():
        current = ScormAttempt.objects.select_for_update().get(pk=attempt.pk)
        if current.session != session:
            raise StaleCommit
        if sequence <= current.sequence:
            return current, False
        for name, value in {**fields, "cmi": cmi, "sequence": sequence}.items():
            setattr(current, name, value)
        current.save()
    refresh_lesson(user, attempt.lesson)
    return current, True
