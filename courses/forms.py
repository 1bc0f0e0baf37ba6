"""Learner forms: assignment upload (validated type, size and content). The reaction survey is evaluation's."""

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
