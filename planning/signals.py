"""Planning reacts to the ledger's `entry_recorded` signal rather than courses calling planning: a course
completion is posted by courses through ledger.record_activity, and neither courses nor the ledger need to know
that IDPs exist. The receiver runs in the posting's transaction, so a completion and its link land together."""

from django.dispatch import receiver

from ledger.signals import entry_recorded

from .services.realised import follow_correction, link_completion


@receiver(entry_recorded, dispatch_uid="planning_link_course_completion")
def link_course_completion(sender, entry, **kwargs):
    """A new course completion is linked to its one matching row; a correction takes over its entry's links."""
    link_completion(entry)
    follow_correction(entry)
