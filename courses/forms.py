"""Learner forms: assignment upload (validated type, size and content); the CLO's certificate revocation. The
reaction survey is evaluation's."""

from django import forms
from django.utils.translation import gettext_lazy as _

from corpu.uploads import UploadValidator

validate_assignment = UploadValidator([".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".jpg", ".jpeg", ".png"], max_mb=10)


class AssignmentForm(forms.Form):
    file = forms.FileField(
        label=_("berkas tugas"),
        validators=[validate_assignment],
        help_text=_("PDF, DOCX, XLSX, PPTX, ODT atau gambar; paling besar 10 MB."),
    )


class RevokeCertificateForm(forms.Form):
    reason = forms.CharField(
        label=_("alasan pencabutan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": _("Alasan pencabutan wajib diisi.")},
        help_text=_("Dicatat pada riwayat sertifikat."),
    )
