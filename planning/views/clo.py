"""The CLO's page: the dialogue windows, sending agreed plans to verification, and the recap per level with a
decision (organiser, level) per line."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..forms import DecisionForm, WindowForm
from ..lan import CLO_RECAP_HEADERS, CLO_RECAP_TITLES, Level, Method
from ..models import Decision, DialogueWindow, Plan, PlanState
from ..roles import is_coordinator
from ..services import dialogue, recap, verification
from .common import refusal, year_of


def _require_coordinator(request):
    if not is_coordinator(request.user):
        raise PermissionDenied


def _prefix(key):
    """One form prefix per recap line (its first verification id), so the page's field ids stay unique."""
    return "d" + key.split(",")[0].strip()


@login_required
def recap_page(request):
    """Windows, plan counts per state, and the recap lines of the year per level. A constant number of queries."""
    _require_coordinator(request)
    year = year_of(request)
    window_form = WindowForm()
    failed_line = None
    if request.method == "POST":
        action = request.POST.get("action")
        back = f"{request.path}?tahun={year}"
        try:
            if action == "window":
                window_form = WindowForm(request.POST)
                if window_form.is_valid():
                    dialogue.open_window(request.user, year, **window_form.cleaned_data)
                    messages.success(request, _("Jadwal dialog kinerja disimpan."))
                    return redirect(back)
                messages.error(request, _("Jadwal belum disimpan; periksa tanggalnya."))
            elif action == "start":
                count = verification.start_verification(request.user, year)
                messages.success(request, _("%(n)d IDP dikirim ke verifikasi.") % {"n": count})
                return redirect(back)
            elif action == "decide":
                key = request.POST.get("verifications", "")
                form = DecisionForm(request.POST, prefix=_prefix(key))
                ids = [int(i) for i in key.split(",") if i.strip().isdigit()]
                if form.is_valid():
                    verification.decide(request.user, year, ids, **form.cleaned_data)
                    messages.success(request, _("Keputusan dicatat; baris D IDP terkait diperbarui."))
                    return redirect(back)
                failed_line = (key, form)
                messages.error(request, _("Keputusan belum disimpan; pilih level dan isi penyelenggara."))
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, refusal(error))
            return redirect(back)
    lines = recap.clo_recap(year)
    decisions = Decision.objects.in_bulk({d for line in lines for d in line.decision_ids})
    method_labels = dict(Method.choices)
    levels = []
    for level in recap.LEVEL_ORDER:
        items = []
        for line in (x for x in lines if x.level == level):
            key = ",".join(map(str, line.verification_ids))
            decided = [decisions[d] for d in line.decision_ids if d in decisions]
            if failed_line and failed_line[0] == key:
                form = failed_line[1]
            else:
                last = decided[-1] if decided else None
                form = DecisionForm(
                    prefix=_prefix(key),
                    initial={"level": last.level if last else level, "organiser": last.organiser if last else ""},
                )
            items.append(
                {
                    "line": line,
                    "key": key,
                    "method": method_labels.get(line.method, line.method),
                    "decided": decided,
                    "form": form,
                }
            )
        levels.append(
            {"level": level, "title": CLO_RECAP_TITLES[level], "headers": CLO_RECAP_HEADERS[level], "items": items}
        )
    counts = dict(Plan.objects.filter(year=year).values_list("state").annotate(n=Count("pk")))
    states = [(label, counts.get(value, 0)) for value, label in PlanState.choices]
    context = {
        "year": year,
        "windows": list(DialogueWindow.objects.filter(year=year)),
        "window_form": window_form,
        "states": states,
        "agreed": counts.get(PlanState.AGREED, 0),
        "levels": levels,
        "unverified": verification.verifications_for(request.user, year).filter(verified_at__isnull=True).count(),
        "level_labels": dict(Level.choices),
    }
    return render(request, "planning/recap.html", context)
