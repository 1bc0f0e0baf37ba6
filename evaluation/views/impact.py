"""Level 4 – impact pages: the programmes with linked targets and the per-programme impact sheet (+ XLSX)."""

import io
import mimetypes

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from corpu.access import can_view_maturity, headed_paths, may_record_evaluation
from planning.models import LearningProgramme, UnitTarget

from ..models import Better, IndicatorValue, Phase
from ..services import impact


class LinkForm(forms.Form):
    target = forms.ModelChoiceField(label=gettext_lazy("Sasaran unit kerja"), queryset=UnitTarget.objects.none())
    indicator = forms.CharField(label=gettext_lazy("Indikator kinerja"), max_length=300)
    unit_of_measure = forms.CharField(label=gettext_lazy("Satuan"), max_length=60)
    better = forms.ChoiceField(label=gettext_lazy("Arah perbaikan"), choices=Better.choices)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        years = [programme.year - 1, programme.year, programme.year + 1]
        targets = UnitTarget.objects.filter(direction__year__in=years).select_related("unit", "direction")
        self.fields["target"].queryset = targets.order_by("-direction__year", "unit__path", "kind", "id")
        self.fields["target"].label_from_instance = lambda t: f"{t.direction.year} · {t.unit.nama}: {t.text[:90]}"


class ValueForm(forms.Form):
    link = forms.TypedChoiceField(label=gettext_lazy("Indikator"), coerce=int)
    phase = forms.ChoiceField(label=gettext_lazy("Saat pengukuran"), choices=Phase.choices)
    value = forms.DecimalField(label=gettext_lazy("Nilai"), max_digits=14, decimal_places=2)
    measured_on = forms.DateField(
        label=gettext_lazy("Tanggal pengukuran"), widget=forms.DateInput(attrs={"type": "date"})
    )
    source = forms.CharField(
        label=gettext_lazy("Sumber data"),
        max_length=300,
        required=False,  # the service names what is missing
        help_text=gettext_lazy("Dokumen atau sistem asal nilai, mis. LKjIP 2025, e-Kinerja."),
    )
    evidence = forms.FileField(label=gettext_lazy("Berkas bukti (PDF/JPG/PNG, opsional)"), required=False)

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["link"].choices = [(r.link.pk, f"{r.link.indicator} ({r.link.target.unit.nama})") for r in rows]


def _programme(request, pk):
    programme = get_object_or_404(LearningProgramme, pk=pk)
    if not impact.may_view_sheet(request.user, programme):
        raise PermissionDenied
    return programme


@login_required
def programme_list(request):
    """Programmes with an impact sheet the visitor may open; the CLO sees every programme to start one."""
    clo = may_record_evaluation(request.user)
    if clo:
        programmes = LearningProgramme.objects.annotate(links=Count("impact_links")).order_by("-year", "title", "id")
    else:
        if not can_view_maturity(request.user) and not headed_paths(request.user):
            raise PermissionDenied  # neither Dewan Pengarah nor the head of any unit
        programmes = impact.programmes_with_impact(request.user)
    return render(request, "evaluation/impact_list.html", {"programmes": programmes, "may_edit": clo})


@login_required
def sheet(request, pk):
    """The impact sheet of one programme; the CLO links targets and records values here."""
    programme = _programme(request, pk)
    may_edit = may_record_evaluation(request.user)
    rows = impact.impact_sheet(programme)
    link_form = LinkForm(programme=programme, prefix="link")
    value_form = ValueForm(rows=rows, prefix="value")
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        step = request.POST.get("step")
        if step == "link":
            link_form = LinkForm(request.POST, programme=programme, prefix="link")
            form = link_form
        else:
            value_form = ValueForm(request.POST, request.FILES, rows=rows, prefix="value")
            form = value_form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if step == "link":
                    impact.link_target(
                        request.user,
                        programme,
                        data["target"],
                        data["indicator"],
                        data["unit_of_measure"],
                        data["better"],
                    )
                else:
                    link = next(r.link for r in rows if r.link.pk == data["link"])
                    impact.record_value(
                        request.user,
                        link,
                        data["phase"],
                        data["value"],
                        data["measured_on"],
                        data["source"],
                        data["evidence"] or None,
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Lembar dampak diperbarui."))
                return redirect("evaluation:impact_sheet", pk=programme.pk)
    context = {
        "programme": programme,
        "rows": rows,
        "may_edit": may_edit,
        "link_form": link_form,
        "value_form": value_form,
    }
    return render(request, "evaluation/impact_sheet.html", context)


@login_required
def sheet_xlsx(request, pk):
    """The impact sheet as a workbook."""
    from openpyxl import Workbook

    programme = _programme(request, pk)
    book = Workbook()
    ws = book.active
    ws.title = _("Dampak")[:31]
    ws.append([_("Lembar dampak program"), programme.title, programme.year])
    ws.append([])
    ws.append(
        [
            _("Unit kerja"),
            _("Sasaran"),
            _("Indikator"),
            _("Satuan"),
            _("Arah perbaikan"),
            _("Sebelum"),
            _("Tanggal sebelum"),
            _("Sumber sebelum"),
            _("Sesudah"),
            _("Tanggal sesudah"),
            _("Sumber sesudah"),
            _("Perubahan"),
            _("Perubahan (%)"),
            _("Penilaian"),
        ]
    )
    verdict = {True: _("membaik"), False: _("memburuk"), None: _("tetap / belum lengkap")}
    for row in impact.impact_sheet(programme):
        b, a = row.before, row.after
        ws.append(
            [
                row.link.target.unit.nama,
                row.link.target.text,
                row.link.indicator,
                row.link.unit_of_measure,
                row.link.get_better_display(),
                b and float(b.value),
                b and b.measured_on,
                b and b.source,
                a and float(a.value),
                a and a.measured_on,
                a and a.source,
                None if row.change is None else float(row.change),
                None if row.change_pct is None else float(row.change_pct),
                str(verdict[row.improved]),
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="dampak-program-{programme.pk}.xlsx"'
    return response


@login_required
def evidence(request, pk):
    """One value's evidence file, for those who may open its programme's sheet."""
    value = get_object_or_404(IndicatorValue.objects.select_related("link__programme"), pk=pk)
    _programme(request, value.link.programme_id)
    if not value.evidence:
        raise Http404
    try:
        handle = value.evidence.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Berkas bukti tidak ditemukan.")) from error
    content_type = mimetypes.guess_type(value.evidence.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type, filename=value.evidence.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, no-store"
    return response
