"""Institution reporting: the JP dashboard and its exports, the MyASN Riwayat Diklat export."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from wagtail.models import Site

from corpu.mail import site_url
from people.mfa.decorators import require_recent_second_factor

from .. import services
from ..models import Bucket, Entry, Rulebook
from .scope import can_see_dashboard, export_units, requested_year, verifiable_entries


def _dashboard(request):
    from people.models import UnitKerja

    if not can_see_dashboard(request.user):
        raise PermissionDenied
    unit = None
    if request.GET.get("unit"):
        unit = UnitKerja.objects.filter(pk=request.GET["unit"]).first()
        if unit is None:
            raise Http404(_("Unit kerja tidak ditemukan."))
    rulebook = Rulebook.active(Site.find_for_request(request))
    return services.dashboard(requested_year(request), rulebook, unit)


@login_required
def dasbor(request):
    """Dashboard per unit or for the institution (CLO / BKPSDM, Dewan Pengarah)."""
    from people.models import UnitKerja

    data = _dashboard(request)
    labels = [str(label) for label in data["distribution"]]
    chart = {
        "distribution": {"labels": labels, "values": list(data["distribution"].values())},
        "mix": {
            "labels": [str(label) for _key, label in Bucket.choices],
            "values": [float(data["mix"][key]) for key, _label in Bucket.choices],
        },
        "trend": {
            "labels": [f"{data['year']}-{month:02d}" for month in range(1, 13)],
            "values": [float(value) for value in data["trend"]],
        },
    }
    query = request.GET.urlencode()
    return render(
        request,
        "ledger/dasbor.html",
        {
            "data": data,
            "chart": chart,
            "units": UnitKerja.objects.order_by("path"),
            "year": data["year"],
            "query": query,
            "mix_rows": [(label, data["mix"][key]) for key, label in Bucket.choices],
        },
    )


@login_required
@require_recent_second_factor
def dasbor_ekspor(request, fmt):
    """The dashboard's per-employee table as CSV or XLSX."""
    from .. import exports

    data = _dashboard(request)
    if fmt == "csv":
        response = HttpResponse(exports.report_csv(data["report"]), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            exports.report_xlsx(data["report"], data["year"]),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="laporan-jp-{data["year"]}.{fmt}"'
    return response


class MyasnExportForm(forms.Form):
    dari = forms.DateField(label=_("Dari tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    sampai = forms.DateField(label=_("Sampai tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    unit = forms.ModelChoiceField(label=_("Unit kerja"), queryset=None, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda unit: unit.path_label

    def clean(self):
        data = super().clean()
        if data.get("dari") and data.get("sampai") and data["sampai"] < data["dari"]:
            raise forms.ValidationError(_("Tanggal akhir periode sebelum tanggal awal."))
        return data


@login_required
@require_recent_second_factor(when=lambda request: request.GET.get("format") in ("csv", "xlsx"))
def myasn_ekspor(request):
    """Verified entries of a period and unit as MyASN "Riwayat Diklat" rows (CSV or XLSX), for BKPSDM and unit
    verifiers (their own units only)."""
    from people.models import UnitKerja

    from .. import myasn

    units = export_units(request.user)
    if units is None:
        raise PermissionDenied
    chosen = request.GET.get("unit")
    if chosen and not units.filter(pk=chosen).exists():
        if not UnitKerja.objects.filter(pk=chosen).exists():
            raise Http404(_("Unit kerja tidak ditemukan."))
        raise PermissionDenied
    start, end = myasn.default_period()
    form = MyasnExportForm(
        request.GET if "dari" in request.GET else None,
        initial={"dari": start, "sampai": end},
        units=units,
    )
    count = None
    if form.is_valid():
        queryset = verifiable_entries(request.user, Entry.objects.all())
        if form.cleaned_data["unit"] is not None:
            queryset = queryset.filter(employee__unit_kerja__path__startswith=form.cleaned_data["unit"].path)
        entries = myasn.export_entries(queryset, form.cleaned_data["dari"], form.cleaned_data["sampai"])
        fmt = request.GET.get("format")
        if fmt in ("csv", "xlsx"):
            data = myasn.dataset(entries, site_url())
            stem = f"riwayat-diklat-{form.cleaned_data['dari']:%Y%m%d}-{form.cleaned_data['sampai']:%Y%m%d}"
            if fmt == "csv":
                response = HttpResponse(data.export("csv"), content_type="text/csv; charset=utf-8")
            else:
                response = HttpResponse(
                    data.export("xlsx"),
                    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
            response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
            return response
        count = entries.count()
    return render(request, "ledger/myasn_ekspor.html", {"form": form, "count": count})
