"""Certificates of course completion, their audit trail and the institution's certificate settings (docs/adr/0017).

A certificate is a snapshot: the learner, course, JP, dates, institution and signatory are copied when it is
issued, so later changes (a renamed course, a new signatory) never alter an issued certificate. At most one
certificate of an enrolment is valid; the others are revoked or replaced (pointing to their successor).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from people.nip import validate_nip


def new_certificate_code():
    return secrets.token_hex(6).upper()


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("sah")
    REVOKED = "revoked", _("dicabut")
    REPLACED = "replaced", _("diganti")


def _image(verbose_name):
    return models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


@register_setting(icon="doc-full")
class CertificateSettings(BaseSiteSetting):
    """Who issues and signs the certificates of this site; copied onto each certificate when it is issued. The
    images stay private: the PDF embeds them from storage (corpu.PrivateImage has no public URL)."""

    institution_name = models.CharField(_("nama instansi"), max_length=200, blank=True)
    institution_logo = _image(_("logo instansi"))
    signatory_name = models.CharField(_("nama penandatangan"), max_length=200, blank=True)
    signatory_nip = models.CharField(
        _("NIP penandatangan"), max_length=18, blank=True, validators=[validate_nip], help_text=_("18 digit angka.")
    )
    signatory_position = models.CharField(_("jabatan penandatangan"), max_length=200, blank=True)
    signature = _image(_("gambar tanda tangan"))

    panels = [
        MultiFieldPanel([FieldPanel("institution_name"), FieldPanel("institution_logo")], heading=_("Instansi")),
        MultiFieldPanel(
            [
                FieldPanel("signatory_name"),
                FieldPanel("signatory_nip"),
                FieldPanel("signatory_position"),
                FieldPanel("signature"),
            ],
            heading=_("Penandatangan"),
        ),
    ]

    class Meta:
        verbose_name = _("pengaturan sertifikat")


class Certificate(models.Model):
    """Proof of completion; `/sertifikat/<code>/` verifies it publicly."""

    enrolment = models.ForeignKey("courses.Enrolment", on_delete=models.PROTECT, related_name="certificates")
    code = models.CharField(max_length=16, unique=True, default=new_certificate_code)
    issued_at = models.DateTimeField(default=timezone.now)
    learner_name = models.CharField(max_length=200)
    learner_nip = models.CharField(max_length=18, blank=True)
    course_title = models.CharField(max_length=255)
    jp = models.DecimalField(max_digits=5, decimal_places=1)
    started_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    institution_name = models.CharField(max_length=200, blank=True)
    institution_logo = _image(_("logo instansi"))
    signatory_name = models.CharField(max_length=200, blank=True)
    signatory_nip = models.CharField(max_length=18, blank=True)
    signatory_position = models.CharField(max_length=200, blank=True)
    signature = _image(_("gambar tanda tangan"))
    status = models.CharField(max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.VALID)
    revoked_reason = models.TextField(blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    replaced_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaces")

    class Meta:
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(status="valid"),
                name="courses_one_valid_certificate_per_enrolment",
            )
        ]
        permissions = [("manage_certificate", _("Dapat mencabut dan menerbitkan ulang sertifikat"))]

    def __str__(self):
        return self.code

    @property
    def is_valid(self):
        return self.status == CertificateStatus.VALID


def certificate_images_q():
    """A Q selecting the images used as a logo or signature by the settings or a certificate."""
    selected = Q(pk__in=[])
    for model in (CertificateSettings, Certificate):
        for field in ("institution_logo", "signature"):
            selected |= Q(pk__in=model.objects.filter(**{f"{field}__isnull": False}).values(field))
    return selected


class CertificateAction(models.TextChoices):
    ISSUE = "issue", _("diterbitkan")
    REVOKE = "revoke", _("dicabut")
    REISSUE = "reissue", _("diterbitkan ulang")


class CertificateAudit(models.Model):
    """Who did what to a certificate, when and why (written by courses.services.certificates)."""

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="audit")
    action = models.CharField(max_length=10, choices=CertificateAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("riwayat sertifikat")
        verbose_name_plural = _("riwayat sertifikat")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.certificate} {self.action}"
