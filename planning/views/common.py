"""What the IDP views share: the year asked for, the plan a visitor may open, refusals as messages."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from corpu.access import plan_access

from ..models import Plan, PlanState


def year_of(request):
    try:
        return int(request.GET.get("tahun") or request.POST.get("tahun") or "")
    except ValueError:
        return timezone.localdate().year


def plan_for(request, pk):
    """(plan, PlanAccess) for a visitor allowed to open it; 403 otherwise (the same for a missing plan's id is 404)."""
    plan = get_object_or_404(Plan.objects.select_related("employee", "supervisor", "unit"), pk=pk)
    access = plan_access(request.user, plan)
    if not access:
        raise PermissionDenied
    return plan, access


def may_edit_rows(plan, user):
    """The employee while a draft, the supervisor during the dialogue (the drafting service's rule)."""
    if plan.state == PlanState.DRAFT:
        return user.pk == plan.employee_id
    return plan.state == PlanState.SUBMITTED and user.pk == plan.supervisor_id


def refusal(error):
    """A service refusal as one message."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("Anda tidak berwenang melakukan tindakan ini.")
