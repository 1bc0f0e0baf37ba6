"""Learner forms: assignment upload (validated type, size and content) and the reaction survey."""

from django import forms
from django.utils.translation import gettext_lazy as _

from corpu.uploads import UploadValidator

from .models import ReactionSurvey

validate_assignment = UploadValidator([".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".jpg", ".jpeg", ".png"], max_mb=10)
SCALE = [(i, str(i)) for i in range(1, 6)]


class AssignmentForm(forms.Form):
    file = forms.FileField(
        label=_("berkas tugas"),
        validators=[validate_assignment],
        help_text=_("PDF, DOCX, XLSX, PPTX, ODT atau gambar; paling besar 10 MB."),
    )


class ReactionSurveyForm(forms.ModelForm):
    relevance = forms.TypedChoiceField(
        choices=SCALE, coerce=int, widget=forms.RadioSelect, label=_("Materi relevan dengan pekerjaan saya")
    )
    quality = forms.TypedChoiceField(
        choices=SCALE, coerce=int, widget=forms.RadioSelect, label=_("Materi dan fasilitator berkualitas")
    )
    usefulness = forms.TypedChoiceField(
        choices=SCALE, coerce=int, widget=forms.RadioSelect, label=_("Saya akan menerapkan yang saya pelajari")
    )

    class Meta:
        model = ReactionSurvey
        fields = ["relevance", "quality", "usefulness", "comment"]
