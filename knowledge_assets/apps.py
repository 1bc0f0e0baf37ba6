from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeAssetsConfig(AppConfig):
    name = "knowledge_assets"
    verbose_name = _("Aset pengetahuan")

    def ready(self):
        from . import fragments

        narrow_review_notifications()
        fragments.connect()


def narrow_review_notifications():
    """Wagtail mails "submitted for review" to every member of a group approval task's groups, i.e. to every
    Ketua Kelompok Keahlian, which would reveal the title of another kelompok's internal asset. For the revidu
    task, keep only the users who may review this asset (the owning kelompok's ketua), and add the named experts."""
    from django.contrib.auth import get_user_model
    from wagtail.admin import signal_handlers

    notifier = signal_handlers.task_submission_email_notifier
    if getattr(notifier, "_corpu_narrowed", False):
        return
    original = notifier.get_recipient_users

    def get_recipient_users(task_state, **kwargs):
        from .models import KelompokReviewTask

        recipients = original(task_state, **kwargs)
        task = task_state.task.specific
        if not isinstance(task, KelompokReviewTask):
            return recipients
        asset = task_state.workflow_state.content_object
        experts = get_user_model().objects.filter(groups__in=task.expert_groups.all())
        triggering_user = kwargs.get("user")
        if triggering_user is not None:
            experts = experts.exclude(pk=triggering_user.pk)
        return {user for user in [*recipients, *experts] if task.may_review(asset, user)}

    notifier.get_recipient_users = get_recipient_users
    notifier._corpu_narrowed = True
