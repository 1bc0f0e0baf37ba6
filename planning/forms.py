"""Forms of the IDP pages; the services validate the rest and their messages join the form's errors."""

from django import forms
from django.utils.translation import gettext_lazy as _

from corpu.choices import Competency

from .lan import GapAspect, Level, Method, Priority
from .models import CompetencyDefinition, Recommendation

LEVEL_CHOICES = [("", "—"), *[(n, str(n)) for n in range(1, 6)]]


def _blank(choices):
    return [("", "—"), *choices]


class CareerPlanForm(forms.Form):
    next_position = forms.CharField(label=_("Jabatan berikutnya dalam rencana karier"), max_length=200, required=False)
    career_plan = forms.CharField(
        label=_("Gambaran rencana karier"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class BasisForm(forms.Form):
    """One B row: Ada/Tidak Ada and the analysis."""

    available = forms.TypedChoiceField(
        label=_("Ketersediaan informasi"),
        choices=[("", "—"), ("1", _("Ada")), ("0", _("Tidak Ada"))],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
    )
    analysis = forms.CharField(label=_("Informasi/analisis"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RowForm(forms.Form):
    """A C row with the LAN columns."""

    relevance = forms.CharField(
        label=_("Relevansi (kode analisis B)"),
        max_length=100,
        required=False,
        help_text=_("Kode dari bagian B, dipisah koma, mis. 2.1, 4.2."),
    )
    objective = forms.CharField(label=_("Tujuan"), widget=forms.Textarea(attrs={"rows": 2}))
    output = forms.CharField(label=_("Output"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    competency = forms.ModelChoiceField(
        label=_("Kompetensi (kamus)"),
        queryset=CompetencyDefinition.objects.filter(active=True),
        required=False,
        help_text=_("Pilih dari kamus kompetensi, atau kosongkan dan tulis deskripsinya."),
    )
    classification = forms.ChoiceField(
        label=_("Klasifikasi kompetensi"),
        choices=_blank(Competency.choices),
        required=False,
        help_text=_("Terisi otomatis bila kompetensi dipilih dari kamus."),
    )
    description = forms.CharField(
        label=_("Deskripsi kompetensi"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    aspect = forms.ChoiceField(label=_("Aspek kesenjangan"), choices=_blank(GapAspect.choices), required=False)
    method = forms.ChoiceField(label=_("Usulan metode"), choices=_blank(Method.choices), required=False)
    source = forms.CharField(label=_("Sumber pembelajaran"), max_length=300, required=False)
    timeframe = forms.CharField(label=_("Jangka waktu pelaksanaan"), max_length=200, required=False)
    level = forms.ChoiceField(label=_("Usulan level pelaksanaan"), choices=_blank(Level.choices), required=False)
    organiser = forms.CharField(label=_("Pelaksana"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if not data.get("competency") and not data.get("classification"):
            self.add_error("classification", _("Pilih klasifikasi kompetensi atau kompetensi dari kamus."))
        return data


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan dialog kinerja"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class VerifyForm(forms.Form):
    priority = forms.ChoiceField(label=_("Prioritas"), choices=_blank(Priority.choices))
    method = forms.ChoiceField(label=_("Metode"), choices=_blank(Method.choices))
    level = forms.ChoiceField(label=_("Level pelaksanaan"), choices=_blank(Level.choices))
    development = forms.CharField(label=_("Pengembangan"), max_length=300, required=False)
    source = forms.CharField(label=_("Sumber pembelajaran/pelaksana"), max_length=300, required=False)
    timeframe = forms.CharField(label=_("Waktu pelaksanaan"), max_length=200, required=False)


class WindowForm(forms.Form):
    opens_on = forms.DateField(label=_("Dibuka"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("Ditutup"), widget=forms.DateInput(attrs={"type": "date"}))
    quarter = forms.TypedChoiceField(
        label=_("Dialog"),
        choices=[("", _("Awal tahun (penyusunan IDP)")), *[(q, _("Triwulan %(q)s") % {"q": q}) for q in range(1, 5)]],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("Tanggal tutup tidak boleh sebelum tanggal buka."))
        return data


class DecisionForm(forms.Form):
    level = forms.ChoiceField(label=_("Level pelaksanaan"), choices=_blank(Level.choices))
    organiser = forms.CharField(label=_("Penyelenggara"), max_length=300)
    note = forms.CharField(label=_("Catatan"), required=False, max_length=2000)


class FollowUpForm(forms.Form):
    """A quarterly performance dialogue: LAN's two questions."""

    quarter = forms.TypedChoiceField(
        label=_("Triwulan"), choices=[(q, _("Triwulan %(q)s") % {"q": q}) for q in range(1, 5)], coerce=int
    )
    held_on = forms.DateField(label=_("Tanggal dialog"), widget=forms.DateInput(attrs={"type": "date"}))
    plan_vs_practice = forms.CharField(
        label=_("Kesesuaian rencana dengan pelaksanaan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    benefit = forms.CharField(
        label=_("Kemanfaatan bagi kinerja"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """One or more evidence files; the service checks each with the JP evidence guard."""

    widget = MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"})

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return files


class RplRequestForm(forms.Form):
    competency = forms.ModelChoiceField(label=_("Kompetensi"), queryset=CompetencyDefinition.objects.order_by("name"))
    row = forms.TypedChoiceField(
        label=_("Baris IDP yang dipenuhi (jika ada)"), required=False, coerce=int, empty_value=None
    )
    description = forms.CharField(
        label=_("Uraian capaian pembelajaran"),
        help_text=_("Hasil kerja, pelatihan terdahulu, atau sertifikasi yang dimohonkan pengakuannya."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    start_date = forms.DateField(label=_("Mulai"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("Selesai"), widget=forms.DateInput(attrs={"type": "date"}))
    files = EvidenceField(
        label=_("Bukti dukung"),
        help_text=_("Satu berkas atau lebih: PDF atau gambar (JPG/PNG), masing-masing paling besar 5 MB."),
    )

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["row"].choices = [
            ("", "—"),
            *[(row.pk, f"{row.section}{row.position}: {row.competency_name}") for row in rows],
        ]


class RplResubmitForm(forms.Form):
    description = forms.CharField(label=_("Uraian capaian pembelajaran"), widget=forms.Textarea(attrs={"rows": 4}))
    files = EvidenceField(label=_("Bukti dukung tambahan"), required=False)


class RplAssessForm(forms.Form):
    recommendation = forms.ChoiceField(label=_("Rekomendasi"), choices=_blank(Recommendation.choices))
    notes = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RplDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Keputusan"), choices=[("1", _("Disetujui")), ("0", _("Ditolak"))], coerce=lambda v: v == "1"
    )
    jp = forms.DecimalField(label=_("JP yang diakui"), required=False, min_value=0, decimal_places=2, max_digits=6)
    form = forms.ChoiceField(label=_("Dihitung sebagai bentuk kegiatan"), required=False)
    notes = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, form_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = _blank(form_choices)
