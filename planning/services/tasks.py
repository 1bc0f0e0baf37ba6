"""Tasks, reminders and deadlines of the IDP cycle (no shared notification app exists; ledger's notifications are
about JP entries only). A task is open until done; `send_reminders` e-mails the owners of open tasks due soon."""

import datetime

from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _

from corpu import user_cache
from corpu.mail import greeting_name, in_language_of

from ..models import Task

REMIND_DAYS_BEFORE = 3


def assign(user, kind, year, plan=None, due_on=None):
    """Give a user an open task (one per user, kind and plan); a new deadline replaces the old one."""
    if user is None:
        return None
    task, created = Task.objects.get_or_create(
        user=user, kind=kind, plan=plan, year=year, done_at=None, defaults={"due_on": due_on}
    )
    if not created and due_on and task.due_on != due_on:
        task.due_on = due_on
        task.save(update_fields=["due_on"])
    return task


def complete(kind, plan=None, user=None, year=None):
    """Close the open tasks of this kind (for a plan, a user and/or a year)."""
    tasks = Task.objects.filter(kind=kind, done_at__isnull=True)
    if plan is not None:
        tasks = tasks.filter(plan=plan)
    if user is not None:
        tasks = tasks.filter(user=user)
    if year is not None:
        tasks = tasks.filter(year=year)
    user_cache.user_changed(*tasks.values_list("user_id", flat=True))
    return tasks.update(done_at=timezone.now())


def open_tasks(user):
    """A user's open tasks, soonest deadline first (for a "Tugas saya" list: one query)."""
    return list(Task.objects.filter(user=user, done_at__isnull=True).select_related("plan").order_by("due_on", "id"))


def send_reminders(today=None):
    """E-mail each open task due within REMIND_DAYS_BEFORE days (or overdue), at most once a day; returns how
    many reminders went out."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REMIND_DAYS_BEFORE)
    due = (
        Task.objects.filter(done_at__isnull=True, due_on__isnull=False, due_on__lte=horizon)
        .exclude(last_reminded_on=today)
        .select_related("user")
    )
    sent = 0
    for task in due:
        if task.user.email and task.user.is_active:
            with in_language_of(task.user):
                subject = _("[CorpU] Pengingat IDP: %(task)s") % {"task": task.get_kind_display()}
                greeting = _("Yth. %(name)s,") % {"name": greeting_name(task.user)}
                details = _("Tugas: %(task)s\nTenggat: %(due)s\n\nBuka CorpU untuk menyelesaikannya.") % {
                    "task": task.get_kind_display(),
                    "due": task.due_on.strftime("%d/%m/%Y"),
                }
                body = f"{greeting}\n\n{details}"
            send_mail(subject, body, None, [task.user.email])
            sent += 1
        task.last_reminded_on = today
        task.save(update_fields=["last_reminded_on"])
    return sent
