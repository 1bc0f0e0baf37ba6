"""The minutes (notulen) of a learning forum as a PDF (Balangan Perbup 68/2025 art. 17–18): the meeting, who was
invited and who came, the agenda and minutes text, and each decision with the Formulir 2 rows it answers and the
programme an accepted need created. A constant number of queries whatever the forum's size."""

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ..models import Verification


def minutes_context(forum):
    """What the minutes show, as plain values: header, participants with counts, decisions. Four queries."""
    participants = list(forum.participants.select_related("user").order_by("id"))
    rows = Verification.objects.select_related("row__plan", "row__competency").order_by("row__plan__nama", "pk")
    decisions = list(
        forum.decisions.select_related("programme").prefetch_related(
            Prefetch("verifications", queryset=rows), "programme__target_units"
        )
    )
    present = sum(1 for p in participants if p.attended)
    return {
        "forum": forum,
        "held_at": timezone.localtime(forum.held_at),
        "participants": participants,
        "counts": {"invited": len(participants), "present": present, "absent": len(participants) - present},
        "decisions": [_decision(d) for d in decisions],
        "printed_at": timezone.localtime(),
        "lang": translation.get_language() or "id",
    }


def _decision(decision):
    programme = getattr(decision, "programme", None)  # a missing reverse one-to-one raises an AttributeError
    return {
        "kind": decision.get_kind_display(),
        "moved_to": decision.get_moved_to_display() if decision.moved_to else "",
        "reason": decision.reason,
        "follow_up": decision.follow_up,
        "rows": [
            {
                "employee": v.row.plan.nama or "—",
                "competency": v.row.competency_name,
                "development": v.development or v.source,
            }
            for v in decision.verifications.all()
        ],
        "programme": programme and _programme(programme),
    }


def _programme(item):
    return {
        "title": item.title,
        "objective": item.objective,
        "method": item.get_method_display(),
        "delivery": item.get_delivery_display(),
        "organiser": item.organiser,
        "facilitators": item.facilitators,
        "targets": [u.nama for u in item.target_units.all()] + item.positions,
        "starts_on": item.starts_on,
        "ends_on": item.ends_on,
    }


def minutes_html(forum):
    return render_to_string("planning/forum_minutes_pdf.html", minutes_context(forum))


def minutes_pdf(forum):
    """The minutes as PDF bytes (weasyprint)."""
    from weasyprint import HTML

    return HTML(string=minutes_html(forum)).write_pdf()
