"""Maturity pages: the overview with the radar chart per year, and one year's assessment (draft form or read-only)."""

import mimetypes

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from corpu.access import can_view_maturity, may_record_evaluation

from ..models import ElementRating, MaturityAssessment, MaturityLevel
from ..services import maturity


class RatingForm(forms.Form):
    level = forms.TypedChoiceField(
        label=gettext_lazy("Tingkat"),
        choices=[("", "—"), *MaturityLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    evidence = forms.CharField(
        label=gettext_lazy("Bukti dan alasan"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    evidence_file = forms.FileField(label=gettext_lazy("Berkas bukti (PDF/JPG/PNG, opsional)"), required=False)


class SubmitForm(forms.Form):
    summary = forms.CharField(
        label=gettext_lazy("Kesimpulan dan tindak lanjut"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


def _require_view(request):
    if not can_view_maturity(request.user):
        raise PermissionDenied


@login_required
def overview(request):
    """Every year's assessment, the radar chart of all years, and the latest year's change per element."""
    _require_view(request)
    assessments = list(MaturityAssessment.objects.order_by("-year"))
    years = [a.year for a in assessments]
    latest = years[0] if years else None
    context = {
        "assessments": assessments,
        "chart": maturity.radar(years),
        "comparison": maturity.comparison(latest) if latest else [],
        "latest": latest,
        "may_edit": may_record_evaluation(request.user),
        "this_year": timezone.localdate().year,
        "has_this_year": timezone.localdate().year in years,
    }
    return render(request, "evaluation/maturity_overview.html", context)


@login_required
def start(request):
    """The CLO opens this year's draft (POST)."""
    if request.method != "POST" or not may_record_evaluation(request.user):
        raise PermissionDenied
    assessment = maturity.start(request.user, timezone.localdate().year)
    return redirect("evaluation:maturity_year", year=assessment.year)


@login_required
def assessment(request, year):
    """One year: per element the level, evidence and platform figures; the CLO edits a draft and submits it."""
    _require_view(request)
    found = get_object_or_404(MaturityAssessment, year=year)
    may_edit = may_record_evaluation(request.user) and not found.submitted
    ratings = list(found.ratings.all())
    forms_by_pk = {
        r.pk: RatingForm(prefix=f"r{r.pk}", initial={"level": r.level, "evidence": r.evidence}) for r in ratings
    }
    submit_form = SubmitForm(initial={"summary": found.summary})
    if request.method == "POST":
        if not may_record_evaluation(request.user):
            raise PermissionDenied
        if found.submitted:
            messages.info(request, _("Penilaian ini sudah diajukan dan tidak dapat diubah."))
            return redirect("evaluation:maturity_year", year=year)
        step = request.POST.get("step", "")
        try:
            if step == "submit":
                submit_form = SubmitForm(request.POST)
                if submit_form.is_valid():
                    maturity.submit(request.user, found, submit_form.cleaned_data["summary"])
                    messages.success(request, _("Penilaian kematangan %(year)s diajukan.") % {"year": year})
                    return redirect("evaluation:maturity_year", year=year)
            else:
                rating = next((r for r in ratings if f"rate-{r.pk}" == step), None)
                if rating is None:
                    raise Http404
                form = RatingForm(request.POST, request.FILES, prefix=f"r{rating.pk}")
                forms_by_pk[rating.pk] = form
                if form.is_valid():
                    data = form.cleaned_data
                    try:
                        maturity.rate(request.user, rating, data["level"], data["evidence"], data["evidence_file"])
                    except ValidationError as error:
                        form.add_error(None, error)
                    else:
                        messages.success(
                            request, _("Elemen %(element)s disimpan.") % {"element": rating.get_element_display()}
                        )
                        return redirect(f"{request.path}#elemen-{rating.element}")
        except ValidationError as error:
            submit_form.add_error(None, error)
    figures = maturity.element_figures(found)
    comparison = {row["element"]: row for row in maturity.comparison(year)}
    elements = [
        {
            "rating": r,
            "form": forms_by_pk[r.pk],
            "figures": figures.get(r.element, []),
            "change": comparison[r.element],
        }
        for r in ratings
    ]
    context = {
        "assessment": found,
        "elements": elements,
        "may_edit": may_edit,
        "submit_form": submit_form,
        "comparison": list(comparison.values()),
        "chart": maturity.radar([year - 1, year]),
        "levels": MaturityLevel.choices,
    }
    return render(request, "evaluation/maturity_assessment.html", context)


@login_required
def evidence(request, pk):
    """One element's evidence file, for the CLO and the Dewan Pengarah."""
    _require_view(request)
    rating = get_object_or_404(ElementRating, pk=pk)
    if not rating.evidence_file:
        raise Http404
    try:
        handle = rating.evidence_file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Berkas bukti tidak ditemukan.")) from error
    name = rating.evidence_file.name
    response = FileResponse(handle, content_type=mimetypes.guess_type(name)[0] or "application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{name.rsplit("/", 1)[-1]}"'
    response["Cache-Control"] = "private, no-store"
    return response
