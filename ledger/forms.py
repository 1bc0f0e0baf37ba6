"""The external-activity submission form (mirroring MyASN *Riwayat Diklat*), its estimate and corrections."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planning.services.realised import linkable_rows

from . import engine
from .models import Entry, certificate_key, validate_evidence
from .services.posting import certificate_holder, duplicate_certificate_error

ACTIVITY_FIELDS = ["form", "scope", "start_date", "end_date", "quantity", "unit", "stated_jp"]
LABELS = {"form": _("Jenis kegiatan"), "stated_jp": _("Durasi (JP) pada sertifikat")}
DATE_WIDGETS = {
    name: forms.DateInput(attrs={"type": "date"})
    for name in ("start_date", "end_date", "certificate_date", "valid_until")
}


class ActivityForm(forms.ModelForm):
    """What decides the JP of an activity: enough for the estimate."""

    class Meta:
        model = Entry
        fields = ACTIVITY_FIELDS
        labels = LABELS
        widgets = DATE_WIDGETS

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return data

    def activity(self):
        data = self.cleaned_data
        return engine.Activity(
            form=data["form"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            quantity=data["quantity"],
            unit=data["unit"],
            scope=data["scope"],
            stated_jp=data.get("stated_jp"),
            title=data.get("title", ""),
            certificate_no=data.get("certificate_no", ""),
        )


class SubmissionForm(ActivityForm):
    """A learner's submission; a certificate already counting for them is refused here."""

    class Meta(ActivityForm.Meta):
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
            "certificate_date",
            "valid_until",
            "issuer",
            "rumpun",
            "evidence",
        ]
        widgets = {**DATE_WIDGETS, "evidence": forms.ClearableFileInput(attrs={"accept": validate_evidence.accept})}

    allowed_holders = ()
    links_idp = True

    def __init__(self, *args, employee=None, require_evidence=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.employee = employee
        if "evidence" in self.fields:
            self.fields["evidence"].required = require_evidence
            self.fields["evidence"].help_text = _("PDF atau gambar (JPG/PNG), paling besar 5 MB.")
        self.idp_rows = {}
        if self.links_idp and employee is not None:
            self._add_idp_row_field()

    def _idp_years(self):
        """This year, last year and the year of the activity's start date as posted."""
        this_year = timezone.localdate().year
        years = {this_year, this_year - 1}
        try:
            posted = self.data.get("start_date") or self.initial.get("start_date") or ""
            years.add(datetime.date.fromisoformat(str(posted)).year)
        except (TypeError, ValueError):
            pass
        return sorted(years)

    def _add_idp_row_field(self):
        """ "Baris IDP": the employee's own C/D rows (planning's `linkable_rows`); hidden when they have none."""
        rows = linkable_rows(self.employee, self._idp_years())
        if not rows:
            return
        self.idp_rows = {str(row.pk): row for row in rows}
        groups = {}
        for row in rows:
            label = f"{row.section}{row.position}. {row.competency_name or row.get_classification_display()}"
            groups.setdefault(_("IDP %(year)s") % {"year": row.plan.year}, []).append((str(row.pk), label))
        self.fields["idp_row"] = forms.ChoiceField(
            label=_("Baris IDP"),
            required=False,
            choices=[("", _("— tidak ditautkan —")), *groups.items()],
            help_text=_(
                "Opsional: baris rencana di IDP Anda yang dijalankan kegiatan ini; JP-nya menjadi realisasi baris itu."
            ),
            error_messages={"invalid_choice": _("Pilih baris dari IDP Anda sendiri.")},
        )

    def clean_idp_row(self):
        return self.idp_rows.get(self.cleaned_data.get("idp_row") or "")

    def clean(self):
        data = super().clean()
        issued, valid_until = data.get("certificate_date"), data.get("valid_until")
        if issued and valid_until and valid_until < issued:
            self.add_error("valid_until", _("Masa berlaku tidak boleh berakhir sebelum tanggal sertifikat."))
        if self.employee is not None:
            key = certificate_key(data.get("organiser"), data.get("certificate_no"))
            holder = certificate_holder(self.employee.pk, key, self.allowed_holders)
            if holder is not None:
                self.add_error("certificate_no", duplicate_certificate_error(holder))
        row, start = data.get("idp_row"), data.get("start_date")
        if row is not None and start and row.plan.year != start.year:
            self.add_error(
                "idp_row",
                _("Baris IDP harus dari IDP tahun kegiatan (%(year)s).") % {"year": start.year},
            )
        return data


class CorrectionForm(SubmissionForm):
    """A verifier's correction of a verified entry: the same fields (evidence stays), and why."""

    links_idp = False

    change_reason = forms.CharField(
        label=_("Alasan koreksi"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )

    class Meta(SubmissionForm.Meta):
        fields = [name for name in SubmissionForm.Meta.fields if name != "evidence"]

    def __init__(self, *args, amends, **kwargs):
        kwargs.setdefault("initial", {name: getattr(amends, name) for name in self.Meta.fields})
        self.allowed_holders = [amends.pk, amends.amends_id]
        super().__init__(*args, employee=amends.employee, **kwargs)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
