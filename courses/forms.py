"""Learner forms: assignment upload (validated type and size) and the reaction survey."""

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from .models import ReactionSurvey

ASSIGNMENT_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "jpg", "jpeg", "png"]
ASSIGNMENT_MAX_BYTES = 10 * 1024 * 1024
SCALE = [(i, str(i)) for i in range(1, 6)]


class AssignmentForm(forms.Form):
    file = forms.FileField(
        label=_("berkas tugas"),
        validators=[FileExtensionValidator(ASSIGNMENT_EXTENSIONS)],
        help_text=_("PDF, DOCX, XLSX, PPTX, ODT atau gambar; paling besar 10 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > ASSIGNMENT_MAX_BYTES:
            raise forms.ValidationError(_("Berkas tugas paling besar 10 MB."))
        return upload


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
