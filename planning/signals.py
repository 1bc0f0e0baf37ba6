"""Planning reacts to the ledger's `entry_recorded` signal rather than courses calling planning: a course
completion is posted by courses through ledger.record_activity, and neither courses nor the ledger need to know
that IDPs exist. The receiver runs in the posting's transaction, so a completion and its link land together."""

from django.apps import apps
from django.dispatch import receiver

from ledger.signals import entry_recorded

from .services.realised import follow_correction, link_completion


@receiver(entry_recorded, dispatch_uid="planning_link_course_completion")
def link_course_completion(sender, entry, **kwargs):
    """A new course completion is linked to its one matching row; a correction takes over its entry's links."""
    link_completion(entry)
    follow_correction(entry)


if apps.is_installed("evaluation"):
    from evaluation.services.behaviour import behaviour_assessed

    @receiver(behaviour_assessed, dispatch_uid="planning_behaviour_into_next_idp")
    def behaviour_into_next_idp(sender, task, **kwargs):
        """A supervisor's behaviour evaluation reaches B 3.2 of the employee's next-year IDP while it is a draft."""
        from django.utils import timezone

        from .services.drafting import refresh_after_evaluation

        refresh_after_evaluation(task.employee, timezone.localdate(task.assessed_at).year)
