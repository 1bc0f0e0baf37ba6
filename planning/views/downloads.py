"""Exports: Formulir 1 of a plan (PDF, XLSX) for whoever may open it (a kelompok keahlian gets only its rows),
Formulir 2 per kelompok keahlian and unit, and the CLO recap."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from corpu.access import visible_plan_rows
from people.mfa.decorators import require_recent_second_factor
from people.models import KelompokKeahlian, UnitKerja

from .. import exports
from ..models import Verification
from ..roles import is_coordinator
from ..services import recap, verification
from .common import plan_for, year_of


def _file(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def formulir1(request, pk, fmt):
    plan, _access = plan_for(request, pk)
    rows = list(visible_plan_rows(request.user, plan).select_related("competency"))
    name = f"formulir1-{plan.year}-{slugify(plan.nama) or plan.pk}"
    if fmt == "xlsx":
        return _file(exports.formulir1_xlsx(plan, rows), exports.XLSX, f"{name}.xlsx")
    if fmt == "pdf":
        return _file(exports.formulir1_pdf(plan, rows), "application/pdf", f"{name}.pdf")
    raise Http404


@login_required
def formulir2_kelompok(request):
    """`?kelompok=<id>&unit=<id>&tahun=`: the kelompok's rows of that unit and the units below it; the kelompok's
    Ketua, its rumpun's Koordinator and the CLO only."""
    year = year_of(request)
    kelompok = get_object_or_404(KelompokKeahlian.objects.select_related("rumpun"), pk=request.GET.get("kelompok") or 0)
    if not verification.may_verify(request.user, Verification(kelompok=kelompok)):
        raise PermissionDenied
    unit = None
    if request.GET.get("unit"):
        unit = get_object_or_404(UnitKerja, pk=request.GET["unit"])
    rows = verification.kelompok_rows(year, kelompok, unit)
    label = unit.path_label if unit else ""
    content = exports.kelompok_xlsx(rows, kelompok.nama, label, year)
    return _file(content, exports.XLSX, f"formulir2-{year}-{slugify(kelompok.nama)}.xlsx")


@login_required
@require_recent_second_factor
def formulir2_clo(request):
    if not is_coordinator(request.user):
        raise PermissionDenied
    year = year_of(request)
    return _file(exports.clo_xlsx(recap.clo_recap(year), year), exports.XLSX, f"formulir2-clo-{year}.xlsx")
