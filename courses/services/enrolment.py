"""Enrolment: self-enrolment within capacity, assignment by the CLO, the active-enrolment check."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from corpu.access import can_view_object

from ..models import (
    CoursePage,
    Enrolment,
    EnrolmentMode,
    EnrolmentStatus,
)

ACTIVE_STATES = (EnrolmentStatus.ACTIVE, EnrolmentStatus.COMPLETED)


def enrolment_for(user, course):
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(course=course, user=user).first()


def enrol(user, course):
    """Self-enrolment: open courses start at once, others wait for approval; capacity is respected."""
    if not user.is_authenticated or not can_view_object(user, course):
        raise PermissionDenied(_("Anda tidak dapat mendaftar pada kursus ini."))
    existing = enrolment_for(user, course)
    if existing is not None:
        return existing
    if course.enrolment_mode == EnrolmentMode.ASSIGNED:
        raise ValidationError(_("Peserta kursus ini ditugaskan oleh CLO; pendaftaran mandiri tidak dibuka."))
    with transaction.atomic():
        locked = CoursePage.objects.select_for_update().get(pk=course.pk)
        if locked.capacity is not None:
            taken = Enrolment.objects.filter(course=course, status__in=ACTIVE_STATES).count()
            if taken >= locked.capacity:
                raise ValidationError(_("Kuota kursus sudah penuh."))
        status = EnrolmentStatus.ACTIVE if course.enrolment_mode == EnrolmentMode.OPEN else EnrolmentStatus.PENDING
        try:
            with transaction.atomic():
                return Enrolment.objects.create(course=course, user=user, status=status)
        except IntegrityError:
            return Enrolment.objects.get(course=course, user=user)


def assign(course, users, assigned_by):
    """The CLO assigns people (e.g. a whole unit) to a course; existing enrolments are kept."""
    created = 0
    for user in users:
        _enrolment, made = Enrolment.objects.get_or_create(
            course=course, user=user, defaults={"status": EnrolmentStatus.ACTIVE, "assigned_by": assigned_by}
        )
        created += made
    return created


def active_enrolment(user, course):
    enrolment = enrolment_for(user, course)
    if enrolment is None or enrolment.status not in ACTIVE_STATES:
        raise PermissionDenied(_("Daftar pada kursus ini terlebih dahulu."))
    return enrolment


def own_attempt(attempts, field, user, content, token, missing_token):
    """The learner's own attempt at `content`, from `attempts` (H5P or SCORM attempts; `field` names their content's
    id), in a course they may still open and are enrolled in. `missing_token`: the message for a token that is not
    a UUID."""
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        raise ValidationError(missing_token) from None
    attempt = attempts.select_related("lesson").filter(token=token, user=user).first()
    if attempt is None:
        raise PermissionDenied(_("Percobaan ini tidak dikenal: buka aktivitas dari halaman pelajaran."))
    if getattr(attempt, field) != content.pk:
        raise ValidationError(_("Id percobaan ini milik aktivitas lain."))
    lesson = attempt.lesson
    if not lesson.live or not lesson.course.may_open(user) or not can_view_object(user, content):
        raise PermissionDenied(_("Anda tidak memiliki akses ke kursus ini."))
    active_enrolment(user, lesson.course)
    return attempt
