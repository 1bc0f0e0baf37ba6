"""RPL pages: the employee's requests and form, one request (assess, complete, decide on it), the kelompok's
assessment queue and the CLO's decision queue. Every page asks the access policy."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from corpu.access import can_view_rpl, may_assess_rpl

from ..forms import RplAssessForm, RplDecisionForm, RplRequestForm, RplResubmitForm
from ..models import PlanRow, RplEvidence, RplRequest, RplState
from ..roles import is_coordinator
from ..services import rpl
from .common import refusal


def _own_rows(user):
    return PlanRow.objects.filter(plan__employee=user, section__in=rpl.FULFILLING_SECTIONS).select_related("plan")


def _form_choices():
    from ledger.models import Rulebook

    rulebook = Rulebook.active()
    if rulebook is None:
        return []
    return list(rulebook.rules.filter(available=True).order_by("label").values_list("form", "label"))


@login_required
def mine(request):
    """The visitor's requests and the form for a new one."""
    user = request.user
    rows = list(_own_rows(user).order_by("-plan__year", "section", "position"))
    form = RplRequestForm(request.POST or None, request.FILES or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        row = next((r for r in rows if r.pk == data["row"]), None)
        try:
            created = rpl.submit(
                user,
                data["competency"],
                data["description"],
                data["start_date"],
                data["end_date"],
                request.FILES.getlist("files"),
                row=row,
            )
        except (PermissionDenied, ValidationError) as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, _("Permohonan RPL diajukan; kelompok keahlian kompetensinya akan menilainya."))
            return redirect("planning:rpl_detail", pk=created.pk)
    return render(request, "planning/rpl_mine.html", {"form": form, "requests": list(rpl.own_requests(user))})


def _request_for(request, pk):
    found = get_object_or_404(
        RplRequest.objects.select_related("employee", "competency", "kelompok", "row__plan", "entry", "assessed_by"),
        pk=pk,
    )
    if not can_view_rpl(request.user, found):
        raise PermissionDenied
    return found


@login_required
def detail(request, pk):
    """One request with the step the visitor may take on it."""
    found = _request_for(request, pk)
    user = request.user
    roles = {
        "assess": may_assess_rpl(user, found),
        "decide": is_coordinator(user) and user.pk != found.employee_id,
        "complete": user.pk == found.employee_id,
    }
    may_assess = roles["assess"] and found.state == RplState.SUBMITTED
    may_decide = roles["decide"] and found.state == RplState.ASSESSED
    may_complete = roles["complete"] and found.state == RplState.MORE_INFO
    forms = {
        "assess": RplAssessForm(prefix="assess"),
        "decide": RplDecisionForm(prefix="decide", form_choices=_form_choices()),
        "complete": RplResubmitForm(prefix="complete", initial={"description": found.description}),
    }
    step = request.POST.get("step")
    allowed = {"assess": may_assess, "decide": may_decide, "complete": may_complete}
    if request.method == "POST":
        if not roles.get(step):
            raise PermissionDenied
        if not allowed[step]:  # e.g. a second click after the decision: show where the request is now
            messages.info(
                request, _("Permohonan ini sudah berpindah tahap: %(state)s.") % {"state": found.get_state_display()}
            )
            return redirect("planning:rpl_detail", pk=found.pk)
        form = type(forms[step])(
            request.POST, request.FILES, prefix=step, **({"form_choices": _form_choices()} if step == "decide" else {})
        )
        forms[step] = form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if step == "assess":
                    rpl.assess(found, user, data["recommendation"], data["notes"])
                elif step == "decide":
                    rpl.decide(found, user, data["approve"], data["jp"], data["form"], data["notes"])
                else:
                    rpl.resubmit(found, user, data["description"], request.FILES.getlist("complete-files"))
            except (PermissionDenied, ValidationError) as error:
                form.add_error(None, refusal(error))
            else:
                messages.success(request, _("Permohonan RPL diperbarui."))
                return redirect("planning:rpl_detail", pk=found.pk)
    context = {
        "rpl": found,
        "evidence": list(found.evidence.all()),
        "may_assess": may_assess,
        "may_decide": may_decide,
        "may_complete": may_complete,
        **{f"{name}_form": form for name, form in forms.items()},
    }
    return render(request, "planning/rpl_detail.html", context)


@login_required
def evidence(request, pk, file_pk):
    """One evidence file, for those who may open its request."""
    found = _request_for(request, pk)
    item = get_object_or_404(RplEvidence, pk=file_pk, request=found)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Berkas bukti tidak ditemukan.")) from error
    content_type = mimetypes.guess_type(item.file.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type, filename=item.file.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def assessment_queue(request):
    """The requests waiting for the visitor's kelompok keahlian."""
    queue = list(rpl.assessment_queue(request.user))
    return render(request, "planning/rpl_queue.html", {"queue": queue, "title": _("Penilaian permohonan RPL")})


@login_required
def decision_queue(request):
    """The assessed requests waiting for the CLO."""
    if not is_coordinator(request.user):
        raise PermissionDenied
    queue = list(rpl.decision_queue(request.user))
    return render(request, "planning/rpl_queue.html", {"queue": queue, "title": _("Keputusan permohonan RPL")})
