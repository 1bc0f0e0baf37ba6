"""Reaction survey pages: answer a survey (participants), the surveys awaiting me, and one activity's anonymous
results (its facilitators / owner, the CLO, the Dewan Pengarah)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from corpu.access import can_see_activity_evaluation

from ..models import TargetKind
from ..services import reaction


def activity_or_404(kind, pk):
    """The activity a URL names: /evaluasi/reaksi/<kursus|sesi|program|kegiatan>/<id>/."""
    if kind not in TargetKind.values:
        raise Http404
    model = reaction.models_by_kind()[TargetKind(kind)]
    queryset = model.objects.live() if kind == TargetKind.COURSE else model.objects.all()
    return get_object_or_404(queryset, pk=pk)


def _label(kind, obj):
    return f"{TargetKind(kind).label}: {obj.title}"


@login_required
def answer(request, kind, pk):
    """The survey form of one activity for a participant; courses ask theirs on the course page."""
    obj = activity_or_404(kind, pk)
    if kind == TargetKind.COURSE:
        return redirect(obj.url)
    state = reaction.survey_state(request.user, obj)
    if state is None:
        raise PermissionDenied(_("Hanya peserta kegiatan ini yang dapat mengisi survei reaksinya."))
    form = state.get("form")
    if request.method == "POST" and not state["answered"]:
        try:
            reaction.submit(request.user, obj, request.POST)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            form = getattr(error, "form", form)
        else:
            messages.success(request, _("Terima kasih atas penilaian Anda."))
            return redirect("evaluation:reaction_mine")
    return render(
        request,
        "evaluation/reaction_answer.html",
        {"obj": obj, "label": _label(kind, obj), "state": state, "form": form},
    )


@login_required
def mine(request):
    """The CoP sessions, programmes and external activities whose survey awaits my answer."""
    return render(request, "evaluation/reaction_mine.html", {"pending": reaction.pending_for(request.user)})


@login_required
def results(request, kind, pk):
    obj = activity_or_404(kind, pk)
    if not can_see_activity_evaluation(request.user, kind, obj):
        raise PermissionDenied(_("Hasil evaluasi kegiatan ini hanya untuk fasilitator, CLO dan Dewan Pengarah."))
    target = reaction.target_of(obj)
    data = reaction.results(target)
    chart = [
        {
            "id": f"chart-q{item['question'].pk}",
            "labels": [o for o, _n in item["options"]],
            "values": [n for _o, n in item["options"]],
        }
        for item in data["items"]
        if item["question"].kind == "likert"
    ]
    return render(
        request,
        "evaluation/reaction_results.html",
        {"obj": obj, "kind": kind, "label": _label(kind, obj), "target": target, "data": data, "chart": chart},
    )
