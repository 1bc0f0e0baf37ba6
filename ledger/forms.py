"""The external-activity submission form, mirroring MyASN *Riwayat Diklat*."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Entry, validate_evidence


class SubmissionForm(forms.ModelForm):
    class Meta:
        model = Entry
        fields = [
            "form",
            "title",
            "organiser",
            "scope",
            "start_date",
            "end_date",
            "quantity",
            "unit",
            "stated_jp",
            "certificate_no",
            "issuer",
            "rumpun",
            "evidence",
        ]
        labels = {"form": _("Jenis kegiatan"), "stated_jp": _("Durasi (JP) pada sertifikat")}
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "evidence": forms.ClearableFileInput(attrs={"accept": validate_evidence.accept}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].required = True
        self.fields["evidence"].help_text = _("PDF atau gambar (JPG/PNG), paling besar 5 MB.")

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return data
