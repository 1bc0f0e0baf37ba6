"""Monev pages: the year's records with the units still missing one, and one unit's record with its visits."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from corpu.access import can_see_evaluations, evaluation_units_q, may_record_evaluation
from people.models import UnitKerja

from ..models import FollowUp, MonevRecord, VisitMethod
from ..services import monev


class RecordForm(forms.Form):
    findings = forms.CharField(label=gettext_lazy("Temuan"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    recommendations = forms.CharField(
        label=gettext_lazy("Rekomendasi"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    follow_up = forms.ChoiceField(label=gettext_lazy("Status tindak lanjut"), choices=FollowUp.choices)
    follow_up_notes = forms.CharField(
        label=gettext_lazy("Catatan tindak lanjut"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=gettext_lazy("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    method = forms.ChoiceField(label=gettext_lazy("Cara"), choices=VisitMethod.choices)
    visitors = forms.CharField(label=gettext_lazy("Dilakukan oleh"), max_length=300)
    checked = forms.CharField(label=gettext_lazy("Yang diperiksa"), widget=forms.Textarea(attrs={"rows": 3}))


def _year(request):
    try:
        return int(request.GET.get("tahun", ""))
    except ValueError:
        return timezone.localdate().year


@login_required
def year_list(request):
    """The year's monev records in the visitor's scope and the perangkat daerah without one."""
    if not can_see_evaluations(request.user):
        raise PermissionDenied
    year = _year(request)
    context = {
        "year": year,
        "records": list(monev.visible_records(request.user, year)),
        "missing": list(monev.missing_units(request.user, year)),
        "may_edit": may_record_evaluation(request.user),
    }
    return render(request, "evaluation/monev_list.html", context)


@login_required
def record(request, unit_pk, year):
    """One unit's record of a year: seen by the CLO and the unit's head/secretariat, edited by the CLO."""
    unit = get_object_or_404(UnitKerja.objects.filter(evaluation_units_q(request.user, prefix="")), pk=unit_pk)
    found = MonevRecord.objects.filter(unit=unit, year=year).first()
    may_edit = may_record_evaluation(request.user)
    if found is None and not may_edit:
        raise PermissionDenied
    initial = {"follow_up": FollowUp.OPEN}
    if found:
        initial = {f: getattr(found, f) for f in ("findings", "recommendations", "follow_up", "follow_up_notes")}
    record_form, visit_form = RecordForm(initial=initial, prefix="record"), VisitForm(prefix="visit")
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        step = request.POST.get("step")
        form = (
            RecordForm(request.POST, prefix="record") if step == "record" else VisitForm(request.POST, prefix="visit")
        )
        if step == "record":
            record_form = form
        else:
            visit_form = form
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():  # a refused first visit leaves no empty record behind
                    if step == "record":
                        monev.save_record(request.user, unit, year, **data)
                    else:
                        target = found or monev.save_record(request.user, unit, year)
                        monev.add_visit(request.user, target, **data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Catatan monev disimpan."))
                return redirect("evaluation:monev_record", unit_pk=unit.pk, year=year)
    context = {
        "unit": unit,
        "year": year,
        "record": found,
        "visits": list(found.visits.all()) if found else [],
        "may_edit": may_edit,
        "record_form": record_form,
        "visit_form": visit_form,
    }
    return render(request, "evaluation/monev_record.html", context)
