"""The kelompok keahlian's Formulir 2 page: its rows per unit (priority, method, level), nothing else of the
plans."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ..forms import VerifyForm
from ..services import verification
from .common import refusal, year_of


def _unit_label(v):
    """The plan's part A unit kerja (the full path, snapshotted): no query per row."""
    return v.row.plan.unit_kerja


@login_required
def verify(request):
    """The open rows the visitor may verify this year, grouped by kelompok and unit; one form per row. A bad
    value comes back with the row's posted values kept."""
    year = year_of(request)
    user = request.user
    mine = verification.verifications_for(user, year)
    failed = {}
    if request.method == "POST":
        target = get_object_or_404(mine, pk=request.POST.get("verification"))
        form = VerifyForm(request.POST, prefix=f"v{target.pk}")
        if form.is_valid():
            try:
                verification.verify_row(target, user, **form.cleaned_data)
            except (PermissionDenied, ValidationError) as error:
                form.add_error(None, refusal(error))
            else:
                messages.success(request, _("Baris %(name)s diverifikasi.") % {"name": target.row.plan.nama})
                return redirect(f"{request.path}?tahun={year}#v-{target.pk}")
        failed[target.pk] = form
        messages.error(request, _("Verifikasi belum disimpan; periksa isian baris yang ditandai."))
    rows = list(
        mine.select_related("row__plan__unit", "row__competency", "kelompok").order_by(
            "kelompok__nama", "row__plan__unit__path", "row__plan__nama", "row__position"
        )
    )
    groups = []
    for kelompok, items in groupby(rows, key=lambda v: v.kelompok):
        units = []
        for unit, unit_rows in groupby(items, key=_unit_label):
            forms = [(v, failed.get(v.pk) or _form(v)) for v in unit_rows]
            units.append({"label": unit, "unit_id": forms[0][0].row.plan.unit_id, "rows": forms})
        groups.append({"kelompok": kelompok, "units": units})
    return render(request, "planning/verify.html", {"year": year, "groups": groups})


def _form(v):
    initial = {
        "priority": v.priority,
        "method": v.method,
        "level": v.level,
        "development": v.development,
        "source": v.source,
        "timeframe": v.timeframe,
    }
    return VerifyForm(initial=initial, prefix=f"v{v.pk}")
