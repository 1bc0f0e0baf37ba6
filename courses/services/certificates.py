"""Issuing, revoking and reissuing certificates; every change is written to CertificateAudit (docs/adr/0017).

Each operation locks the enrolment row, then the certificate row, in one transaction, so concurrent reissues or a
reissue racing a revocation act one after the other; the database keeps at most one valid certificate per
enrolment whatever happens (`courses_one_valid_certificate_per_enrolment`).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from ..certificate_models import CertificateAction
from ..models import Certificate, CertificateAudit, CertificateSettings, CertificateStatus, Enrolment


def current_settings(course):
    """The certificate settings of the site the course belongs to (the default site's when it has none)."""
    site = course.get_site() or Site.objects.filter(is_default_site=True).first()
    return CertificateSettings.for_site(site) if site else CertificateSettings()


def snapshot(enrolment):
    """The fields a certificate copies at issue time: learner, course, dates, institution and signatory."""
    user, course = enrolment.user, enrolment.course
    chosen = current_settings(course)
    return {
        "learner_name": user.get_full_name(),
        "learner_nip": user.nip or "",
        "course_title": course.title,
        "jp": course.jp_value,
        "started_on": timezone.localdate(enrolment.enrolled_at),
        "completed_on": timezone.localdate(enrolment.completed_at or timezone.now()),
        "institution_name": chosen.institution_name,
        "institution_logo_id": chosen.institution_logo_id,
        "signatory_name": chosen.signatory_name,
        "signatory_nip": chosen.signatory_nip,
        "signatory_position": chosen.signatory_position,
        "signature_id": chosen.signature_id,
    }


def _audit(certificate, action, by=None, reason=""):
    CertificateAudit.objects.create(certificate=certificate, action=action, actor=by, reason=reason)


def _lock(certificate):
    """Lock the enrolment, then the certificate (always in this order); the certificate as stored now."""
    Enrolment.objects.select_for_update().get(pk=certificate.enrolment_id)
    return Certificate.objects.select_for_update().get(pk=certificate.pk)


@transaction.atomic
def issue(enrolment):
    """The enrolment's valid certificate, issued now if it has none. A revoked enrolment gets no new certificate
    here (only `reissue` by the CLO gives one)."""
    Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    existing = enrolment.certificates.order_by("-issued_at", "-pk")
    valid = existing.filter(status=CertificateStatus.VALID).first()
    if valid is not None:
        return valid
    if existing.exists():
        raise ValidationError(_("Sertifikat kursus ini telah dicabut; hanya CLO yang dapat menerbitkannya ulang."))
    certificate = Certificate.objects.create(enrolment=enrolment, **snapshot(enrolment))
    _audit(certificate, CertificateAction.ISSUE)
    return certificate


@transaction.atomic
def revoke(certificate, by, reason):
    """Revoke a valid certificate; the reason is required (kept in the audit and on the CLO's list, not on the
    public verification page)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Alasan pencabutan wajib diisi.")}, code="reason_required")
    locked = _lock(certificate)
    if locked.status != CertificateStatus.VALID:
        raise ValidationError(_("Hanya sertifikat yang sah yang dapat dicabut."), code="not_valid")
    locked.status = CertificateStatus.REVOKED
    locked.revoked_reason = reason
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["status", "revoked_reason", "revoked_at"])
    _audit(locked, CertificateAction.REVOKE, by, reason)
    return locked


@transaction.atomic
def reissue(certificate, by, reason=""):
    """A new certificate (new code, today's snapshot of learner and settings) replacing a valid or revoked one; the
    old one is marked replaced and points to the new one. A certificate already replaced is refused."""
    locked = _lock(certificate)
    if locked.status == CertificateStatus.REPLACED:
        raise ValidationError(_("Sertifikat ini sudah diganti dengan sertifikat lain."), code="replaced")
    enrolment = locked.enrolment
    locked.status = CertificateStatus.REPLACED
    locked.save(update_fields=["status"])  # before the new one exists: one valid certificate at a time
    new = Certificate.objects.create(enrolment=enrolment, **snapshot(enrolment))
    locked.replaced_by = new
    locked.save(update_fields=["replaced_by"])
    _audit(locked, CertificateAction.REISSUE, by, reason)
    _audit(new, CertificateAction.ISSUE, by, reason)
    return new
