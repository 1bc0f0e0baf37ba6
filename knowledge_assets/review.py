"""Revidu: the pages whose workflow task awaits this user's review, and the user's own submissions in review.

Who may open the page is the policy's (`corpu.access.may_open_revidu`); who may review a task is Wagtail's own
rule (`TaskState.objects.reviewable_by`: each active task's `get_task_states_user_can_moderate`, i.e. for "Revidu
pakar" the ketua of the asset's kelompok keahlian and the named experts). The queries do not grow with the
number of items: one per active task, then one for the task states and one for their pages.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F
from django.urls import reverse
from wagtail.models import Page, TaskState, WorkflowState, get_default_page_content_type


@dataclass(frozen=True)
class ReviewItem:
    title: str
    kelompok: str
    task: str
    requested_by: str
    started_at: datetime
    review_url: str
    preview_url: str


def _pages(object_ids):
    """id → page row (title, owning kelompok keahlian's name when it is an asset), one query."""
    rows = Page.objects.filter(pk__in=object_ids).annotate(kelompok=F("knowledgeassetpage__owner_kelompok__nama"))
    return {page.pk: page for page in rows.only("id", "title")}


def _requester(state):
    user = state.requested_by
    return (user.get_full_name() or user.get_username()) if user else ""


def _items(task_states, states_of):
    task_states = list(task_states)
    pages = _pages([int(states_of(ts).object_id) for ts in task_states])
    items = []
    for ts in task_states:
        state = states_of(ts)
        page = pages.get(int(state.object_id))
        if page is None:  # the page was deleted while in review
            continue
        items.append(
            ReviewItem(
                title=page.title,
                kelompok=page.kelompok or "",
                task=ts.task.name,
                requested_by=_requester(state),
                started_at=ts.started_at,
                review_url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
                preview_url=reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, ts.task_id]),
            )
        )
    return items


def awaiting_review(user):
    """The pages waiting for this user's review, oldest request first."""
    states = (
        TaskState.objects.reviewable_by(user)
        .filter(workflow_state__base_content_type=get_default_page_content_type())
        .select_related("task", "workflow_state", "workflow_state__requested_by")
        .order_by("started_at", "pk")
    )
    return _items(states, lambda ts: ts.workflow_state)


def submitted_by(user):
    """The user's own pages still in review, with the task they wait at, newest first."""
    workflow_states = (
        WorkflowState.objects.active()
        .filter(requested_by=user, base_content_type=get_default_page_content_type())
        .exclude(current_task_state=None)
        .select_related("requested_by", "current_task_state", "current_task_state__task")
        .order_by("-current_task_state__started_at", "-pk")
    )
    task_states = []
    for state in workflow_states:
        task_state = state.current_task_state
        task_state.workflow_state = state
        task_states.append(task_state)
    return _items(task_states, lambda ts: ts.workflow_state)
