"""The yearly report pages at /evaluasi/laporan/: request one, watch it being built, download its PDF/XLSX.
Only the CLO and the Dewan Pengarah (services.report.may_see_reports) get past `_guard`."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from corpu.access import refuse

from ..models import YearlyReport
from ..report.xlsx import CONTENT_TYPE as XLSX
from ..services import report as service

FILES = {"pdf": ("pdf", "application/pdf"), "xlsx": ("xlsx", XLSX)}


class ReportForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Tahun yang dilaporkan"), min_value=2000)
    institution = forms.CharField(label=gettext_lazy("Nama instansi (halaman sampul)"), max_length=200, required=False)


def _guard(request):
    """None for the CLO / Dewan Pengarah; else the policy's refusal (sign-in redirect or 403)."""
    if service.may_see_reports(request.user):
        return None
    return refuse(request)


def laporan(request):
    """The reports made so far and the form requesting a new one."""
    refused = _guard(request)
    if refused is not None:
        return refused
    this_year = timezone.localdate().year
    form = ReportForm(
        request.POST or None, initial={"year": this_year - 1, "institution": service.default_institution()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = service.request_report(
                request.user,
                form.cleaned_data["year"],
                form.cleaned_data["institution"],
                translation.get_language(),
            )
        except ValidationError as error:
            form.add_error("year", error)
        else:
            return redirect("evaluation:report", pk=report.pk)
    reports = YearlyReport.objects.select_related("requested_by")[:50]
    return render(request, "evaluation/report_list.html", {"form": form, "reports": reports})


def laporan_detail(request, pk):
    """One report: its progress while it is built (the page refreshes itself), then the downloads or the error."""
    refused = _guard(request)
    if refused is not None:
        return refused
    report = get_object_or_404(YearlyReport.objects.select_related("requested_by"), pk=pk)
    return render(request, "evaluation/report_detail.html", {"report": report})


def laporan_unduh(request, pk, fmt):
    """The report's PDF or XLSX, read from private storage for the CLO / Dewan Pengarah only."""
    refused = _guard(request)
    if refused is not None:
        return refused
    if fmt not in FILES:
        raise Http404
    report = get_object_or_404(YearlyReport, pk=pk)
    stored = getattr(report, fmt)
    if not stored:
        messages.error(request, _("Berkas laporan ini belum tersedia."))
        return redirect("evaluation:report", pk=report.pk)
    try:
        handle = stored.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Berkas laporan tidak ditemukan.")) from error
    extension, content_type = FILES[fmt]
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=True,
        filename=f"laporan-evaluasi-corpu-{report.year}.{extension}",
    )
    response["Cache-Control"] = "private, no-store"
    return response
